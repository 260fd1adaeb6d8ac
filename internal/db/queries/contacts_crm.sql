-- The CRM's view of contacts. An agent_id narrows every query to the contacts
-- (and conversation activity) of conversations assigned to that agent; NULL is the admin's view.

-- name: ContactCrmList :many
-- Keyset pages, most recent activity first.
SELECT c.id, c.channel, c.external_id, c.name, c.phone, c.username, c.lead_status, c.tags, c.custom_values,
       c.last_activity_at, c.created_at,
       (SELECT count(*) FROM conversations v
        WHERE v.company_id = c.company_id AND v.contact_id = c.id
          AND (sqlc.narg(agent_id)::uuid IS NULL OR v.assigned_agent_id = sqlc.narg(agent_id)::uuid))::int AS conversation_count
FROM contacts c
WHERE (sqlc.narg(agent_id)::uuid IS NULL
       OR EXISTS (SELECT 1 FROM conversations v
                  WHERE v.company_id = c.company_id AND v.contact_id = c.id AND v.assigned_agent_id = sqlc.narg(agent_id)::uuid))
  AND (@query::text = '' OR (c.name || ' ' || c.phone || ' ' || c.username || ' ' || c.external_id) ILIKE '%' || @query::text || '%')
  AND (@lead_status::text = '' OR c.lead_status = @lead_status::text)
  AND (@tag::text = '' OR c.tags @> ARRAY[@tag::text])
  AND (@channel::text = '' OR c.channel = @channel::text)
  AND (NOT @has_cursor::boolean OR (c.last_activity_at, c.id) < (@after_at::timestamptz, @after_id::uuid))
ORDER BY c.last_activity_at DESC, c.id DESC
LIMIT @row_limit;

-- name: ContactCrmGet :one
SELECT c.* FROM contacts c
WHERE c.id = @id
  AND (sqlc.narg(agent_id)::uuid IS NULL
       OR EXISTS (SELECT 1 FROM conversations v
                  WHERE v.company_id = c.company_id AND v.contact_id = c.id AND v.assigned_agent_id = sqlc.narg(agent_id)::uuid));

-- name: ContactCrmGetForUpdate :one
SELECT c.* FROM contacts c
WHERE c.id = @id
  AND (sqlc.narg(agent_id)::uuid IS NULL
       OR EXISTS (SELECT 1 FROM conversations v
                  WHERE v.company_id = c.company_id AND v.contact_id = c.id AND v.assigned_agent_id = sqlc.narg(agent_id)::uuid))
FOR UPDATE OF c;

-- name: ContactCrmConversations :many
SELECT v.id, v.channel, v.status, v.outcome, v.assigned_agent_id, coalesce(u.name, '')::text AS assigned_agent_name,
       v.last_message_at, v.created_at
FROM conversations v
LEFT JOIN users u ON u.id = v.assigned_agent_id
WHERE v.contact_id = @contact_id AND (sqlc.narg(agent_id)::uuid IS NULL OR v.assigned_agent_id = sqlc.narg(agent_id)::uuid)
ORDER BY v.last_message_at DESC, v.id;

-- name: ContactCrmAgents :many
-- The agents holding the contact's conversations: who a change event goes to.
SELECT DISTINCT assigned_agent_id::uuid FROM conversations WHERE contact_id = @contact_id AND assigned_agent_id IS NOT NULL;

-- name: ContactCrmSetLeadStatus :exec
UPDATE contacts SET lead_status = @lead_status, updated_at = now() WHERE id = @id;

-- name: ContactCrmStatusChangeInsert :exec
INSERT INTO contact_status_changes (company_id, contact_id, from_status, to_status, by_user_id)
VALUES (@company_id, @contact_id, @from_status, @to_status, sqlc.narg(by_user_id));

-- name: ContactCrmSetTags :exec
UPDATE contacts SET tags = @tags::text[], updated_at = now() WHERE id = @id;

-- name: ContactCrmSetCustomValues :exec
UPDATE contacts SET custom_values = @custom_values, updated_at = now() WHERE id = @id;

-- name: ContactCrmNoteInsert :one
-- A note on the contact itself, outside any conversation.
INSERT INTO notes (company_id, contact_id, conversation_id, author_id, body)
VALUES (@company_id, @contact_id, NULL, @author_id, @body)
RETURNING id, created_at;

-- name: ContactCrmTagList :many
-- Tags in use, for the filter.
SELECT DISTINCT t.tag::text AS tag
FROM contacts c, unnest(c.tags) AS t(tag)
WHERE sqlc.narg(agent_id)::uuid IS NULL
   OR EXISTS (SELECT 1 FROM conversations v
              WHERE v.company_id = c.company_id AND v.contact_id = c.id AND v.assigned_agent_id = sqlc.narg(agent_id)::uuid)
ORDER BY 1
LIMIT 500;

-- name: ContactCrmTimeline :many
-- Everything that happened with a contact, newest first, in keyset pages over (at, kind, ref).
-- Messages are summed per conversation per day (in the company's time zone).
WITH conv AS (
    SELECT v.company_id, v.id, v.outcome, v.lost_reason, v.closed_at, v.closed_by
    FROM conversations v
    WHERE v.contact_id = @contact_id AND (sqlc.narg(agent_id)::uuid IS NULL OR v.assigned_agent_id = sqlc.narg(agent_id)::uuid)
), zone AS (
    SELECT coalesce((SELECT s.timezone FROM company_settings s LIMIT 1), 'UTC') AS name
), entries AS (
    SELECT 'note'::text AS kind, n.created_at AS at, n.id::text AS ref, coalesce(n.conversation_id::text, '') AS conversation_id,
           coalesce(u.name, '') AS actor_name, n.body AS body, ''::text AS from_value, ''::text AS to_value,
           0 AS message_count, 0 AS inbound_count, 0::bigint AS amount_minor, ''::text AS currency, ''::text AS due_at
    FROM notes n LEFT JOIN users u ON u.id = n.author_id
    WHERE n.contact_id = @contact_id AND (n.conversation_id IS NULL OR n.conversation_id IN (SELECT id FROM conv))
    UNION ALL
    SELECT 'messages', max(m.created_at), m.conversation_id::text || '/' || (m.created_at AT TIME ZONE (SELECT name FROM zone))::date::text,
           m.conversation_id::text, '', '', '', '', count(*)::int, (count(*) FILTER (WHERE m.direction = 'inbound'))::int, 0, '', ''
    FROM messages m JOIN conv ON conv.company_id = m.company_id AND conv.id = m.conversation_id
    GROUP BY m.conversation_id, (m.created_at AT TIME ZONE (SELECT name FROM zone))::date
    UNION ALL
    SELECT 'assignment', a.created_at, a.id::text, a.conversation_id::text, coalesce(b.name, ''), a.reason,
           coalesce(f.name, ''), coalesce(t.name, ''), 0, 0, 0, '', ''
    FROM conversation_assignments a
    JOIN conv ON conv.company_id = a.company_id AND conv.id = a.conversation_id
    LEFT JOIN users f ON f.id = a.from_agent_id
    LEFT JOIN users t ON t.id = a.to_agent_id
    LEFT JOIN users b ON b.id = a.by_user_id
    UNION ALL
    SELECT 'status_change', s.created_at, s.id::text, '', coalesce(u.name, ''), '', s.from_status, s.to_status, 0, 0, 0, '', ''
    FROM contact_status_changes s LEFT JOIN users u ON u.id = s.by_user_id
    WHERE s.contact_id = @contact_id
    UNION ALL
    SELECT 'reminder', r.created_at, r.id::text, r.conversation_id::text, coalesce(u.name, ''), r.body, '',
           CASE WHEN r.done_at IS NULL THEN '' ELSE 'done' END, 0, 0, 0, '', to_char(r.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    FROM reminders r JOIN conv ON conv.company_id = r.company_id AND conv.id = r.conversation_id
    LEFT JOIN users u ON u.id = r.user_id
    UNION ALL
    SELECT 'sale', s.created_at, s.id::text, s.conversation_id::text, coalesce(u.name, ''), s.notes, '', s.payment_method,
           0, 0, s.amount_minor, s.currency, ''
    FROM sales s JOIN conv ON conv.company_id = s.company_id AND conv.id = s.conversation_id
    LEFT JOIN users u ON u.id = coalesce(s.agent_id, s.created_by)
    UNION ALL
    SELECT 'lost', conv.closed_at, conv.id::text, conv.id::text, coalesce(u.name, ''), conv.lost_reason, '', '', 0, 0, 0, '', ''
    FROM conv LEFT JOIN users u ON u.id = conv.closed_by
    WHERE conv.outcome = 'lost' AND conv.closed_at IS NOT NULL
)
SELECT e.kind::text AS kind, e.at::timestamptz AS at, e.ref::text AS ref, e.conversation_id::text AS conversation_id,
       e.actor_name::text AS actor_name, e.body::text AS body, e.from_value::text AS from_value, e.to_value::text AS to_value,
       e.message_count::int AS message_count, e.inbound_count::int AS inbound_count, e.amount_minor::bigint AS amount_minor,
       e.currency::text AS currency, e.due_at::text AS due_at
FROM entries e
WHERE NOT @has_cursor::boolean OR (e.at, e.kind, e.ref) < (@after_at::timestamptz, @after_kind::text, @after_ref::text)
ORDER BY e.at DESC, e.kind DESC, e.ref DESC
LIMIT @row_limit;

-- name: ContactCrmTimezone :one
SELECT timezone FROM company_settings LIMIT 1;
