-- name: ProductPriceHistoryAdd :exec
INSERT INTO product_price_history (company_id, product_id, price_minor, currency, changed_by)
VALUES (@company_id, @product_id, @price_minor, @currency, sqlc.narg('changed_by'));

-- name: ProductPriceHistoryList :many
SELECT * FROM product_price_history WHERE product_id = @product_id ORDER BY changed_at, id;
