-- +goose Up

-- A company's AI model versions: the configuration the reply engine assembles a
-- context from. Drafts are edited; activating one archives the version it
-- replaces, so the history can be compared and reverted to.
CREATE TABLE ai_model_versions (
    company_id          uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    number              integer NOT NULL CHECK (number > 0),
    name                text NOT NULL DEFAULT '' CHECK (length(name) <= 100),
    status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
    system_prompt       text NOT NULL DEFAULT '' CHECK (length(system_prompt) <= 20000),
    response_style      text NOT NULL DEFAULT 'friendly' CHECK (response_style IN ('formal', 'casual', 'friendly', 'professional')),
    primary_language    text NOT NULL DEFAULT 'en' CHECK (primary_language IN ('en', 'ms', 'zh', 'ta')),
    secondary_languages text[] NOT NULL DEFAULT '{}',
    cultural_context    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(cultural_context) = 'object'),
    temperature         numeric(3, 2) NOT NULL DEFAULT 0.70 CHECK (temperature BETWEEN 0 AND 1),
    max_tokens          integer NOT NULL DEFAULT 500 CHECK (max_tokens BETWEEN 50 AND 4000),
    weights             jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(weights) = 'object'),
    auto_reply          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(auto_reply) = 'object'),
    provider            text NOT NULL DEFAULT '' CHECK (provider IN ('', 'anthropic', 'offline', 'openai-compatible')),
    model               text NOT NULL DEFAULT '' CHECK (length(model) <= 100),
    notes               text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    created_by          uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    activated_at        timestamptz,
    activated_by        uuid,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, number),
    -- Only a version that was ever activated can be active or archived.
    CHECK (status = 'draft' OR activated_at IS NOT NULL)
);
-- At most one active version per company: a second activation that did not
-- archive the first fails here rather than leaving two in use.
CREATE UNIQUE INDEX ai_model_versions_active_key ON ai_model_versions (company_id) WHERE status = 'active';

ALTER TABLE ai_model_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_model_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_model_versions FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON ai_model_versions FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE ai_model_versions;
