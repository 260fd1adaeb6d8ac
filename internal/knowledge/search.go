package knowledge

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
)

// Hit kinds.
const (
	HitFAQ   = "faq"
	HitChunk = "chunk"
)

// Hit is one retrieved piece of knowledge with its score (higher is better).
type Hit struct {
	Kind         string    // "faq" or "chunk"
	ID           uuid.UUID // the FAQ or the chunk
	DocumentID   uuid.UUID // chunks: their document
	DocumentName string
	Question     string // FAQs
	Text         string // the FAQ's answer or the chunk's content
	Language     string // FAQs
	Score        float64
}

// MaxSearchLimit caps Search's limit.
const MaxSearchLimit = 50

// searchSQL ranks FAQs and chunks together. Each candidate matches at least one of:
// a shared gram (words; Chinese/Tamil bigrams), the full-text query (Latin words,
// prefix-matched so "harga" finds "harganya"), or trigram word similarity
// (misspellings). The score adds the share of the query's grams found, the
// full-text rank and a part of the similarity; a FAQ's question weighs more (tsv weight A).
const searchSQL = `
WITH q AS (SELECT $1::text[] AS grams, CASE WHEN $2 = '' THEN NULL ELSE to_tsquery('simple', $2) END AS tsq, $3::text AS raw)
SELECT kind, id, document_id, document_name, question, body, language,
       overlap + coalesce(rank, 0) + 0.3 * sim AS score
FROM (
    SELECT 'faq' AS kind, f.id, NULL::uuid AS document_id, '' AS document_name, f.question, f.answer AS body, f.language,
           cardinality(ARRAY(SELECT unnest(f.grams) INTERSECT SELECT unnest(q.grams)))::float8 / greatest(cardinality(q.grams), 1) AS overlap,
           ts_rank(f.tsv, q.tsq)::float8 AS rank,
           word_similarity(q.raw, f.question || ' ' || f.answer)::float8 AS sim
    FROM faqs f, q
    WHERE f.grams && q.grams OR (q.tsq IS NOT NULL AND f.tsv @@ q.tsq) OR q.raw <% (f.question || ' ' || f.answer)
    UNION ALL
    SELECT 'chunk', c.id, c.document_id, d.name, '', c.content, '',
           cardinality(ARRAY(SELECT unnest(c.grams) INTERSECT SELECT unnest(q.grams)))::float8 / greatest(cardinality(q.grams), 1),
           ts_rank(c.tsv, q.tsq)::float8,
           word_similarity(q.raw, c.content)::float8
    FROM knowledge_chunks c JOIN knowledge_documents d ON d.company_id = c.company_id AND d.id = c.document_id, q
    WHERE d.status = 'processed'
      AND (c.grams && q.grams OR (q.tsq IS NOT NULL AND c.tsv @@ q.tsq) OR q.raw <% c.content)
) hits
ORDER BY score DESC, kind DESC, id
LIMIT $4`

// Search returns the company's FAQs and document chunks that best answer query,
// best first, at most limit (default 5, at most 50). The reply engine builds its
// context from these; an empty query finds nothing.
func (s *Service) Search(ctx context.Context, companyID uuid.UUID, query string, limit int) ([]Hit, error) {
	query = strings.TrimSpace(strings.ToValidUTF8(query, ""))
	if utf8.RuneCountInString(query) > 1000 {
		query = string([]rune(query)[:1000])
	}
	if limit <= 0 {
		limit = 5
	}
	if limit > MaxSearchLimit {
		limit = MaxSearchLimit
	}
	grams := queryGrams(query)
	if len(grams) == 0 {
		return []Hit{}, nil
	}
	var terms []string
	for _, w := range latinWords(query) {
		terms = append(terms, "'"+w+"':*")
	}
	hits := []Hit{}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, searchSQL, grams, strings.Join(terms, " | "), strings.ToLower(query), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h Hit
			var doc uuid.NullUUID
			if err := rows.Scan(&h.Kind, &h.ID, &doc, &h.DocumentName, &h.Question, &h.Text, &h.Language, &h.Score); err != nil {
				return err
			}
			h.DocumentID = doc.UUID
			hits = append(hits, h)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.Search: %w", err)
	}
	return hits, nil
}
