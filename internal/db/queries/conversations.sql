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
       coalesce(m.body, '')::text AS last_body, coalesce(m.kind, '')::text AS last_kind, coalesce(m.direction, '')::text AS last_direction
FROM conversations c
JOIN contacts ct ON ct.company_id = c.company_id AND ct.id = c.contact_id
LEFT JOIN LATERAL (
    SELECT body, kind, direction FROM messages
    WHERE messages.company_id = c.company_id AND messages.conversation_id = c.id
    ORDER BY created_at DESC, id DESC LIMIT 1
) m ON true
ORDER BY c.last_message_at DESC, c.id
LIMIT @lim;
