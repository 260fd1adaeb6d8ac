-- name: PacingReserve :many
-- Takes the key's slot when it is free (one row returned) and books the next
-- one every_ms later; a taken slot is left alone (no row).
INSERT INTO send_pacing (company_id, key, next_at)
VALUES (sqlc.arg(company_id), sqlc.arg(pace_key), now() + (sqlc.arg(every_ms)::bigint * interval '1 millisecond'))
ON CONFLICT (company_id, key) DO UPDATE SET next_at = excluded.next_at
WHERE send_pacing.next_at <= now()
RETURNING next_at;

-- name: PacingWait :one
-- How long until the key's slot frees, in milliseconds (0 when free).
SELECT greatest(0, ceil(extract(epoch FROM next_at - now()) * 1000))::bigint AS wait_ms
FROM send_pacing WHERE key = sqlc.arg(pace_key);
