-- name: WebhookEventInsert :one
-- Returns no row when the provider already delivered this event.
INSERT INTO webhook_events (company_id, channel, provider_event_id, body)
VALUES (@company_id, @channel, @provider_event_id, @body)
ON CONFLICT (company_id, channel, provider_event_id) DO NOTHING
RETURNING id;

-- name: WebhookEventGet :one
SELECT * FROM webhook_events WHERE id = @id;

-- name: WebhookEventMarkProcessed :exec
UPDATE webhook_events SET processed_at = now() WHERE id = @id AND processed_at IS NULL;

-- name: WebhookEventCompaniesWithOld :many
SELECT DISTINCT company_id FROM webhook_events WHERE received_at < @before
UNION
SELECT DISTINCT company_id FROM delivery_log WHERE created_at < @before;

-- name: WebhookEventPrune :execrows
-- Processed events only: an unprocessed one still has its job to run.
DELETE FROM webhook_events WHERE received_at < @before AND processed_at IS NOT NULL;
