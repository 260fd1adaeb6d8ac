-- name: AiTestRunInsert :one
INSERT INTO ai_test_runs (company_id, id, batch_id, scenario_id, version_id, version_number, message, language, customer_type,
    source, template_id, label, provider, model, reply, detected_language, expected_language, reply_language, language_match,
    latency_ms, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, flags, created_by)
VALUES (@company_id, @id, sqlc.narg('batch_id'), sqlc.narg('scenario_id'), sqlc.narg('version_id'), @version_number, @message,
    @language, @customer_type, @source, sqlc.narg('template_id'), @label, @provider, @model, @reply, @detected_language,
    @expected_language, @reply_language, @language_match, @latency_ms, @input_tokens, @output_tokens, @cache_read_tokens,
    @cache_write_tokens, @flags, sqlc.narg('created_by'))
RETURNING *;

-- name: AiTestRunPage :many
-- The company's test runs newest first, paged by (created_at, id) after the
-- cursor when given; batch, version and source filters are optional (NULL).
SELECT * FROM ai_test_runs
WHERE company_id = @company_id
  AND (sqlc.narg(batch)::uuid IS NULL OR batch_id = sqlc.narg(batch)::uuid)
  AND (sqlc.narg(version)::uuid IS NULL OR version_id = sqlc.narg(version)::uuid)
  AND (sqlc.narg(run_source)::text IS NULL OR source = sqlc.narg(run_source)::text)
  AND (sqlc.narg(after_at)::timestamptz IS NULL
       OR (created_at, id) < (sqlc.narg(after_at)::timestamptz, sqlc.narg(after_id)::uuid))
ORDER BY created_at DESC, id DESC
LIMIT @row_limit;
