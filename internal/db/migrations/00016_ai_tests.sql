-- +goose Up

-- Customer messages an admin keeps to test model versions against, each with
-- the language and the kind of customer it stands for.
CREATE TABLE ai_test_scenarios (
    company_id    uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    message       text NOT NULL CHECK (length(btrim(message)) BETWEEN 1 AND 2000),
    language      text NOT NULL DEFAULT 'auto' CHECK (language IN ('en', 'ms', 'zh', 'ta', 'auto')),
    customer_type text NOT NULL DEFAULT 'new' CHECK (customer_type IN ('new', 'price_sensitive', 'ready_to_buy', 'hesitant')),
    created_by    uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id)
);
CREATE UNIQUE INDEX ai_test_scenarios_name_idx ON ai_test_scenarios (company_id, lower(name));

-- Every test of the reply engine: the message, which path answered (a template
-- or a model version, which need not be the active one), and what it cost.
-- Their tokens count against the company's monthly AI budget like suggestions.
-- version_id has no foreign key: a tested draft may be deleted later, and the
-- run keeps its number.
CREATE TABLE ai_test_runs (
    company_id         uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    batch_id           uuid, -- runs started together (a batch, or both sides of a comparison)
    scenario_id        uuid,
    version_id         uuid, -- NULL: the built-in defaults
    version_number     integer NOT NULL DEFAULT 0,
    message            text NOT NULL CHECK (length(message) <= 2000),
    language           text NOT NULL CHECK (language IN ('en', 'ms', 'zh', 'ta', 'auto')),
    customer_type      text NOT NULL CHECK (customer_type IN ('new', 'price_sensitive', 'ready_to_buy', 'hesitant')),
    source             text NOT NULL CHECK (source IN ('template', 'model')),
    template_id        uuid,
    label              text NOT NULL DEFAULT '' CHECK (length(label) <= 300), -- "Template: <name>", "AI model v3", "offline"
    provider           text NOT NULL DEFAULT '' CHECK (length(provider) <= 50),
    model              text NOT NULL DEFAULT '' CHECK (length(model) <= 200),
    reply              text NOT NULL CHECK (length(reply) <= 20000),
    detected_language  text NOT NULL DEFAULT '' CHECK (length(detected_language) <= 10), -- of the customer message
    expected_language  text NOT NULL DEFAULT '' CHECK (length(expected_language) <= 10), -- chosen, else detected
    reply_language     text NOT NULL DEFAULT '' CHECK (length(reply_language) <= 10),
    language_match     boolean NOT NULL,
    latency_ms         integer NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
    input_tokens       bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens      bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cache_read_tokens  bigint NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
    cache_write_tokens bigint NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
    flags              text[] NOT NULL DEFAULT '{}', -- safety checks the model's draft failed
    created_by         uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, scenario_id) REFERENCES ai_test_scenarios (company_id, id) ON DELETE SET NULL (scenario_id),
    CHECK ((source = 'template') = (template_id IS NOT NULL))
);
-- History pages newest first; the monthly budget sums tokens by company and time.
CREATE INDEX ai_test_runs_created_idx ON ai_test_runs (company_id, created_at DESC, id DESC);
CREATE INDEX ai_test_runs_batch_idx ON ai_test_runs (company_id, batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX ai_test_runs_scenario_idx ON ai_test_runs (company_id, scenario_id) WHERE scenario_id IS NOT NULL;

ALTER TABLE ai_test_scenarios ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_test_scenarios FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_test_scenarios FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON ai_test_scenarios FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE ai_test_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_test_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_test_runs FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON ai_test_runs FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE ai_test_runs;
DROP TABLE ai_test_scenarios;
