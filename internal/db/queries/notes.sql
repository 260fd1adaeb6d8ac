-- name: NoteInsert :one
INSERT INTO notes (company_id, contact_id, conversation_id, author_id, body)
VALUES (@company_id, @contact_id, sqlc.narg(conversation_id), @author_id, @body)
RETURNING *;

-- name: NoteListByConversation :many
-- A chat's internal notes, oldest first, with their author's name ('' once the author is deleted).
SELECT n.id, n.contact_id, n.conversation_id, n.author_id, n.body, n.created_at, coalesce(u.name, '')::text AS author_name
FROM notes n
LEFT JOIN users u ON u.id = n.author_id
WHERE n.conversation_id = @conversation_id
ORDER BY n.created_at, n.id
LIMIT 1000;
