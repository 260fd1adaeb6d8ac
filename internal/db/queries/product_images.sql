-- name: ProductImageAdd :one
INSERT INTO product_images (company_id, product_id, blob_key, thumb_key, content_type, size_bytes, width, height, position, is_cover)
VALUES (@company_id, @product_id, @blob_key, @thumb_key, @content_type, @size_bytes, @width, @height,
        (SELECT coalesce(max(i.position) + 1, 0) FROM product_images i WHERE i.product_id = @product_id),
        NOT EXISTS (SELECT 1 FROM product_images i WHERE i.product_id = @product_id AND i.is_cover))
RETURNING *;

-- name: ProductImageList :many
SELECT * FROM product_images WHERE product_id = @product_id ORDER BY position, created_at;

-- name: ProductImageCount :one
SELECT count(*) FROM product_images WHERE product_id = @product_id;

-- name: ProductImageGet :one
SELECT * FROM product_images WHERE product_id = @product_id AND id = @id;

-- name: ProductImageSetPosition :exec
UPDATE product_images SET position = @position WHERE product_id = @product_id AND id = @id;

-- name: ProductImageClearCover :exec
UPDATE product_images SET is_cover = false WHERE product_id = @product_id AND is_cover;

-- name: ProductImageSetCover :exec
UPDATE product_images SET is_cover = true WHERE product_id = @product_id AND id = @id;

-- name: ProductImageDelete :one
DELETE FROM product_images WHERE product_id = @product_id AND id = @id RETURNING *;

-- name: ProductImageKeysByProduct :many
SELECT blob_key, thumb_key FROM product_images WHERE product_id = @product_id;
