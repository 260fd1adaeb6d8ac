-- name: ContactStatusChangeInsert :exec
INSERT INTO contact_status_changes (company_id, contact_id, from_status, to_status, by_user_id)
VALUES (@company_id, @contact_id, @from_status, @to_status, sqlc.narg(by_user_id));

-- name: ContactStatusChangeList :many
-- A contact's moves through the pipeline, oldest first, with who made them ('' for the system).
SELECT c.id, c.contact_id, c.from_status, c.to_status, c.by_user_id, c.created_at, coalesce(u.name, '')::text AS by_user_name
FROM contact_status_changes c
LEFT JOIN users u ON u.id = c.by_user_id
WHERE c.contact_id = @contact_id
ORDER BY c.id;
