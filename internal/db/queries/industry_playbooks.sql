-- name: PlaybookList :many
SELECT p.*, c.slug, c.name AS industry_name
FROM industry_playbooks p JOIN industry_categories c ON c.id = p.industry_id
ORDER BY c.sort_order;

-- name: PlaybookGet :one
SELECT p.*, c.slug, c.name AS industry_name
FROM industry_playbooks p JOIN industry_categories c ON c.id = p.industry_id
WHERE p.industry_id = @industry_id;

-- name: PlaybookSave :one
INSERT INTO industry_playbooks (industry_id, default_prompt, objections, closing_techniques, compliance_notes,
    malaysia_prompt, malaysia_notes, updated_by, updated_at)
VALUES (@industry_id, @default_prompt, @objections, @closing_techniques, @compliance_notes, @malaysia_prompt,
    @malaysia_notes, sqlc.narg('updated_by'), now())
ON CONFLICT (industry_id) DO UPDATE
SET default_prompt = EXCLUDED.default_prompt, objections = EXCLUDED.objections,
    closing_techniques = EXCLUDED.closing_techniques, compliance_notes = EXCLUDED.compliance_notes,
    malaysia_prompt = EXCLUDED.malaysia_prompt, malaysia_notes = EXCLUDED.malaysia_notes,
    updated_by = EXCLUDED.updated_by, updated_at = now()
RETURNING industry_id;

-- name: PlaybookIndustryOfCompany :one
SELECT industry_category_id FROM company_settings WHERE company_id = @company_id;
