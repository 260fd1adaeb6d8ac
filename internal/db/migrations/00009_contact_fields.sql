-- +goose Up

-- The extra fields a company keeps on its contacts (budget, birthday, source...).
-- A contact's values live in contacts.custom_values under the field's key.
CREATE TABLE contact_fields (
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    key        text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    type       text NOT NULL CHECK (type IN ('text', 'number', 'date', 'select')),
    options    text[] NOT NULL DEFAULT '{}',
    position   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, key)
);

-- Values by field key, each a string already checked against the field's type.
-- last_activity_at is the newest message of any of the contact's conversations
-- (kept by a trigger), so the contact list pages by it with an index.
ALTER TABLE contacts
    ADD COLUMN custom_values    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_values) = 'object'),
    ADD COLUMN last_activity_at timestamptz NOT NULL DEFAULT now();
UPDATE contacts c SET last_activity_at = greatest(c.created_at, coalesce(
    (SELECT max(v.last_message_at) FROM conversations v WHERE v.company_id = c.company_id AND v.contact_id = c.id), c.created_at));

-- A contact row locked by another transaction is skipped rather than waited for:
-- ingest locks the contact before the conversation and a reply the other way
-- round, so waiting could deadlock; the lock holder's own touch, or the next
-- message, brings the time up to date.
-- +goose StatementBegin
CREATE FUNCTION contacts_touch_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contacts SET last_activity_at = NEW.last_message_at
    WHERE company_id = NEW.company_id AND id = (
        SELECT c.id FROM contacts c
        WHERE c.company_id = NEW.company_id AND c.id = NEW.contact_id AND c.last_activity_at < NEW.last_message_at
        FOR UPDATE SKIP LOCKED);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER conversations_touch_contact AFTER INSERT OR UPDATE OF last_message_at ON conversations
    FOR EACH ROW EXECUTE FUNCTION contacts_touch_activity();

-- The contact list: newest activity first, narrowed by lead status (tags use
-- 00008's GIN index, the search box 00010's trigram index).
CREATE INDEX contacts_activity_idx ON contacts (company_id, last_activity_at DESC, id DESC);
CREATE INDEX contacts_lead_activity_idx ON contacts (company_id, lead_status, last_activity_at DESC, id DESC);
-- Agents reach contacts through their conversations.
CREATE INDEX conversations_contact_agent_idx ON conversations (company_id, contact_id, assigned_agent_id);

ALTER TABLE contact_fields ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_fields FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contact_fields FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON contact_fields FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP INDEX conversations_contact_agent_idx;
DROP INDEX contacts_lead_activity_idx;
DROP INDEX contacts_activity_idx;
DROP TRIGGER conversations_touch_contact ON conversations;
DROP FUNCTION contacts_touch_activity();
ALTER TABLE contacts DROP COLUMN last_activity_at, DROP COLUMN custom_values;
DROP TABLE contact_fields;
