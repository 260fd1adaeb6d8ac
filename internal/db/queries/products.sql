-- name: ProductCreate :one
INSERT INTO products (company_id, name, description, price_minor, currency, sku, category, tags, stock_status,
                      quantity, low_stock_threshold, links, custom_fields, active)
VALUES (@company_id, @name, @description, @price_minor,
        (SELECT s.currency FROM company_settings s WHERE s.company_id = @company_id),
        @sku, @category, @tags::text[], @stock_status, sqlc.narg('quantity'), sqlc.narg('low_stock_threshold'),
        @links::text[], @custom_fields, @active)
RETURNING *;

-- name: ProductGet :one
SELECT * FROM products WHERE id = @id;

-- name: ProductGetForUpdate :one
SELECT * FROM products WHERE id = @id FOR UPDATE;

-- name: ProductGetBySKU :one
SELECT * FROM products WHERE lower(sku) = lower(@sku);

-- name: ProductUpdate :one
UPDATE products SET name = @name, description = @description, price_minor = @price_minor, sku = @sku,
    category = @category, tags = @tags::text[], stock_status = @stock_status, quantity = sqlc.narg('quantity'),
    low_stock_threshold = sqlc.narg('low_stock_threshold'), links = @links::text[], custom_fields = @custom_fields,
    updated_at = now()
WHERE id = @id
RETURNING *;

-- name: ProductSetActive :one
UPDATE products SET active = @active, updated_at = now() WHERE id = @id RETURNING *;

-- name: ProductDelete :execrows
DELETE FROM products WHERE id = @id;

-- name: ProductSearch :many
-- Keyset pages ordered in stock first, then limited, then out of stock; by name within each.
SELECT p.*, (CASE p.stock_status WHEN 'in_stock' THEN 0 WHEN 'limited' THEN 1 ELSE 2 END)::int AS stock_rank,
       coalesce((SELECT i.thumb_key FROM product_images i
                 WHERE i.company_id = p.company_id AND i.product_id = p.id
                 ORDER BY i.is_cover DESC, i.position LIMIT 1), '')::text AS cover_thumb_key
FROM products p
WHERE (@query::text = ''
       OR p.name ILIKE '%' || @query || '%'
       OR p.sku ILIKE '%' || @query || '%'
       OR p.category ILIKE '%' || @query || '%'
       OR EXISTS (SELECT 1 FROM unnest(p.tags) AS t(tag) WHERE t.tag ILIKE '%' || @query || '%'))
  AND (@category::text = '' OR lower(p.category) = lower(@category))
  AND (@tag::text = '' OR lower(@tag) = ANY (SELECT lower(t2) FROM unnest(p.tags) AS t2))
  AND (@stock_status::text = '' OR p.stock_status = @stock_status)
  AND (NOT @active_only::boolean OR p.active)
  AND (NOT @has_cursor::boolean
       OR ((CASE p.stock_status WHEN 'in_stock' THEN 0 WHEN 'limited' THEN 1 ELSE 2 END), lower(p.name), p.id)
          > (@after_rank::int, lower(@after_name::text), @after_id::uuid))
ORDER BY stock_rank, lower(p.name), p.id
LIMIT @row_limit;

-- name: ProductCategoryList :many
SELECT DISTINCT category FROM products WHERE category <> '' ORDER BY category;

-- name: ProductCount :one
SELECT count(*) FROM products;
