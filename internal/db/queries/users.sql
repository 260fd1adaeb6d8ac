-- name: UserCreate :one
INSERT INTO users (company_id, name, email, password_hash, role, expertise, departments)
VALUES (@company_id, @name, @email, @password_hash, @role, @expertise, @departments)
RETURNING *;

-- name: UserGet :one
SELECT * FROM users WHERE id = @id;

-- name: UserGetByEmail :one
SELECT * FROM users WHERE lower(email) = lower(@email);

-- name: UserList :many
-- Rows visible to the transaction's scope, oldest first, optionally filtered.
SELECT * FROM users
WHERE (sqlc.narg(status)::text IS NULL OR status = sqlc.narg(status))
  AND (sqlc.narg(role)::text IS NULL OR role = sqlc.narg(role))
  AND (sqlc.narg(query)::text IS NULL OR name ILIKE '%' || sqlc.narg(query) || '%' OR email ILIKE '%' || sqlc.narg(query) || '%')
ORDER BY created_at, id;

-- name: UserListByCompanyRole :many
SELECT * FROM users WHERE company_id = @company_id AND role = @role ORDER BY created_at, id;

-- name: UserCountAgents :one
SELECT count(*)::integer FROM users WHERE role = 'company_user';

-- name: UserCountActiveAgents :one
SELECT count(*)::integer FROM users WHERE role = 'company_user' AND status = 'active';

-- name: UserCountByRole :many
SELECT role, count(*)::bigint AS n FROM users GROUP BY role;

-- name: UserCountByRoleForCompany :many
SELECT role, count(*)::bigint AS n FROM users WHERE company_id = @company_id GROUP BY role;

-- name: UserUpdateProfile :one
UPDATE users SET name = @name, email = @email, expertise = @expertise, departments = @departments, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: UserSetStatus :one
UPDATE users SET status = @status, updated_at = now() WHERE id = @id RETURNING *;

-- name: UserSetPassword :exec
UPDATE users SET password_hash = @password_hash, password_changed_at = now(), updated_at = now() WHERE id = @id;

-- name: UserTouchLogin :exec
UPDATE users SET last_login_at = now() WHERE id = @id;

-- name: UserDelete :execrows
DELETE FROM users WHERE id = @id;

-- name: UserListAgentWorkload :many
-- Every agent with their open conversations and when they last got one.
SELECT u.id, u.name, u.email, u.status, u.expertise, u.created_at,
       count(c.id) FILTER (WHERE c.status = 'open')::integer AS open_count,
       coalesce(max(c.assigned_at), 'epoch'::timestamptz)::timestamptz AS last_assigned_at
FROM users u
LEFT JOIN conversations c ON c.company_id = u.company_id AND c.assigned_agent_id = u.id
WHERE u.role = 'company_user'
GROUP BY u.id
ORDER BY u.created_at, u.id;
