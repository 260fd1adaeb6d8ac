-- name: AiAutoReplyEnabled :one
-- Whether the company's active model version answers customers by itself.
SELECT coalesce((auto_reply ->> 'enabled')::boolean, false)::boolean AS enabled
FROM ai_model_versions WHERE company_id = @company_id AND status = 'active';

-- name: AiAutoReplyInsert :one
-- created_at is the engine's clock, which the after-hours rule compares it with.
INSERT INTO ai_auto_replies (company_id, message_id, conversation_id, action, reason, confidence, suggestion_id, reply_message_id, created_at)
VALUES (@company_id, @message_id, @conversation_id, @action, @reason, sqlc.narg('confidence'), sqlc.narg('suggestion_id'),
    sqlc.narg('reply_message_id'), @created_at)
RETURNING *;

-- name: AiAutoReplyGet :one
SELECT * FROM ai_auto_replies WHERE message_id = @message_id;

-- name: AiAutoReplyLastAction :one
-- When the conversation last saw @action from the bot.
SELECT coalesce(max(created_at), 'epoch'::timestamptz)::timestamptz AS at FROM ai_auto_replies
WHERE company_id = @company_id AND conversation_id = @conversation_id AND action = @action;

-- name: AiAutoReplyLatestInbound :one
-- The conversation's newest customer message.
SELECT id FROM messages WHERE company_id = @company_id AND conversation_id = @conversation_id AND direction = 'inbound'
ORDER BY created_at DESC, id DESC LIMIT 1;

-- name: AiAutoReplyPendingSuggestion :one
-- A suggestion the bot already drafted for the message, reused when its job runs again.
SELECT * FROM ai_suggestions WHERE message_id = @message_id AND created_by IS NULL AND status = 'suggested'
ORDER BY created_at DESC LIMIT 1;

-- name: AiAutoReplyMarkMessage :exec
UPDATE messages SET auto_reply = true WHERE id = @id;

-- name: AiAutoReplyListByConversation :many
SELECT * FROM ai_auto_replies WHERE company_id = @company_id AND conversation_id = @conversation_id ORDER BY created_at, message_id;

-- name: AiAutoReplyAnsweredSince :one
-- Whether a person (not the bot) has written in the conversation since @since.
SELECT EXISTS (
    SELECT 1 FROM messages
    WHERE company_id = @company_id AND conversation_id = @conversation_id
      AND direction = 'outbound' AND NOT auto_reply AND created_at >= @since
)::boolean AS answered;
