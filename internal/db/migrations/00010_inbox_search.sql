-- +goose Up

-- Substring search (ILIKE '%…%') over contacts and message bodies uses trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A conversation's lead colour; NULL until lead scoring has rated it.
ALTER TABLE conversations ADD COLUMN lead_colour text NULL CHECK (lead_colour IN ('hot', 'warm', 'cold'));

-- The admin's conversation list pages by (last_message_at, id), newest first;
-- each filter that narrows the list a lot gets an index in the same order, so a
-- page reads only the rows it shows.
CREATE INDEX conversations_list_idx ON conversations (company_id, last_message_at DESC, id DESC);
DROP INDEX conversations_recent_idx;
CREATE INDEX conversations_list_agent_idx ON conversations (company_id, assigned_agent_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_list_status_idx ON conversations (company_id, status, last_message_at DESC, id DESC);
CREATE INDEX conversations_list_lead_idx ON conversations (company_id, lead_colour, last_message_at DESC, id DESC)
    WHERE lead_colour IS NOT NULL;

-- One expression covers every field the search box looks at; the list query
-- repeats it exactly so the planner can use the index.
CREATE INDEX contacts_inbox_search_idx ON contacts
    USING gin ((name || ' ' || phone || ' ' || username || ' ' || external_id) gin_trgm_ops);
CREATE INDEX messages_body_trgm_idx ON messages USING gin (body gin_trgm_ops);

-- +goose Down
DROP INDEX messages_body_trgm_idx;
DROP INDEX contacts_inbox_search_idx;
DROP INDEX conversations_list_lead_idx;
DROP INDEX conversations_list_status_idx;
DROP INDEX conversations_list_agent_idx;
CREATE INDEX conversations_recent_idx ON conversations (company_id, last_message_at DESC);
DROP INDEX conversations_list_idx;
ALTER TABLE conversations DROP COLUMN lead_colour;
