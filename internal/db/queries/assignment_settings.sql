-- name: AssignmentSettingsEnsure :exec
INSERT INTO assignment_settings (company_id) VALUES (@company_id) ON CONFLICT (company_id) DO NOTHING;

-- name: AssignmentSettingsGet :one
SELECT * FROM assignment_settings WHERE company_id = @company_id;

-- name: AssignmentSettingsLock :one
-- Serialises a company's automatic assignments (see the table's comment).
SELECT * FROM assignment_settings WHERE company_id = @company_id FOR UPDATE;

-- name: AssignmentSettingsUpdate :one
UPDATE assignment_settings SET strategy = @strategy, max_open_per_agent = @max_open_per_agent, match_expertise = @match_expertise,
    returning_to_previous = @returning_to_previous, reassign_after_minutes = @reassign_after_minutes, updated_at = now()
WHERE company_id = @company_id
RETURNING *;

-- name: AssignmentSettingsSetLastAgent :exec
UPDATE assignment_settings SET last_agent_id = @last_agent_id WHERE company_id = @company_id;

-- name: AssignmentSettingsListAuto :many
-- Companies whose rules assign on their own (the platform sweep).
SELECT company_id FROM assignment_settings WHERE strategy <> 'manual' OR reassign_after_minutes > 0 ORDER BY company_id;
