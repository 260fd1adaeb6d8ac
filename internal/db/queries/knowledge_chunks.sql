-- name: KnowledgeChunkDeleteByDocument :exec
DELETE FROM knowledge_chunks WHERE document_id = @document_id;

-- name: KnowledgeChunkInsert :exec
INSERT INTO knowledge_chunks (company_id, document_id, position, content, grams)
VALUES (@company_id, @document_id, @position, @content, @grams);
