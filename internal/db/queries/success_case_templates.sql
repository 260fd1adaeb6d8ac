-- name: SuccessCaseTemplateCreate :one
INSERT INTO success_case_templates (company_id, name, description, category, industry, language, is_recommended, priority,
    customer_message_patterns, customer_message_examples, agent_response, agent_response_variations, context_description,
    expected_outcome, follow_up_actions, localized_versions, conversation_stages, min_lead_score, max_lead_score, is_active, created_by)
VALUES (@company_id, @name, @description, @category, @industry, @language, @is_recommended, @priority,
    @customer_message_patterns, @customer_message_examples, @agent_response, @agent_response_variations, @context_description,
    @expected_outcome, @follow_up_actions, @localized_versions, @conversation_stages, @min_lead_score, @max_lead_score, @is_active, @created_by)
RETURNING *;

-- name: SuccessCaseTemplateGet :one
SELECT * FROM success_case_templates WHERE id = @id;

-- name: SuccessCaseTemplateList :many
-- Templates visible in the transaction's scope: owner 'global', 'company' or NULL for both.
SELECT * FROM success_case_templates
WHERE (sqlc.narg(owner)::text IS NULL OR (sqlc.narg(owner) = 'global') = (company_id IS NULL))
  AND (sqlc.narg(language)::text IS NULL OR language = sqlc.narg(language))
  AND (sqlc.narg(category)::text IS NULL OR category = sqlc.narg(category))
  AND (sqlc.narg(industry)::text IS NULL OR industry = sqlc.narg(industry))
  AND (sqlc.narg(query)::text IS NULL OR name ILIKE '%' || sqlc.narg(query) || '%' OR description ILIKE '%' || sqlc.narg(query) || '%'
       OR agent_response ILIKE '%' || sqlc.narg(query) || '%' OR array_to_string(customer_message_examples, ' ') ILIKE '%' || sqlc.narg(query) || '%')
ORDER BY company_id NULLS FIRST, category, industry, language, name, id;

-- name: SuccessCaseTemplateUpdate :one
-- Saves a new version of a template.
UPDATE success_case_templates SET name = @name, description = @description, category = @category, industry = @industry,
    language = @language, is_recommended = @is_recommended, priority = @priority,
    customer_message_patterns = @customer_message_patterns, customer_message_examples = @customer_message_examples,
    agent_response = @agent_response, agent_response_variations = @agent_response_variations,
    context_description = @context_description, expected_outcome = @expected_outcome, follow_up_actions = @follow_up_actions,
    localized_versions = @localized_versions, conversation_stages = @conversation_stages, min_lead_score = @min_lead_score,
    max_lead_score = @max_lead_score, is_active = @is_active, version = version + 1, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: SuccessCaseTemplateSetRecommended :one
UPDATE success_case_templates SET is_recommended = @is_recommended, updated_at = now() WHERE id = @id RETURNING *;

-- name: SuccessCaseTemplateDelete :execrows
DELETE FROM success_case_templates WHERE id = @id;

-- name: SuccessCaseTemplateVersionCreate :exec
INSERT INTO success_case_template_versions (template_id, version, company_id, snapshot, created_by)
VALUES (@template_id, @version, @company_id, @snapshot, @created_by);

-- name: SuccessCaseTemplateVersionList :many
SELECT * FROM success_case_template_versions WHERE template_id = @template_id ORDER BY version DESC;

-- name: SuccessCaseTemplateVersionGet :one
SELECT * FROM success_case_template_versions WHERE template_id = @template_id AND version = @version;
