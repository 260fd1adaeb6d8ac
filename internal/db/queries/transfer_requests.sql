-- name: TransferRequestInsert :one
INSERT INTO transfer_requests (company_id, conversation_id, from_agent_id, to_agent_id, reason)
VALUES (@company_id, @conversation_id, @from_agent_id, sqlc.narg(to_agent_id), @reason)
RETURNING *;

-- name: TransferRequestGetForUpdate :one
SELECT * FROM transfer_requests WHERE id = @id FOR UPDATE;

-- name: TransferRequestDecide :one
UPDATE transfer_requests
SET status = @status, decided_by = sqlc.narg(decided_by), decision_reason = @decision_reason, decided_at = now()
WHERE id = @id AND status = 'pending'
RETURNING *;

-- name: TransferRequestList :many
-- Pending requests first (oldest first), then recent decisions (newest first), with the names a list shows.
SELECT r.*, ct.name AS contact_name, c.channel, coalesce(f.name, '')::text AS from_agent_name,
       coalesce(t.name, '')::text AS to_agent_name, coalesce(d.name, '')::text AS decided_by_name,
       c.assigned_agent_id AS current_agent_id, c.status AS conversation_status
FROM transfer_requests r
JOIN conversations c ON c.company_id = r.company_id AND c.id = r.conversation_id
JOIN contacts ct ON ct.company_id = c.company_id AND ct.id = c.contact_id
LEFT JOIN users f ON f.id = r.from_agent_id
LEFT JOIN users t ON t.id = r.to_agent_id
LEFT JOIN users d ON d.id = r.decided_by
WHERE (sqlc.narg(from_agent_id)::uuid IS NULL OR r.from_agent_id = sqlc.narg(from_agent_id))
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR r.conversation_id = sqlc.narg(conversation_id))
  AND (r.status = 'pending' OR r.decided_at > now() - make_interval(days => @days::integer))
ORDER BY r.status <> 'pending', CASE WHEN r.status = 'pending' THEN r.created_at END, r.decided_at DESC, r.id
LIMIT @lim;

-- name: TransferRequestCancelPending :many
-- Withdraws a conversation's pending request once the chat has left the agent who asked.
UPDATE transfer_requests
SET status = 'cancelled', decision_reason = @decision_reason, decided_at = now()
WHERE conversation_id = @conversation_id AND from_agent_id = @from_agent_id AND status = 'pending'
RETURNING *;
