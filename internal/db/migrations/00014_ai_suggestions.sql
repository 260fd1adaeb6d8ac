-- +goose Up

-- Every reply the engine suggested in a conversation: where it came from (a
-- success-case template or the company's model version, with its A/B variant),
-- what it cost, and what the agent did with it. The month's token sum per
-- company is the AI budget.
CREATE TABLE ai_suggestions (
    company_id         uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id    uuid NOT NULL,
    message_id         uuid, -- the customer message answered
    source             text NOT NULL CHECK (source IN ('template', 'model')),
    template_id        uuid,
    version_id         uuid,
    ab_variant         text NOT NULL DEFAULT '' CHECK (length(ab_variant) <= 50),
    provider           text NOT NULL DEFAULT '' CHECK (length(provider) <= 50),
    model              text NOT NULL DEFAULT '' CHECK (length(model) <= 200),
    language           text NOT NULL DEFAULT '' CHECK (length(language) <= 10),
    text               text NOT NULL CHECK (length(text) <= 20000),
    final_text         text NOT NULL DEFAULT '' CHECK (length(final_text) <= 20000), -- what was sent
    flags              text[] NOT NULL DEFAULT '{}', -- safety checks the model's draft failed
    latency_ms         integer NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
    input_tokens       bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens      bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cache_read_tokens  bigint NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
    cache_write_tokens bigint NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
    status             text NOT NULL DEFAULT 'suggested' CHECK (status IN ('suggested', 'sent', 'edited', 'ignored')),
    sent_message_id    uuid,
    rating             smallint CHECK (rating BETWEEN 1 AND 5),
    rated_by           uuid,
    created_by         uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE,
    CHECK ((source = 'template') = (template_id IS NOT NULL))
);
CREATE INDEX ai_suggestions_conversation_idx ON ai_suggestions (company_id, conversation_id, created_at DESC);
-- The monthly budget sums tokens by company and time.
CREATE INDEX ai_suggestions_created_idx ON ai_suggestions (company_id, created_at);
CREATE INDEX ai_suggestions_version_idx ON ai_suggestions (company_id, version_id, ab_variant) WHERE version_id IS NOT NULL;

ALTER TABLE ai_suggestions ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_suggestions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_suggestions FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON ai_suggestions FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE ai_suggestions;
