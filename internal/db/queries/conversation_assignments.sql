-- name: ConversationAssignmentInsert :one
INSERT INTO conversation_assignments (company_id, conversation_id, from_agent_id, to_agent_id, by_user_id, reason)
VALUES (@company_id, @conversation_id, @from_agent_id, @to_agent_id, @by_user_id, @reason)
RETURNING *;

-- name: ConversationAssignmentList :many
SELECT a.*, coalesce(f.name, '')::text AS from_name, coalesce(t.name, '')::text AS to_name, coalesce(b.name, '')::text AS by_name
FROM conversation_assignments a
LEFT JOIN users f ON f.id = a.from_agent_id
LEFT JOIN users t ON t.id = a.to_agent_id
LEFT JOIN users b ON b.id = a.by_user_id
WHERE a.conversation_id = @conversation_id
ORDER BY a.id;
