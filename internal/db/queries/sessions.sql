-- name: SessionCreate :one
INSERT INTO sessions (company_id, user_id, token_hash, csrf_token, ip, user_agent, expires_at)
VALUES (@company_id, @user_id, @token_hash, @csrf_token, @ip, @user_agent, @expires_at)
RETURNING *;

-- name: SessionResolve :one
-- The session, its user and company (if any), for a token hash.
SELECT s.id AS session_id, s.csrf_token, s.expires_at, s.last_seen_at, s.created_at,
       u.id AS user_id, u.company_id, u.name, u.email, u.role, u.status AS user_status,
       c.status AS company_status
FROM sessions s
JOIN users u ON u.id = s.user_id
LEFT JOIN companies c ON c.id = u.company_id
WHERE s.token_hash = @token_hash;

-- name: SessionTouch :exec
UPDATE sessions SET last_seen_at = now(), expires_at = @expires_at WHERE id = @id;

-- name: SessionDelete :exec
DELETE FROM sessions WHERE id = @id;

-- name: SessionDeleteByUser :execrows
DELETE FROM sessions WHERE user_id = @user_id;

-- name: SessionDeleteByUserExcept :execrows
DELETE FROM sessions WHERE user_id = @user_id AND id <> @keep_id;

-- name: SessionDeleteAll :execrows
-- Every session the transaction's scope can see (a tenant's, inside WithTenant).
DELETE FROM sessions;
