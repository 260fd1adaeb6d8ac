-- name: SaleInsert :one
INSERT INTO sales (company_id, conversation_id, contact_id, agent_id, amount_minor, currency, payment_method, notes, created_by)
VALUES (@company_id, @conversation_id, @contact_id, sqlc.narg(agent_id), @amount_minor, @currency, @payment_method, @notes, @created_by)
RETURNING *;

-- name: SaleItemInsert :exec
INSERT INTO sale_items (company_id, sale_id, product_id, name, quantity, unit_price_minor)
VALUES (@company_id, @sale_id, sqlc.narg(product_id), @name, @quantity, @unit_price_minor);

-- name: SaleGetByConversation :one
SELECT * FROM sales WHERE conversation_id = @conversation_id;

-- name: SaleItemListBySale :many
SELECT * FROM sale_items WHERE sale_id = @sale_id ORDER BY id;
