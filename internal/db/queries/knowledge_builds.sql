-- name: KnowledgeBuildCreate :one
INSERT INTO knowledge_builds (company_id, total_documents, created_by)
VALUES (@company_id, @total_documents, sqlc.narg('created_by'))
RETURNING *;

-- name: KnowledgeBuildGet :one
SELECT * FROM knowledge_builds WHERE id = @id;

-- name: KnowledgeBuildLatest :one
SELECT * FROM knowledge_builds ORDER BY created_at DESC, id LIMIT 1;

-- name: KnowledgeBuildStart :exec
UPDATE knowledge_builds SET status = 'running', started_at = now(), total_documents = @total_documents WHERE id = @id;

-- name: KnowledgeBuildProgress :exec
UPDATE knowledge_builds SET done_documents = @done_documents, failed_documents = @failed_documents WHERE id = @id;

-- name: KnowledgeBuildFinish :exec
UPDATE knowledge_builds SET status = @status, error = @error, chunk_count = @chunk_count, faq_count = @faq_count,
    finished_at = now()
WHERE id = @id;

-- name: KnowledgeStatusCounts :one
SELECT
    (SELECT count(*) FROM knowledge_documents)::int AS documents,
    (SELECT count(*) FROM knowledge_documents WHERE status = 'processed')::int AS processed_documents,
    (SELECT count(*) FROM knowledge_documents WHERE status IN ('uploaded', 'processing'))::int AS pending_documents,
    (SELECT count(*) FROM knowledge_documents WHERE status = 'failed')::int AS failed_documents,
    (SELECT count(*) FROM knowledge_chunks)::int AS chunks,
    (SELECT count(*) FROM faqs)::int AS faqs,
    (SELECT coalesce(sum(usage_count), 0) FROM faqs)::bigint AS faq_uses,
    (SELECT EXISTS (SELECT 1 FROM brand_voice))::boolean AS has_brand_voice,
    greatest((SELECT max(processed_at) FROM knowledge_documents WHERE status = 'processed'),
             (SELECT max(updated_at) FROM faqs),
             (SELECT max(finished_at) FROM knowledge_builds WHERE status = 'done'), 'epoch'::timestamptz)::timestamptz AS last_updated_at;

-- name: KnowledgeFailedDocuments :many
SELECT id, name, error, processed_at FROM knowledge_documents WHERE status = 'failed' ORDER BY processed_at DESC NULLS LAST LIMIT 20;
