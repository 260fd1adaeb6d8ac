-- name: ContactFieldList :many
-- A company's custom contact fields in form order, with how many contacts hold a value.
SELECT f.*, (SELECT count(*) FROM contacts c WHERE c.custom_values ->> f.key IS NOT NULL)::int AS used_count
FROM contact_fields f
ORDER BY f.position, f.created_at, f.id;

-- name: ContactFieldGet :one
SELECT * FROM contact_fields WHERE id = @id;

-- name: ContactFieldGetForUpdate :one
SELECT * FROM contact_fields WHERE id = @id FOR UPDATE;

-- name: ContactFieldCount :one
SELECT count(*)::int FROM contact_fields;

-- name: ContactFieldCreate :one
INSERT INTO contact_fields (company_id, key, label, type, options, position)
VALUES (@company_id, @key, @label, @field_type, @options::text[], @position)
RETURNING *;

-- name: ContactFieldUpdate :one
UPDATE contact_fields SET label = @label, options = @options::text[], position = @position
WHERE id = @id
RETURNING *;

-- name: ContactFieldDelete :execrows
DELETE FROM contact_fields WHERE id = @id;

-- name: ContactCustomValueRemove :execrows
-- Drops a field's values from every contact (the field was deleted).
UPDATE contacts SET custom_values = custom_values - @key::text, updated_at = now()
WHERE custom_values ->> @key::text IS NOT NULL;

-- name: ContactCustomValuePrune :execrows
-- Drops a select field's values that are no longer among its options.
UPDATE contacts SET custom_values = custom_values - @key::text, updated_at = now()
WHERE custom_values ->> @key::text IS NOT NULL AND NOT (custom_values ->> @key::text = ANY (@options::text[]));
