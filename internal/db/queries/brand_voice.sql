-- name: BrandVoiceGet :one
SELECT * FROM brand_voice WHERE company_id = @company_id;

-- name: BrandVoiceSave :one
INSERT INTO brand_voice (company_id, tone, style, primary_language, secondary_languages, mirror_customer, dos, donts,
    sample_conversations, updated_by, updated_at)
VALUES (@company_id, @tone, @style, @primary_language, @secondary_languages, @mirror_customer, @dos, @donts,
    @sample_conversations, sqlc.narg('updated_by'), now())
ON CONFLICT (company_id) DO UPDATE
SET tone = EXCLUDED.tone, style = EXCLUDED.style, primary_language = EXCLUDED.primary_language,
    secondary_languages = EXCLUDED.secondary_languages, mirror_customer = EXCLUDED.mirror_customer, dos = EXCLUDED.dos,
    donts = EXCLUDED.donts, sample_conversations = EXCLUDED.sample_conversations, updated_by = EXCLUDED.updated_by,
    updated_at = now()
RETURNING *;
