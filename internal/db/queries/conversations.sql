-- name: ConversationFindOpen :one
SELECT * FROM conversations WHERE contact_id = @contact_id AND status = 'open';

-- name: ConversationCreate :one
-- Returns no row when another transaction opened one first.
INSERT INTO conversations (company_id, contact_id, channel)
VALUES (@company_id, @contact_id, @channel)
ON CONFLICT (company_id, contact_id) WHERE status = 'open' DO NOTHING
RETURNING *;

-- name: ConversationGet :one
SELECT * FROM conversations WHERE id = @id;

-- name: ConversationTouch :exec
UPDATE conversations SET last_message_at = now() WHERE id = @id;

-- name: ConversationListRecent :many
SELECT c.id, c.channel, c.status, c.last_message_at, ct.name AS contact_name, ct.external_id AS contact_external_id,
       coalesce(m.body, '')::text AS last_body, coalesce(m.kind, '')::text AS last_kind, coalesce(m.direction, '')::text AS last_direction,
       c.assigned_agent_id, coalesce(u.name, '')::text AS assigned_agent_name
FROM conversations c
JOIN contacts ct ON ct.company_id = c.company_id AND ct.id = c.contact_id
LEFT JOIN users u ON u.id = c.assigned_agent_id
LEFT JOIN LATERAL (
    SELECT body, kind, direction FROM messages
    WHERE messages.company_id = c.company_id AND messages.conversation_id = c.id
    ORDER BY created_at DESC, id DESC LIMIT 1
) m ON true
ORDER BY c.last_message_at DESC, c.id
LIMIT @lim;

-- name: ConversationGetForUpdate :one
SELECT * FROM conversations WHERE id = @id FOR UPDATE;

-- name: ConversationGetForAgent :one
SELECT * FROM conversations WHERE id = @id AND assigned_agent_id = @agent_id;

-- name: ConversationSetAgent :one
UPDATE conversations SET assigned_agent_id = sqlc.narg(agent_id), assigned_at = CASE WHEN sqlc.narg(agent_id)::uuid IS NULL THEN NULL ELSE now() END
WHERE id = @id
RETURNING *;

-- name: ConversationPreviousAgent :one
-- The agent of the contact's most recent earlier conversation.
SELECT assigned_agent_id FROM conversations
WHERE contact_id = @contact_id AND id <> @id AND assigned_agent_id IS NOT NULL
ORDER BY created_at DESC LIMIT 1;

-- name: ConversationListWaiting :many
-- Open, unassigned conversations, longest waiting first (the backfill order).
SELECT * FROM conversations WHERE status = 'open' AND assigned_agent_id IS NULL ORDER BY created_at, id LIMIT @lim;

-- name: ConversationListNoReply :many
-- Open conversations whose agent has sent nothing since getting them, for longer than @minutes, while the customer waits.
SELECT c.* FROM conversations c
WHERE c.status = 'open' AND c.assigned_agent_id IS NOT NULL
  AND c.assigned_at < now() - make_interval(mins => @minutes::integer)
  AND EXISTS (SELECT 1 FROM messages m WHERE m.company_id = c.company_id AND m.conversation_id = c.id AND m.direction = 'inbound')
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.company_id = c.company_id AND m.conversation_id = c.id
                  AND m.direction = 'outbound' AND m.created_at >= c.assigned_at)
ORDER BY c.assigned_at, c.id
LIMIT 100;

-- name: ConversationListQueue :many
-- The unassigned queue, longest waiting first, with a preview of the last message.
SELECT c.id, c.channel, c.created_at, c.last_message_at, c.category, ct.name AS contact_name, ct.external_id AS contact_external_id,
       coalesce(m.body, '')::text AS last_body, coalesce(m.kind, '')::text AS last_kind
FROM conversations c
JOIN contacts ct ON ct.company_id = c.company_id AND ct.id = c.contact_id
LEFT JOIN LATERAL (
    SELECT body, kind FROM messages
    WHERE messages.company_id = c.company_id AND messages.conversation_id = c.id
    ORDER BY created_at DESC, id DESC LIMIT 1
) m ON true
WHERE c.status = 'open' AND c.assigned_agent_id IS NULL
ORDER BY c.created_at, c.id
LIMIT @lim;

-- name: ConversationListByAgent :many
SELECT c.id, c.channel, c.status, c.last_message_at, c.assigned_at, ct.name AS contact_name, ct.external_id AS contact_external_id,
       coalesce(m.body, '')::text AS last_body, coalesce(m.kind, '')::text AS last_kind, coalesce(m.direction, '')::text AS last_direction
FROM conversations c
JOIN contacts ct ON ct.company_id = c.company_id AND ct.id = c.contact_id
LEFT JOIN LATERAL (
    SELECT body, kind, direction FROM messages
    WHERE messages.company_id = c.company_id AND messages.conversation_id = c.id
    ORDER BY created_at DESC, id DESC LIMIT 1
) m ON true
WHERE c.assigned_agent_id = @agent_id
ORDER BY c.last_message_at DESC, c.id
LIMIT @lim;

-- name: ConversationListOpenByAgent :many
SELECT * FROM conversations WHERE assigned_agent_id = @agent_id AND status = 'open' ORDER BY created_at, id FOR UPDATE;
