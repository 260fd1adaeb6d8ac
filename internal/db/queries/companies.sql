-- name: CompanyCreate :one
INSERT INTO companies (name, slug, plan, status, max_agents, monthly_message_limit, monthly_ai_token_limit)
VALUES (@name, @slug, @plan, @status, @max_agents, @monthly_message_limit, @monthly_ai_token_limit)
RETURNING *;

-- name: CompanyGet :one
SELECT * FROM companies WHERE id = @id;

-- name: CompanyGetForUpdate :one
SELECT * FROM companies WHERE id = @id FOR UPDATE;

-- name: CompanyGetBySlug :one
SELECT * FROM companies WHERE slug = @slug;

-- name: CompanyList :many
-- Newest first, keyset-paginated on (created_at, id).
SELECT * FROM companies
WHERE (sqlc.narg(status)::text IS NULL OR status = sqlc.narg(status))
  AND (sqlc.narg(query)::text IS NULL OR name ILIKE '%' || sqlc.narg(query) || '%' OR slug ILIKE '%' || sqlc.narg(query) || '%')
  AND (sqlc.narg(before_created)::timestamptz IS NULL OR (created_at, id) < (sqlc.narg(before_created), sqlc.narg(before_id)::uuid))
ORDER BY created_at DESC, id DESC
LIMIT @lim;

-- name: CompanyUpdateLimits :one
UPDATE companies SET
    name = @name, plan = @plan, max_agents = @max_agents,
    monthly_message_limit = @monthly_message_limit, monthly_ai_token_limit = @monthly_ai_token_limit,
    updated_at = now()
WHERE id = @id
RETURNING *;

-- name: CompanySetStatus :one
UPDATE companies SET status = @status, suspended_reason = @suspended_reason, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: CompanyRename :exec
UPDATE companies SET name = @name, updated_at = now() WHERE id = @id;

-- name: CompanySetLogo :exec
UPDATE companies SET logo_key = @logo_key, updated_at = now() WHERE id = @id;

-- name: CompanyDelete :execrows
DELETE FROM companies WHERE id = @id AND status = 'deleting';

-- name: CompanyCountByStatus :many
SELECT status, count(*)::bigint AS n FROM companies GROUP BY status;

-- name: CompanyRecent :many
SELECT * FROM companies ORDER BY created_at DESC, id DESC LIMIT @lim;

-- name: CompanyStatus :one
SELECT status FROM companies WHERE id = @id;
