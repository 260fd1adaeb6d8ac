-- name: CompanyTemplateUsageEventInsert :execrows
-- Records one use, send or conversion; 0 rows when it was already recorded.
INSERT INTO company_template_usage_events (company_id, kind, ref_id, template_id)
VALUES (@company_id, @kind, @ref_id, @template_id)
ON CONFLICT DO NOTHING;

-- name: CompanyTemplateUsageBump :exec
INSERT INTO company_template_usage (company_id, template_id, used_count, sent_count, conversion_count, last_used_at)
VALUES (@company_id, @template_id, @used::integer, @sent::integer, @converted::integer, CASE WHEN @used::integer > 0 THEN now() END)
ON CONFLICT (company_id, template_id) DO UPDATE SET
    used_count = company_template_usage.used_count + excluded.used_count,
    sent_count = company_template_usage.sent_count + excluded.sent_count,
    conversion_count = company_template_usage.conversion_count + excluded.conversion_count,
    last_used_at = coalesce(excluded.last_used_at, company_template_usage.last_used_at);

-- name: CompanyTemplateUsageList :many
SELECT * FROM company_template_usage ORDER BY template_id;

-- name: CompanyTemplateUsageSentInConversation :many
-- The templates whose replies were sent in a conversation.
SELECT DISTINCT e.template_id FROM company_template_usage_events e
JOIN messages m ON m.company_id = e.company_id AND m.id = e.ref_id
WHERE e.kind = 'send' AND m.conversation_id = @conversation_id;

-- name: CompanyTemplateUsageTotals :many
-- Usage of every template across the companies visible in scope (all of them for the platform).
SELECT template_id, count(*)::integer AS companies, sum(used_count)::bigint AS used, sum(sent_count)::bigint AS sent,
    sum(conversion_count)::bigint AS converted
FROM company_template_usage GROUP BY template_id;

-- name: CompanyTemplateEnabledCounts :many
-- Companies that turned a template off or marked it preferred.
SELECT template_id, count(*) FILTER (WHERE NOT is_enabled)::integer AS disabled, count(*) FILTER (WHERE is_preferred)::integer AS preferred
FROM company_template_settings GROUP BY template_id;
