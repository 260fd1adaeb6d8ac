-- +goose Up

-- A/B tests of two model versions: the engine sends each conversation
-- deterministically to version A or B by split_a_pct, tags the suggestion with
-- the variant, and the results compare how agents received each. A company runs
-- at most one test at a time; a stopped test may name the winner it promoted.
-- The versions are not foreign keys: an A/B test is history and a draft it used
-- may still be deleted; the results then show the version as deleted.
CREATE TABLE ai_ab_tests (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    version_a   uuid NOT NULL,
    version_b   uuid NOT NULL,
    split_a_pct integer NOT NULL CHECK (split_a_pct BETWEEN 1 AND 99),
    status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'stopped')),
    min_sample  integer NOT NULL DEFAULT 100 CHECK (min_sample BETWEEN 1 AND 1000000),
    winner      text CHECK (winner IN ('a', 'b')),
    started_by  uuid,
    started_at  timestamptz NOT NULL DEFAULT now(),
    stopped_by  uuid,
    stopped_at  timestamptz,
    PRIMARY KEY (company_id, id),
    CHECK (version_a <> version_b),
    CHECK ((status = 'stopped') = (stopped_at IS NOT NULL)),
    CHECK (winner IS NULL OR status = 'stopped')
);
-- One running test per company: the engine must know which split applies.
CREATE UNIQUE INDEX ai_ab_tests_running_key ON ai_ab_tests (company_id) WHERE status = 'running';
CREATE INDEX ai_ab_tests_started_idx ON ai_ab_tests (company_id, started_at DESC);

ALTER TABLE ai_ab_tests ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_ab_tests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_ab_tests FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON ai_ab_tests FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE ai_ab_tests;
