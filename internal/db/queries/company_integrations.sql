-- name: IntegrationGet :one
SELECT * FROM company_integrations WHERE channel = @channel;

-- name: IntegrationGetForUpdate :one
SELECT * FROM company_integrations WHERE channel = @channel FOR UPDATE;

-- name: IntegrationList :many
SELECT * FROM company_integrations ORDER BY channel;

-- name: IntegrationEnsure :one
INSERT INTO company_integrations (company_id, channel, webhook_secret)
VALUES (@company_id, @channel, @webhook_secret)
ON CONFLICT (company_id, channel) DO UPDATE SET updated_at = company_integrations.updated_at
RETURNING *;

-- name: IntegrationSetToken :one
UPDATE company_integrations
SET token_ciphertext = @token_ciphertext, token_key_id = @token_key_id, token_hint = @token_hint, base_url = @base_url,
    status = 'configured', bot_username = '', device_phone = '', device_state = '', webhook_registered = false,
    last_error = '', last_error_at = NULL, updated_at = now()
WHERE channel = @channel
RETURNING *;

-- name: IntegrationReencrypt :exec
UPDATE company_integrations
SET token_ciphertext = @token_ciphertext, token_key_id = @token_key_id
WHERE channel = @channel AND token_key_id = @old_key_id;

-- name: IntegrationListStaleKeys :many
SELECT company_id, channel FROM company_integrations
WHERE token_ciphertext IS NOT NULL AND token_key_id <> @current_key_id
ORDER BY company_id, channel
LIMIT @lim;

-- name: IntegrationRecordOK :one
UPDATE company_integrations
SET status = CASE WHEN sqlc.arg(connected)::boolean OR status = 'connected' OR (status = 'error' AND webhook_registered) THEN 'connected'
                  WHEN status = 'error' THEN 'configured' ELSE status END,
    bot_username = CASE WHEN sqlc.arg(bot_username)::text <> '' THEN sqlc.arg(bot_username)::text ELSE bot_username END,
    device_phone = CASE WHEN sqlc.arg(device_phone)::text <> '' THEN sqlc.arg(device_phone)::text ELSE device_phone END,
    device_state = CASE WHEN sqlc.arg(device_state)::text <> '' THEN sqlc.arg(device_state)::text ELSE device_state END,
    webhook_registered = webhook_registered OR sqlc.arg(webhook_registered)::boolean,
    pending_update_count = sqlc.arg(pending_update_count)::integer,
    last_ok_at = now(), last_error = '', updated_at = now()
WHERE channel = @channel AND status <> 'revoked' AND status <> 'not_configured'
RETURNING *;

-- name: IntegrationRecordError :exec
UPDATE company_integrations
SET status = CASE WHEN status IN ('revoked', 'not_configured') THEN status ELSE 'error' END,
    last_error = @last_error, last_error_at = now(), updated_at = now()
WHERE channel = @channel;

-- name: IntegrationRevoke :one
UPDATE company_integrations
SET token_ciphertext = NULL, token_key_id = '', token_hint = '', status = 'revoked', webhook_registered = false,
    bot_username = '', device_phone = '', device_state = '', pending_update_count = 0, updated_at = now()
WHERE channel = @channel
RETURNING *;

-- name: IntegrationRotateSecret :one
UPDATE company_integrations
SET previous_webhook_secret = webhook_secret, previous_secret_expires_at = @previous_expires_at,
    webhook_secret = @webhook_secret, updated_at = now()
WHERE channel = @channel
RETURNING *;

-- name: IntegrationSetSignatureHeader :one
UPDATE company_integrations SET signature_header = @signature_header, updated_at = now()
WHERE channel = @channel
RETURNING *;

-- name: IntegrationSetDevice :exec
UPDATE company_integrations
SET device_state = @device_state, device_phone = CASE WHEN sqlc.arg(device_phone)::text <> '' THEN sqlc.arg(device_phone)::text ELSE device_phone END
WHERE channel = @channel;

-- name: IntegrationTouchInbound :exec
-- A verified inbound call proves the webhook works; written at most once a minute to keep the row cool.
UPDATE company_integrations
SET last_ok_at = now(), status = CASE WHEN status IN ('configured', 'error') THEN 'connected' ELSE status END,
    last_error = CASE WHEN status = 'error' THEN '' ELSE last_error END
WHERE channel = @channel AND (last_ok_at IS NULL OR last_ok_at < now() - interval '1 minute' OR status IN ('configured', 'error'));
