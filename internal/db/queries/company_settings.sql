-- name: CompanySettingsCreate :exec
INSERT INTO company_settings (company_id, country, timezone, currency, business_hours)
VALUES (@company_id, @country, @timezone, @currency, @business_hours);

-- name: CompanySettingsGet :one
SELECT * FROM company_settings WHERE company_id = @company_id;

-- name: CompanySettingsUpdate :one
UPDATE company_settings SET
    contact_email = @contact_email, contact_phone = @contact_phone, address = @address, website = @website,
    country = @country, preferred_language = @preferred_language, additional_languages = @additional_languages,
    timezone = @timezone, currency = @currency, date_format = @date_format, business_hours = @business_hours,
    industry_category_id = @industry_category_id, custom_industry_name = @custom_industry_name,
    onboarding_step = greatest(onboarding_step, 1),
    onboarding_completed_at = coalesce(onboarding_completed_at, now()),
    updated_at = now()
WHERE company_id = @company_id
RETURNING *;

-- name: CompanySummary :one
SELECT c.id, c.name, c.slug, c.logo_key, c.status, s.onboarding_step, s.onboarding_completed_at, s.timezone, s.currency, s.date_format
FROM companies c JOIN company_settings s ON s.company_id = c.id
WHERE c.id = @id;
