-- name: IntegrationAuditInsert :exec
INSERT INTO integration_audit (company_id, channel, action, actor_user_id, actor_email, ip, user_agent, metadata)
VALUES (@company_id, @channel, @action, @actor_user_id, @actor_email, @ip, @user_agent, @metadata);

-- name: IntegrationAuditList :many
SELECT * FROM integration_audit ORDER BY id DESC LIMIT @lim;
