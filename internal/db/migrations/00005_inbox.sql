-- +goose Up

-- When a conversation got its current agent, and what it is about (matched
-- against agents' expertise tags when the company routes by expertise).
ALTER TABLE conversations
    ADD COLUMN assigned_at timestamptz,
    ADD COLUMN category    text NOT NULL DEFAULT '' CHECK (length(category) <= 100);
CREATE INDEX conversations_agent_idx ON conversations (company_id, assigned_agent_id, status);
-- The unassigned queue, longest waiting first.
CREATE INDEX conversations_unassigned_idx ON conversations (company_id, created_at)
    WHERE status = 'open' AND assigned_agent_id IS NULL;

-- Every assignment change of a conversation: from whom (NULL: the queue), to
-- whom (NULL: back to the queue), by whom (NULL: the rules), why.
CREATE TABLE conversation_assignments (
    company_id      uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id              bigint GENERATED ALWAYS AS IDENTITY,
    conversation_id uuid NOT NULL,
    from_agent_id   uuid,
    to_agent_id     uuid,
    by_user_id      uuid,
    reason          text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE
);
CREATE INDEX conversation_assignments_conversation_idx ON conversation_assignments (company_id, conversation_id, id);

-- A company's assignment rules. The row is also the lock every automatic
-- assignment of the company takes, so two instances never pass an agent's cap.
CREATE TABLE assignment_settings (
    company_id             uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    strategy               text NOT NULL DEFAULT 'manual'
                           CHECK (strategy IN ('manual', 'round_robin', 'least_workload')),
    max_open_per_agent     integer NOT NULL DEFAULT 0 CHECK (max_open_per_agent BETWEEN 0 AND 10000),
    match_expertise        boolean NOT NULL DEFAULT false,
    returning_to_previous  boolean NOT NULL DEFAULT false,
    reassign_after_minutes integer NOT NULL DEFAULT 0 CHECK (reassign_after_minutes BETWEEN 0 AND 10080),
    last_agent_id          uuid,
    updated_at             timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE conversation_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversation_assignments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversation_assignments FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON conversation_assignments FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE assignment_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignment_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON assignment_settings FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON assignment_settings FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE assignment_settings;
DROP TABLE conversation_assignments;
DROP INDEX conversations_unassigned_idx;
DROP INDEX conversations_agent_idx;
ALTER TABLE conversations DROP COLUMN category, DROP COLUMN assigned_at;
