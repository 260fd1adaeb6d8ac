-- name: PackageCreate :one
INSERT INTO packages (company_id, name, description, tier, pricing_mode, discount_bp, fixed_price_minor, link_url, active,
                      template_slug, created_by)
VALUES (@company_id, @name, @description, @tier, @pricing_mode, @discount_bp, sqlc.narg('fixed_price_minor'), @link_url, @active,
        @template_slug, sqlc.narg('created_by'))
RETURNING *;

-- name: PackageGet :one
SELECT * FROM packages WHERE id = @id;

-- name: PackageGetForUpdate :one
SELECT * FROM packages WHERE id = @id FOR UPDATE;

-- name: PackageUpdate :one
UPDATE packages SET name = @name, description = @description, tier = @tier, pricing_mode = @pricing_mode,
    discount_bp = @discount_bp, fixed_price_minor = sqlc.narg('fixed_price_minor'), link_url = @link_url, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: PackageSetActive :one
UPDATE packages SET active = @active, updated_at = now() WHERE id = @id RETURNING *;

-- name: PackageSetCard :exec
UPDATE packages SET card_key = @card_key WHERE id = @id;

-- name: PackageDelete :one
DELETE FROM packages WHERE id = @id RETURNING card_key;

-- name: PackageList :many
-- Packages matching a search, those whose items are all in stock first, then by name; with their items' totals.
SELECT p.*,
       coalesce((SELECT sum(pr.price_minor * i.quantity) FROM package_items i
                 JOIN products pr ON pr.company_id = i.company_id AND pr.id = i.product_id
                 WHERE i.company_id = p.company_id AND i.package_id = p.id), 0)::bigint AS items_total_minor,
       (SELECT count(*) FROM package_items i WHERE i.company_id = p.company_id AND i.package_id = p.id)::int AS item_count,
       NOT EXISTS (SELECT 1 FROM package_items i JOIN products pr ON pr.company_id = i.company_id AND pr.id = i.product_id
                   WHERE i.company_id = p.company_id AND i.package_id = p.id
                     AND (pr.stock_status = 'out_of_stock' OR NOT pr.active)) AS available
FROM packages p
WHERE (@query::text = '' OR p.name ILIKE '%' || @query || '%' OR p.description ILIKE '%' || @query || '%')
  AND (NOT @active_only::boolean OR p.active)
ORDER BY available DESC, lower(p.name), p.id
LIMIT @row_limit;

-- name: MessageInsertCard :one
-- A product or package card: an image with its caption and link, recording what it carried.
INSERT INTO messages (company_id, conversation_id, direction, kind, body, media_key, media_name, media_mime, status, sender_user_id,
                      product_id, package_id, link_url, link_text)
VALUES (@company_id, @conversation_id, 'outbound', 'image', @body, @media_key, @media_name, @media_mime, 'queued', @sender_user_id,
        sqlc.narg('product_id'), sqlc.narg('package_id'), @link_url, @link_text)
RETURNING *;

-- name: MessageListRecentInbound :many
-- The customer's latest text messages in a conversation, newest first (for product recommendations).
SELECT body, created_at FROM messages
WHERE conversation_id = @conversation_id AND direction = 'inbound' AND body <> ''
ORDER BY created_at DESC, id DESC
LIMIT @lim;
