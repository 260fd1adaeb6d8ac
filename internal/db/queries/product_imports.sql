-- name: ProductImportCreate :one
INSERT INTO product_imports (company_id, blob_key, mode, total_rows, created_by)
VALUES (@company_id, @blob_key, @mode, @total_rows, sqlc.narg('created_by'))
RETURNING *;

-- name: ProductImportGet :one
SELECT * FROM product_imports WHERE id = @id;

-- name: ProductImportProgress :exec
UPDATE product_imports SET status = 'running', processed_rows = @processed_rows, imported_rows = @imported_rows,
    failed_rows = @failed_rows
WHERE id = @id;

-- name: ProductImportFinish :exec
UPDATE product_imports SET status = @status, processed_rows = @processed_rows, imported_rows = @imported_rows,
    failed_rows = @failed_rows, errors = @errors, detail = @detail, finished_at = now()
WHERE id = @id;

-- name: ProductExportList :many
SELECT * FROM products ORDER BY lower(name), id;
