-- name: AiSuggestionInsert :one
INSERT INTO ai_suggestions (company_id, id, conversation_id, message_id, source, template_id, version_id, ab_variant, provider,
    model, language, text, flags, latency_ms, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, created_by)
VALUES (@company_id, @id, @conversation_id, sqlc.narg('message_id'), @source, sqlc.narg('template_id'), sqlc.narg('version_id'),
    @ab_variant, @provider, @model, @language, @text, @flags, @latency_ms, @input_tokens, @output_tokens, @cache_read_tokens,
    @cache_write_tokens, sqlc.narg('created_by'))
RETURNING *;

-- name: AiSuggestionGet :one
SELECT * FROM ai_suggestions WHERE id = @id;

-- name: AiSuggestionGetForUpdate :one
SELECT * FROM ai_suggestions WHERE id = @id FOR UPDATE;

-- name: AiSuggestionLatest :one
-- The conversation's newest suggestion.
SELECT * FROM ai_suggestions WHERE company_id = @company_id AND conversation_id = @conversation_id
ORDER BY created_at DESC, id DESC LIMIT 1;

-- name: AiSuggestionMarkSent :one
UPDATE ai_suggestions SET status = @status, final_text = @final_text, sent_message_id = @sent_message_id, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: AiSuggestionMarkIgnored :one
UPDATE ai_suggestions SET status = 'ignored', updated_at = now()
WHERE id = @id AND status = 'suggested'
RETURNING *;

-- name: AiSuggestionRate :one
UPDATE ai_suggestions SET rating = @rating, rated_by = @rated_by, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: AiSuggestionBudget :one
-- The company's monthly AI token limit and the tokens its suggestions and model tests used since @since.
SELECT c.monthly_ai_token_limit AS token_limit,
       (coalesce((SELECT sum(s.input_tokens + s.output_tokens + s.cache_read_tokens + s.cache_write_tokens)
                  FROM ai_suggestions s WHERE s.company_id = c.id AND s.created_at >= @since), 0)
        + coalesce((SELECT sum(r.input_tokens + r.output_tokens + r.cache_read_tokens + r.cache_write_tokens)
                    FROM ai_test_runs r WHERE r.company_id = c.id AND r.created_at >= @since), 0))::bigint AS used
FROM companies c WHERE c.id = @company_id;

-- name: AiSuggestionCompanyNames :many
-- Every company's name, for the check that a reply never mentions another company (platform scope).
SELECT id, name FROM companies WHERE status <> 'deleting' AND length(name) >= 4
ORDER BY name LIMIT 5000;
