-- name: CompanyTemplateSettingList :many
SELECT * FROM company_template_settings ORDER BY template_id;

-- name: CompanyTemplateSettingGet :one
SELECT * FROM company_template_settings WHERE company_id = @company_id AND template_id = @template_id;

-- name: CompanyTemplateSettingUpsert :one
INSERT INTO company_template_settings (company_id, template_id, is_enabled, is_preferred, priority, customization)
VALUES (@company_id, @template_id, @is_enabled, @is_preferred, @priority, @customization)
ON CONFLICT (company_id, template_id) DO UPDATE SET is_enabled = excluded.is_enabled, is_preferred = excluded.is_preferred,
    priority = excluded.priority, customization = excluded.customization, updated_at = now()
RETURNING *;

-- name: CompanyTemplateLanguagesGet :one
SELECT languages FROM company_template_languages WHERE company_id = @company_id;

-- name: CompanyTemplateLanguagesSet :exec
INSERT INTO company_template_languages (company_id, languages) VALUES (@company_id, @languages)
ON CONFLICT (company_id) DO UPDATE SET languages = excluded.languages, updated_at = now();

-- name: CompanyTemplateContext :one
-- What personalisation and matching need to know about the company in scope.
SELECT c.name, s.currency, s.date_format, s.timezone, coalesce(i.slug, '')::text AS industry
FROM companies c
JOIN company_settings s ON s.company_id = c.id
LEFT JOIN industry_categories i ON i.id = s.industry_category_id
WHERE c.id = @company_id;
