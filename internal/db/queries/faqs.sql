-- name: FaqCreate :one
INSERT INTO faqs (company_id, question, answer, category, language, grams)
VALUES (@company_id, @question, @answer, @category, @language, @grams)
RETURNING id, question, answer, category, language, usage_count, created_at, updated_at;

-- name: FaqUpdate :one
UPDATE faqs SET question = @question, answer = @answer, category = @category, language = @language, grams = @grams,
    updated_at = now()
WHERE id = @id RETURNING id, question, answer, category, language, usage_count, created_at, updated_at;

-- name: FaqUpsert :one
INSERT INTO faqs (company_id, question, answer, category, language, grams)
VALUES (@company_id, @question, @answer, @category, @language, @grams)
ON CONFLICT (company_id, language, lower(question)) DO UPDATE
SET question = EXCLUDED.question, answer = EXCLUDED.answer, category = EXCLUDED.category, grams = EXCLUDED.grams, updated_at = now()
RETURNING (xmax = 0)::boolean AS inserted;

-- name: FaqGet :one
SELECT id, question, answer, category, language, usage_count, created_at, updated_at FROM faqs WHERE id = @id;

-- name: FaqDelete :execrows
DELETE FROM faqs WHERE id = @id;

-- name: FaqListAll :many
SELECT id, question, answer, category, language, usage_count, created_at, updated_at FROM faqs ORDER BY category, lower(question), id;

-- name: FaqSetGrams :exec
UPDATE faqs SET grams = @grams WHERE id = @id;

-- name: FaqRecordUse :exec
UPDATE faqs SET usage_count = usage_count + 1 WHERE id = ANY(@ids::uuid[]);

-- name: FaqCategories :many
SELECT DISTINCT category FROM faqs WHERE category <> '' ORDER BY category;
