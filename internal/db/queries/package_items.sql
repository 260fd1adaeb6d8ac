-- name: PackageItemAdd :exec
INSERT INTO package_items (company_id, package_id, product_id, quantity, position)
VALUES (@company_id, @package_id, @product_id, @quantity, @position);

-- name: PackageItemDeleteAll :exec
DELETE FROM package_items WHERE package_id = @package_id;

-- name: PackageItemList :many
-- A package's items in order, with what the builder and the card show of each product.
SELECT i.product_id, i.quantity, i.position, pr.name, pr.sku, pr.price_minor, pr.currency, pr.category, pr.stock_status, pr.active,
       coalesce((SELECT im.thumb_key FROM product_images im
                 WHERE im.company_id = pr.company_id AND im.product_id = pr.id
                 ORDER BY im.is_cover DESC, im.position LIMIT 1), '')::text AS cover_thumb_key
FROM package_items i
JOIN products pr ON pr.company_id = i.company_id AND pr.id = i.product_id
WHERE i.package_id = @package_id
ORDER BY i.position, i.id;

-- name: PackageProductsExisting :many
-- Which of the given ids are products of the current company (RLS scopes the table).
SELECT id FROM products WHERE id = ANY (@ids::uuid[]);

-- name: PackageProductsForMatching :many
-- Active products with what recommendations and templates match on.
SELECT p.id, p.name, p.sku, p.description, p.category, p.tags, p.price_minor, p.currency, p.stock_status, p.links
FROM products p
WHERE p.active
ORDER BY lower(p.name), p.id;
