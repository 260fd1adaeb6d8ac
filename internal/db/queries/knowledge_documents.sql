-- name: KnowledgeDocumentCreate :one
INSERT INTO knowledge_documents (company_id, name, mime, size_bytes, blob_key, created_by)
VALUES (@company_id, @name, @mime, @size_bytes, @blob_key, sqlc.narg('created_by'))
RETURNING *;

-- name: KnowledgeDocumentList :many
SELECT id, name, mime, size_bytes, status, error, char_count, chunk_count, created_at, processed_at
FROM knowledge_documents ORDER BY created_at DESC, id;

-- name: KnowledgeDocumentGet :one
SELECT * FROM knowledge_documents WHERE id = @id;

-- name: KnowledgeDocumentStart :one
UPDATE knowledge_documents SET status = 'processing', error = ''
WHERE id = @id RETURNING *;

-- name: KnowledgeDocumentFinish :exec
UPDATE knowledge_documents SET status = 'processed', error = '', text = @text, char_count = @char_count,
    chunk_count = @chunk_count, processed_at = now()
WHERE id = @id;

-- name: KnowledgeDocumentFail :exec
UPDATE knowledge_documents SET status = 'failed', error = @error, text = '', char_count = 0, chunk_count = 0,
    processed_at = now()
WHERE id = @id;

-- name: KnowledgeDocumentDelete :one
DELETE FROM knowledge_documents WHERE id = @id RETURNING blob_key;

-- name: KnowledgeDocumentIDs :many
SELECT id FROM knowledge_documents ORDER BY created_at, id;
