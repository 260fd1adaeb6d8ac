-- +goose Up

-- What the auto-reply decided for each customer message it acted on: answered,
-- handed off to a person, or sent the after-hours message. The key makes a
-- retried job answer a message at most once; the conversation's rows tell later
-- messages whether it was already handed off or greeted after hours.
CREATE TABLE ai_auto_replies (
    company_id       uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    message_id       uuid NOT NULL, -- the customer message acted on
    conversation_id  uuid NOT NULL,
    action           text NOT NULL CHECK (action IN ('answered', 'handoff', 'after_hours')),
    reason           text NOT NULL DEFAULT '' CHECK (length(reason) <= 50),
    confidence       smallint CHECK (confidence BETWEEN 0 AND 100),
    suggestion_id    uuid,
    reply_message_id uuid, -- the bot's message
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, message_id),
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE,
    FOREIGN KEY (company_id, message_id) REFERENCES messages (company_id, id) ON DELETE CASCADE
);
CREATE INDEX ai_auto_replies_conversation_idx ON ai_auto_replies (company_id, conversation_id, action, created_at DESC);

ALTER TABLE ai_auto_replies ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_auto_replies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_auto_replies FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON ai_auto_replies FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- The bot's own messages, so the thread can label them.
ALTER TABLE messages ADD COLUMN auto_reply boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE messages DROP COLUMN auto_reply;
DROP TABLE ai_auto_replies;
