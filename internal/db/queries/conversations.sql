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

-- name: ConversationGetForUpdate :one
SELECT * FROM conversations WHERE id = @id FOR UPDATE;

-- name: ConversationGetForAgent :one
SELECT * FROM conversations WHERE id = @id AND assigned_agent_id = @agent_id;

-- name: ConversationGetForAgentForUpdate :one
SELECT * FROM conversations WHERE id = @id AND assigned_agent_id = @agent_id FOR UPDATE;

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

-- name: ConversationListFiltered :many
-- The admin's conversation list in one statement, whatever the page size: every
-- filter is optional (NULL: not filtering); pages by (last_message_at, id), newest
-- first, after the cursor when given. Dates are days in the company's time zone.
-- unanswered counts the customer's messages since the last reply (at most 100).
SELECT c.id, c.channel, c.status, c.outcome, c.lead_colour, c.last_message_at, c.created_at, c.assigned_agent_id,
       coalesce(u.name, '')::text AS assigned_agent_name,
       ct.id AS contact_id, ct.name AS contact_name, ct.external_id AS contact_external_id,
       ct.phone AS contact_phone, ct.username AS contact_username,
       coalesce(m.body, '')::text AS last_body, coalesce(m.kind, '')::text AS last_kind,
       coalesce(m.direction, '')::text AS last_direction,
       w.unanswered::integer AS unanswered,
       coalesce(w.waiting_since, 'epoch'::timestamptz)::timestamptz AS waiting_since
FROM conversations c
JOIN contacts ct ON ct.company_id = c.company_id AND ct.id = c.contact_id
LEFT JOIN users u ON u.id = c.assigned_agent_id
LEFT JOIN LATERAL (
    SELECT body, kind, direction FROM messages
    WHERE messages.company_id = c.company_id AND messages.conversation_id = c.id
    ORDER BY created_at DESC, id DESC LIMIT 1
) m ON true
LEFT JOIN LATERAL (
    SELECT count(*) AS unanswered, min(r.created_at) AS waiting_since
    FROM (
        SELECT l.created_at, bool_or(l.direction = 'outbound') OVER (ORDER BY l.created_at DESC) AS answered
        FROM (
            SELECT mw.direction, mw.created_at FROM messages mw
            WHERE mw.company_id = c.company_id AND mw.conversation_id = c.id
            ORDER BY mw.created_at DESC LIMIT 100
        ) l
    ) r
    WHERE NOT r.answered
) w ON true
WHERE c.company_id = @company_id
  AND (sqlc.narg(agent_id)::uuid IS NULL OR c.assigned_agent_id = sqlc.narg(agent_id)::uuid)
  AND (NOT @unassigned_only::boolean OR c.assigned_agent_id IS NULL)
  AND (sqlc.narg(conv_status)::text IS NULL OR c.status = sqlc.narg(conv_status)::text)
  AND (sqlc.narg(outcome_filter)::text IS NULL OR c.outcome = sqlc.narg(outcome_filter)::text)
  AND (sqlc.narg(lead)::text IS NULL OR c.lead_colour = sqlc.narg(lead)::text)
  AND (sqlc.narg(chan)::text IS NULL OR c.channel = sqlc.narg(chan)::text)
  AND (sqlc.narg(from_day)::date IS NULL OR c.last_message_at >= sqlc.narg(from_day)::date::timestamp AT TIME ZONE
       (SELECT s.timezone FROM company_settings s WHERE s.company_id = @company_id))
  AND (sqlc.narg(to_day)::date IS NULL OR c.last_message_at < (sqlc.narg(to_day)::date + 1)::timestamp AT TIME ZONE
       (SELECT s.timezone FROM company_settings s WHERE s.company_id = @company_id))
  AND (sqlc.narg(pattern)::text IS NULL
       OR (ct.name || ' ' || ct.phone || ' ' || ct.username || ' ' || ct.external_id) ILIKE sqlc.narg(pattern)::text
       OR EXISTS (SELECT 1 FROM messages mq WHERE mq.company_id = c.company_id AND mq.conversation_id = c.id
                  AND mq.body ILIKE sqlc.narg(pattern)::text))
  AND (sqlc.narg(only_ids)::uuid[] IS NULL OR c.id = ANY (sqlc.narg(only_ids)::uuid[]))
  AND (sqlc.narg(after_at)::timestamptz IS NULL
       OR (c.last_message_at, c.id) < (sqlc.narg(after_at)::timestamptz, sqlc.narg(after_id)::uuid))
ORDER BY c.last_message_at DESC, c.id DESC
LIMIT @page_size;

-- name: ConversationCloseWithOutcome :one
-- Closes an open conversation; outcome '' is a plain close, 'won' a sale, 'lost' with its reason.
UPDATE conversations SET status = 'closed', outcome = @outcome, lost_reason = @lost_reason, closed_at = now(), closed_by = sqlc.narg(closed_by)
WHERE id = @id AND status = 'open'
RETURNING *;

-- name: ConversationSetCategory :one
UPDATE conversations SET category = @category WHERE id = @id RETURNING *;

-- name: ConversationWorkspaceInfo :one
-- What the chat sidebar shows about a conversation and its customer.
SELECT c.id, c.channel, c.status, c.category, c.outcome, c.lost_reason, c.closed_at, c.closed_by, c.assigned_agent_id, c.assigned_at,
       c.created_at, c.last_message_at,
       ct.id AS contact_id, ct.name AS contact_name, ct.phone AS contact_phone, ct.username AS contact_username,
       ct.external_id AS contact_external_id, ct.lead_status, ct.tags, ct.created_at AS first_seen_at,
       coalesce(a.name, '')::text AS assigned_agent_name, coalesce(cb.name, '')::text AS closed_by_name,
       (SELECT count(*) FROM messages m WHERE m.company_id = c.company_id AND m.conversation_id = c.id)::integer AS message_count,
       (SELECT count(*) FROM conversations o WHERE o.company_id = c.company_id AND o.contact_id = c.contact_id)::integer AS conversation_count,
       coalesce((SELECT max(m.created_at) FROM messages m JOIN conversations o ON o.company_id = m.company_id AND o.id = m.conversation_id
                 WHERE o.company_id = c.company_id AND o.contact_id = c.contact_id), ct.created_at)::timestamptz AS last_interaction_at
FROM conversations c
JOIN contacts ct ON ct.company_id = c.company_id AND ct.id = c.contact_id
LEFT JOIN users a ON a.id = c.assigned_agent_id
LEFT JOIN users cb ON cb.id = c.closed_by
WHERE c.id = @id;

-- name: ConversationAgentCounts :one
-- An agent's own figures: open conversations, those whose last message is the customer's, sales since @since.
SELECT
    (SELECT count(*) FROM conversations c WHERE c.assigned_agent_id = @agent_id AND c.status = 'open')::integer AS open_assigned,
    (SELECT count(*) FROM conversations c
     WHERE c.assigned_agent_id = @agent_id AND c.status = 'open'
       AND (SELECT m.direction FROM messages m WHERE m.company_id = c.company_id AND m.conversation_id = c.id
            ORDER BY m.created_at DESC, m.id DESC LIMIT 1) = 'inbound')::integer AS awaiting_reply,
    (SELECT count(*) FROM sales s WHERE s.agent_id = @agent_id AND s.created_at >= @since)::integer AS sales_since;

-- name: ConversationSearchIDs :many
-- Conversations of the current company whose contact or messages match @pattern
-- (at most @lim rows, with repeats); see inbox_search_conversations.
SELECT inbox_search_conversations(sqlc.arg(pattern)::text, sqlc.arg(lim)::integer)::uuid AS id;
