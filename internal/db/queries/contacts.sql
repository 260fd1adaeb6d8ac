-- name: ContactUpsert :one
INSERT INTO contacts (company_id, channel, external_id, name, phone, username)
VALUES (@company_id, @channel, @external_id, @name, @phone, @username)
ON CONFLICT (company_id, channel, external_id) DO UPDATE
SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END,
    phone = CASE WHEN excluded.phone <> '' THEN excluded.phone ELSE contacts.phone END,
    username = CASE WHEN excluded.username <> '' THEN excluded.username ELSE contacts.username END,
    updated_at = now()
RETURNING *;

-- name: ContactGet :one
SELECT * FROM contacts WHERE id = @id;

-- name: ContactGetForUpdate :one
SELECT * FROM contacts WHERE id = @id FOR UPDATE;

-- name: ContactSetLeadStatus :one
UPDATE contacts SET lead_status = @lead_status, updated_at = now() WHERE id = @id RETURNING *;

-- name: ContactSetTags :one
UPDATE contacts SET tags = @tags::text[], updated_at = now() WHERE id = @id RETURNING *;
