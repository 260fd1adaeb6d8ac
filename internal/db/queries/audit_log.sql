-- name: AuditInsert :exec
INSERT INTO audit_log (company_id, actor_user_id, actor_email, action, target_type, target_id, ip, user_agent, metadata)
VALUES (@company_id, @actor_user_id, @actor_email, @action, @target_type, @target_id, @ip, @user_agent, @metadata);

-- name: AuditList :many
SELECT * FROM audit_log
WHERE (sqlc.narg(before_id)::bigint IS NULL OR id < sqlc.narg(before_id))
ORDER BY id DESC
LIMIT @lim;
