-- name: AiModelVersionLock :exec
-- Serialises the company's version changes (numbering, activation) for the rest of the transaction.
SELECT pg_advisory_xact_lock(hashtextextended('ai_model_versions:' || sqlc.arg(company_id)::uuid::text, 0));

-- name: AiModelVersionList :many
SELECT * FROM ai_model_versions WHERE company_id = @company_id ORDER BY number DESC;

-- name: AiModelVersionGet :one
SELECT * FROM ai_model_versions WHERE company_id = @company_id AND id = @id;

-- name: AiModelVersionGetActive :one
SELECT * FROM ai_model_versions WHERE company_id = @company_id AND status = 'active';

-- name: AiModelVersionNextNumber :one
SELECT (coalesce(max(number), 0) + 1)::integer FROM ai_model_versions WHERE company_id = @company_id;

-- name: AiModelVersionCreate :one
INSERT INTO ai_model_versions (company_id, number, name, system_prompt, response_style, primary_language, secondary_languages,
    cultural_context, temperature, max_tokens, weights, auto_reply, provider, model, notes, created_by)
VALUES (@company_id, @number, @name, @system_prompt, @response_style, @primary_language, @secondary_languages,
    @cultural_context, @temperature, @max_tokens, @weights, @auto_reply, @provider, @model, @notes, @created_by)
RETURNING *;

-- name: AiModelVersionUpdateDraft :one
UPDATE ai_model_versions
SET name = @name, system_prompt = @system_prompt, response_style = @response_style, primary_language = @primary_language,
    secondary_languages = @secondary_languages, cultural_context = @cultural_context, temperature = @temperature,
    max_tokens = @max_tokens, weights = @weights, auto_reply = @auto_reply, provider = @provider, model = @model,
    notes = @notes, updated_at = now()
WHERE company_id = @company_id AND id = @id AND status = 'draft'
RETURNING *;

-- name: AiModelVersionArchiveActive :execrows
UPDATE ai_model_versions SET status = 'archived', updated_at = now()
WHERE company_id = @company_id AND status = 'active';

-- name: AiModelVersionSetActive :one
UPDATE ai_model_versions
SET status = 'active', activated_at = now(), activated_by = @activated_by, updated_at = now()
WHERE company_id = @company_id AND id = @id
RETURNING *;

-- name: AiModelVersionDeleteDraft :execrows
DELETE FROM ai_model_versions
WHERE company_id = @company_id AND id = @id AND status = 'draft' AND activated_at IS NULL;

-- name: AiModelVersionOverview :one
-- The month's suggestions of the company (since @since): the share from templates and
-- from the model, the tokens spent, and how agents received the given version's suggestions
-- (a NULL version: those made with the built-in defaults).
SELECT
    count(*)::bigint AS suggestions,
    count(*) FILTER (WHERE source = 'template')::bigint AS template_suggestions,
    count(*) FILTER (WHERE source = 'model')::bigint AS model_suggestions,
    count(*) FILTER (WHERE source = 'model' AND version_id IS NOT DISTINCT FROM sqlc.narg(version_id)::uuid)::bigint AS version_suggestions,
    count(*) FILTER (WHERE source = 'model' AND version_id IS NOT DISTINCT FROM sqlc.narg(version_id)::uuid AND status IN ('sent', 'edited'))::bigint AS version_used,
    count(*) FILTER (WHERE source = 'model' AND version_id IS NOT DISTINCT FROM sqlc.narg(version_id)::uuid AND status <> 'suggested')::bigint AS version_decided,
    count(rating) FILTER (WHERE source = 'model' AND version_id IS NOT DISTINCT FROM sqlc.narg(version_id)::uuid)::bigint AS version_ratings,
    coalesce(sum(rating) FILTER (WHERE source = 'model' AND version_id IS NOT DISTINCT FROM sqlc.narg(version_id)::uuid), 0)::bigint AS version_rating_sum,
    -- Model tests spend the same monthly budget, so their tokens count here too.
    (coalesce(sum(input_tokens), 0) + (SELECT coalesce(sum(r.input_tokens), 0) FROM ai_test_runs r
        WHERE r.company_id = @company_id AND r.created_at >= @since))::bigint AS input_tokens,
    (coalesce(sum(output_tokens), 0) + (SELECT coalesce(sum(r.output_tokens), 0) FROM ai_test_runs r
        WHERE r.company_id = @company_id AND r.created_at >= @since))::bigint AS output_tokens,
    (coalesce(sum(cache_read_tokens), 0) + (SELECT coalesce(sum(r.cache_read_tokens), 0) FROM ai_test_runs r
        WHERE r.company_id = @company_id AND r.created_at >= @since))::bigint AS cache_read_tokens,
    (coalesce(sum(cache_write_tokens), 0) + (SELECT coalesce(sum(r.cache_write_tokens), 0) FROM ai_test_runs r
        WHERE r.company_id = @company_id AND r.created_at >= @since))::bigint AS cache_write_tokens
FROM ai_suggestions
WHERE company_id = @company_id AND created_at >= @since;
