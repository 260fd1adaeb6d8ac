-- +goose Up

-- The next free send slot per pacing key (a Telegram chat, a bot, an OnSend
-- device), shared by every instance so N instances together keep the
-- providers' limits.
CREATE TABLE send_pacing (
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    key        text NOT NULL,
    next_at    timestamptz NOT NULL,
    PRIMARY KEY (company_id, key)
);
ALTER TABLE send_pacing ENABLE ROW LEVEL SECURITY;
ALTER TABLE send_pacing FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON send_pacing FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON send_pacing FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE send_pacing;
