-- name: MessageInsertInbound :one
-- Returns no row when the event's message was already stored.
INSERT INTO messages (company_id, conversation_id, direction, kind, body, media_key, media_name, media_mime, status, provider_message_id, webhook_event_id)
VALUES (@company_id, @conversation_id, 'inbound', @kind, @body, @media_key, @media_name, @media_mime, 'received', @provider_message_id, @webhook_event_id)
ON CONFLICT (company_id, webhook_event_id) WHERE webhook_event_id IS NOT NULL DO NOTHING
RETURNING *;

-- name: MessageInsertOutbound :one
INSERT INTO messages (company_id, conversation_id, direction, kind, body, media_key, media_name, media_mime, status, sender_user_id)
VALUES (@company_id, @conversation_id, 'outbound', @kind, @body, @media_key, @media_name, @media_mime, 'queued', @sender_user_id)
RETURNING *;

-- name: MessageGet :one
SELECT * FROM messages WHERE id = @id;

-- name: MessageGetForUpdate :one
SELECT * FROM messages WHERE id = @id FOR UPDATE;

-- name: MessageListByConversation :many
-- The latest @lim messages of a conversation, newest first. The company
-- condition repeats the policy's so the planner can use the index.
SELECT * FROM messages WHERE company_id = @company_id AND conversation_id = @conversation_id
ORDER BY created_at DESC, id DESC LIMIT @lim;

-- name: MessageMarkSent :one
UPDATE messages SET status = 'sent', provider_message_id = @provider_message_id, error = '', sent_at = now(), attempts = attempts + 1
WHERE id = @id
RETURNING *;

-- name: MessageMarkFailed :one
UPDATE messages SET status = 'failed', error = @error, attempts = attempts + 1
WHERE id = @id
RETURNING *;

-- name: MessageRecordAttempt :exec
UPDATE messages SET attempts = attempts + 1, error = @error WHERE id = @id;

-- name: MessageRequeue :one
UPDATE messages SET status = 'queued', error = '' WHERE id = @id AND status = 'failed'
RETURNING *;
