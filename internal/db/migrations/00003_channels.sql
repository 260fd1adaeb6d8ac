-- +goose Up

-- One row per company and channel: its encrypted credentials, webhook secrets
-- and what we last learned from the provider.
CREATE TABLE company_integrations (
    company_id                  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    channel                     text NOT NULL CHECK (channel IN ('telegram', 'whatsapp')),
    token_ciphertext            bytea,
    token_key_id                text NOT NULL DEFAULT '',
    token_hint                  text NOT NULL DEFAULT '' CHECK (length(token_hint) <= 4),
    base_url                    text NOT NULL DEFAULT '',
    bot_username                text NOT NULL DEFAULT '',
    device_phone                text NOT NULL DEFAULT '',
    device_state                text NOT NULL DEFAULT '',
    webhook_secret              text NOT NULL,
    previous_webhook_secret     text NOT NULL DEFAULT '',
    previous_secret_expires_at  timestamptz,
    signature_header            text NOT NULL DEFAULT '',
    status                      text NOT NULL DEFAULT 'not_configured'
                                CHECK (status IN ('not_configured', 'configured', 'connected', 'error', 'revoked')),
    webhook_registered          boolean NOT NULL DEFAULT false,
    pending_update_count        integer NOT NULL DEFAULT 0,
    last_ok_at                  timestamptz,
    last_error                  text NOT NULL DEFAULT '',
    last_error_at               timestamptz,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, channel)
);
CREATE INDEX company_integrations_key_idx ON company_integrations (token_key_id);

-- Who added, updated, tested, connected, revoked or regenerated what.
CREATE TABLE integration_audit (
    company_id    uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    channel       text NOT NULL,
    action        text NOT NULL,
    actor_user_id uuid,
    actor_email   text NOT NULL DEFAULT '',
    ip            text NOT NULL DEFAULT '',
    user_agent    text NOT NULL DEFAULT '',
    metadata      jsonb NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id)
);

-- Raw inbound calls, stored before processing; the unique provider event id
-- makes a redelivered webhook a no-op.
CREATE TABLE webhook_events (
    company_id        uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id                bigint GENERATED ALWAYS AS IDENTITY,
    channel           text NOT NULL CHECK (channel IN ('telegram', 'whatsapp')),
    provider_event_id text NOT NULL CHECK (length(provider_event_id) BETWEEN 1 AND 200),
    body              bytea NOT NULL,
    received_at       timestamptz NOT NULL DEFAULT now(),
    processed_at      timestamptz,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, channel, provider_event_id)
);

CREATE TABLE contacts (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    channel     text NOT NULL CHECK (channel IN ('telegram', 'whatsapp')),
    external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
    name        text NOT NULL DEFAULT '',
    phone       text NOT NULL DEFAULT '',
    username    text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, channel, external_id)
);

CREATE TABLE conversations (
    company_id        uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    contact_id        uuid NOT NULL,
    channel           text NOT NULL CHECK (channel IN ('telegram', 'whatsapp')),
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    assigned_agent_id uuid,
    last_message_at   timestamptz NOT NULL DEFAULT now(),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, contact_id) REFERENCES contacts (company_id, id) ON DELETE CASCADE
);
-- At most one open conversation per contact.
CREATE UNIQUE INDEX conversations_open_key ON conversations (company_id, contact_id) WHERE status = 'open';
CREATE INDEX conversations_recent_idx ON conversations (company_id, last_message_at DESC);

CREATE TABLE messages (
    company_id          uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id     uuid NOT NULL,
    direction           text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    kind                text NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'image', 'video', 'document', 'audio', 'voice', 'sticker', 'location', 'other')),
    body                text NOT NULL DEFAULT '',
    media_key           text NOT NULL DEFAULT '',
    media_name          text NOT NULL DEFAULT '',
    media_mime          text NOT NULL DEFAULT '',
    status              text NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'failed')),
    provider_message_id text NOT NULL DEFAULT '',
    error               text NOT NULL DEFAULT '',
    attempts            integer NOT NULL DEFAULT 0,
    sender_user_id      uuid,
    webhook_event_id    bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE
);
-- An inbound event becomes at most one message, however often its job runs.
CREATE UNIQUE INDEX messages_event_key ON messages (company_id, webhook_event_id) WHERE webhook_event_id IS NOT NULL;
CREATE INDEX messages_conversation_idx ON messages (company_id, conversation_id, created_at);

-- Recent webhook calls and outbound sends, with their outcome.
CREATE TABLE delivery_log (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    channel     text NOT NULL,
    direction   text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    status      text NOT NULL CHECK (status IN ('ok', 'duplicate', 'rejected', 'failed', 'retrying')),
    http_status integer NOT NULL DEFAULT 0,
    message_id  uuid,
    detail      text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id)
);
CREATE INDEX delivery_log_recent_idx ON delivery_log (company_id, created_at DESC);

-- Row-level security, as in 00001: tenant rows only under db.WithTenant; the platform scope reads.
ALTER TABLE company_integrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_integrations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON company_integrations FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON company_integrations FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE integration_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE integration_audit FORCE ROW LEVEL SECURITY;
-- Append-only, like audit_log: a tenant reads and adds, never changes.
CREATE POLICY tenant_read ON integration_audit FOR SELECT
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY tenant_insert ON integration_audit FOR INSERT
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON integration_audit FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_events FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON webhook_events FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contacts FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON contacts FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversations FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON conversations FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON messages FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON messages FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE delivery_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE delivery_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON delivery_log FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON delivery_log FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');


-- +goose Down
DROP TABLE delivery_log;
DROP TABLE messages;
DROP TABLE conversations;
DROP TABLE contacts;
DROP TABLE webhook_events;
DROP TABLE integration_audit;
DROP TABLE company_integrations;
