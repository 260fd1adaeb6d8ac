-- name: AiAbTestCreate :one
INSERT INTO ai_ab_tests (company_id, name, version_a, version_b, split_a_pct, min_sample, started_by)
VALUES (@company_id, @name, @version_a, @version_b, @split_a_pct, @min_sample, sqlc.narg('started_by'))
RETURNING *;

-- name: AiAbTestGet :one
SELECT * FROM ai_ab_tests WHERE company_id = @company_id AND id = @id;

-- name: AiAbTestGetForUpdate :one
SELECT * FROM ai_ab_tests WHERE company_id = @company_id AND id = @id FOR UPDATE;

-- name: AiAbTestGetRunning :one
SELECT * FROM ai_ab_tests WHERE company_id = @company_id AND status = 'running';

-- name: AiAbTestList :many
SELECT * FROM ai_ab_tests WHERE company_id = @company_id ORDER BY started_at DESC, id DESC LIMIT 200;

-- name: AiAbTestStop :one
UPDATE ai_ab_tests SET status = 'stopped', stopped_by = sqlc.narg('stopped_by'), stopped_at = now()
WHERE company_id = @company_id AND id = @id AND status = 'running'
RETURNING *;

-- name: AiAbTestSetWinner :one
-- Stops the test if it is still running and records the promoted variant.
UPDATE ai_ab_tests
SET winner = @winner, status = 'stopped',
    stopped_by = CASE WHEN status = 'running' THEN sqlc.narg('stopped_by') ELSE stopped_by END,
    stopped_at = coalesce(stopped_at, now())
WHERE company_id = @company_id AND id = @id AND winner IS NULL
RETURNING *;

-- name: AiAbTestResults :many
-- Per variant, the model suggestions made while the test ran: how many, how many
-- agents sent (as is or edited), the ratings, and the distinct conversations
-- and how many of them ended won.
SELECT s.ab_variant AS variant,
       count(*)::bigint AS suggestions,
       count(*) FILTER (WHERE s.status IN ('sent', 'edited'))::bigint AS used,
       count(s.rating)::bigint AS ratings,
       coalesce(sum(s.rating), 0)::bigint AS rating_sum,
       count(DISTINCT s.conversation_id)::bigint AS conversations,
       count(DISTINCT s.conversation_id) FILTER (WHERE c.outcome = 'won')::bigint AS won
FROM ai_suggestions s
JOIN conversations c ON c.company_id = s.company_id AND c.id = s.conversation_id
WHERE s.company_id = @company_id AND s.source = 'model' AND s.ab_variant IN ('a', 'b')
  AND s.version_id IN (sqlc.arg(version_a)::uuid, sqlc.arg(version_b)::uuid)
  AND s.created_at >= @started_at AND (sqlc.narg(stopped_at)::timestamptz IS NULL OR s.created_at <= sqlc.narg(stopped_at)::timestamptz)
GROUP BY s.ab_variant;

-- name: AiAbTestUndoPromote :exec
-- Puts a test back as it was before a promotion whose activation failed.
UPDATE ai_ab_tests
SET winner = NULL, status = @status, stopped_by = sqlc.narg('stopped_by'), stopped_at = sqlc.narg('stopped_at')
WHERE company_id = @company_id AND id = @id;
