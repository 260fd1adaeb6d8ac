-- name: DeliveryLogInsert :exec
INSERT INTO delivery_log (company_id, channel, direction, status, http_status, message_id, detail)
VALUES (@company_id, @channel, @direction, @status, @http_status, @message_id, @detail);

-- name: DeliveryLogList :many
SELECT * FROM delivery_log
WHERE (sqlc.narg(channel)::text IS NULL OR channel = sqlc.narg(channel))
ORDER BY id DESC LIMIT @lim;

-- name: DeliveryLogPrune :execrows
DELETE FROM delivery_log WHERE created_at < @before;
