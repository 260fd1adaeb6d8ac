-- name: AiTestScenarioList :many
SELECT * FROM ai_test_scenarios WHERE company_id = @company_id ORDER BY lower(name), id LIMIT 500;

-- name: AiTestScenarioCount :one
SELECT count(*)::integer FROM ai_test_scenarios WHERE company_id = @company_id;

-- name: AiTestScenarioGet :one
SELECT * FROM ai_test_scenarios WHERE company_id = @company_id AND id = @id;

-- name: AiTestScenarioGetMany :many
-- The given scenarios of the company, in no particular order; unknown ids are left out.
SELECT * FROM ai_test_scenarios WHERE company_id = @company_id AND id = ANY (@ids::uuid[]);

-- name: AiTestScenarioCreate :one
INSERT INTO ai_test_scenarios (company_id, name, message, language, customer_type, created_by)
VALUES (@company_id, @name, @message, @language, @customer_type, sqlc.narg('created_by'))
RETURNING *;

-- name: AiTestScenarioUpdate :one
UPDATE ai_test_scenarios
SET name = @name, message = @message, language = @language, customer_type = @customer_type, updated_at = now()
WHERE company_id = @company_id AND id = @id
RETURNING *;

-- name: AiTestScenarioDelete :execrows
DELETE FROM ai_test_scenarios WHERE company_id = @company_id AND id = @id;
