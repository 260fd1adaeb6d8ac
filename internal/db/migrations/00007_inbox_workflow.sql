-- +goose Up

-- An agent asks to hand one of their conversations to a colleague (to_agent_id)
-- or to anyone (NULL); a company admin approves or declines it.
CREATE TABLE transfer_requests (
    company_id      uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL,
    from_agent_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_agent_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined', 'cancelled')),
    decided_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    decision_reason text NOT NULL DEFAULT '' CHECK (length(decision_reason) <= 500),
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE,
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- One pending request per conversation.
CREATE UNIQUE INDEX transfer_requests_pending_key ON transfer_requests (company_id, conversation_id) WHERE status = 'pending';
CREATE INDEX transfer_requests_recent_idx ON transfer_requests (company_id, created_at DESC, id);
CREATE INDEX transfer_requests_agent_idx ON transfer_requests (company_id, from_agent_id, created_at DESC);

-- What a user is told (an assignment, a transfer decision, a due reminder),
-- stored so the bell can show it later, not only pushed.
CREATE TABLE notifications (
    company_id      uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (length(kind) BETWEEN 1 AND 50),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    body            text NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
    conversation_id uuid,
    read_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_user_idx ON notifications (company_id, user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (company_id, user_id) WHERE read_at IS NULL;

-- A follow-up a user sets on a conversation: it shows in their tasks and
-- notifies them once when due.
CREATE TABLE reminders (
    company_id      uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL,
    contact_id      uuid NOT NULL,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    due_at          timestamptz NOT NULL,
    body            text NOT NULL DEFAULT '' CHECK (length(body) <= 1000),
    done_at         timestamptz,
    notified_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE,
    FOREIGN KEY (company_id, contact_id) REFERENCES contacts (company_id, id) ON DELETE CASCADE
);
CREATE INDEX reminders_user_idx ON reminders (company_id, user_id, due_at) WHERE done_at IS NULL;
-- The due-reminder job's scan across companies.
CREATE INDEX reminders_due_idx ON reminders (due_at) WHERE done_at IS NULL AND notified_at IS NULL;

ALTER TABLE transfer_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE transfer_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON transfer_requests FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON transfer_requests FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notifications FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON notifications FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reminders FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON reminders FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE reminders;
DROP TABLE notifications;
DROP TABLE transfer_requests;
