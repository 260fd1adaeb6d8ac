-- name: IndustryList :many
SELECT * FROM industry_categories ORDER BY sort_order;

-- name: IndustryGet :one
SELECT * FROM industry_categories WHERE id = @id;
