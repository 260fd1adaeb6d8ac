package knowledge

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// FAQ is one question and answer pair.
type FAQ = dbgen.FaqGetRow

// FAQInput is a FAQ as an admin writes it.
type FAQInput struct {
	Question, Answer, Category, Language string
}

// Limits of the FAQ CSV import.
const (
	MaxFAQImportBytes = 2 << 20
	MaxFAQImportRows  = 5000
)

// FAQColumns are the CSV import and export columns.
var FAQColumns = []string{"question", "answer", "category", "language", "usage_count"}

// validate trims the input and names the first field at fault (prefix "body." or "row N, ").
func (in *FAQInput) validate(field func(string) string) error {
	in.Question, in.Answer, in.Category = strings.TrimSpace(in.Question), strings.TrimSpace(in.Answer), strings.TrimSpace(in.Category)
	in.Language = lang.Canonical(strings.ToLower(strings.TrimSpace(in.Language)))
	if in.Language == "" {
		in.Language = "en"
	}
	switch {
	case in.Question == "":
		return apperr.Invalid(field("question"), "Enter the question.")
	case utf8.RuneCountInString(in.Question) > 500:
		return apperr.Invalid(field("question"), "The question must be at most 500 characters.")
	case in.Answer == "":
		return apperr.Invalid(field("answer"), "Enter the answer.")
	case utf8.RuneCountInString(in.Answer) > 5000:
		return apperr.Invalid(field("answer"), "The answer must be at most 5000 characters.")
	case utf8.RuneCountInString(in.Category) > 100:
		return apperr.Invalid(field("category"), "The category must be at most 100 characters.")
	case !validLanguage(in.Language):
		return apperr.Invalid(field("language"), "Choose en, ms, zh or ta.")
	}
	return nil
}

func bodyField(f string) string { return "body." + f }

func faqGrams(in FAQInput) []string {
	return Grams(in.Question + "\n" + in.Answer + "\n" + in.Category)
}

func duplicateQuestion(err error) error {
	if c, dup := db.UniqueViolation(err); dup && c == "faqs_question_key" {
		return apperr.Invalid("body.question", "This question already has an answer in this language.")
	}
	return err
}

// FAQs lists the company's FAQs, filtered by text (question or answer), category and language.
func (s *Service) FAQs(ctx context.Context, companyID uuid.UUID, q, category, language string) ([]FAQ, error) {
	var rows []dbgen.FaqListAllRow
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		rows, err = tx.FaqListAll(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.FAQs: %w", err)
	}
	q = strings.ToLower(strings.TrimSpace(q))
	language = lang.Canonical(language)
	out := []FAQ{}
	for _, r := range rows {
		if category != "" && r.Category != category || language != "" && r.Language != language {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(r.Question), q) && !strings.Contains(strings.ToLower(r.Answer), q) &&
			!strings.Contains(strings.ToLower(r.Category), q) {
			continue
		}
		out = append(out, FAQ(r))
	}
	return out, nil
}

// CreateFAQ adds a FAQ.
// Errors: EINVALID (a field, or the question already answered in that language).
func (s *Service) CreateFAQ(ctx context.Context, companyID, actor uuid.UUID, in FAQInput) (*FAQ, error) {
	if err := in.validate(bodyField); err != nil {
		return nil, err
	}
	var out FAQ
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := tx.FaqCreate(ctx, dbgen.FaqCreateParams{CompanyID: companyID, Question: in.Question, Answer: in.Answer, Category: in.Category,
			Language: in.Language, Grams: faqGrams(in)})
		if err != nil {
			return duplicateQuestion(err)
		}
		out = FAQ(r)
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "knowledge.faq_created", TargetType: "faq", TargetID: r.ID.String()})
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.CreateFAQ: %w", err)
	}
	return &out, nil
}

// UpdateFAQ saves a FAQ.
// Errors: ENOTFOUND, EINVALID.
func (s *Service) UpdateFAQ(ctx context.Context, companyID, actor, id uuid.UUID, in FAQInput) (*FAQ, error) {
	if err := in.validate(bodyField); err != nil {
		return nil, err
	}
	var out FAQ
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := tx.FaqUpdate(ctx, dbgen.FaqUpdateParams{ID: id, Question: in.Question, Answer: in.Answer, Category: in.Category,
			Language: in.Language, Grams: faqGrams(in)})
		if db.IsNotFound(err) {
			return apperr.NotFound("FAQ")
		} else if err != nil {
			return duplicateQuestion(err)
		}
		out = FAQ(r)
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "knowledge.faq_updated", TargetType: "faq", TargetID: id.String()})
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.UpdateFAQ: %w", err)
	}
	return &out, nil
}

// DeleteFAQ removes a FAQ.
// Errors: ENOTFOUND.
func (s *Service) DeleteFAQ(ctx context.Context, companyID, actor, id uuid.UUID) error {
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		n, err := tx.FaqDelete(ctx, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFound("FAQ")
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "knowledge.faq_deleted", TargetType: "faq", TargetID: id.String()})
	})
	if err != nil {
		return fmt.Errorf("knowledge.DeleteFAQ: %w", err)
	}
	return nil
}

// RecordFAQUse counts that a reply drew on these FAQs (the usage counts the admin sees).
func (s *Service) RecordFAQUse(ctx context.Context, companyID uuid.UUID, ids ...uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	return s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error { return tx.FaqRecordUse(ctx, ids) })
}

// FAQImportResult is what an import did.
type FAQImportResult struct {
	Created, Updated int
}

// ParseFAQCSV reads a FAQ file: a header naming at least question and answer
// (category and language optional, any order, usage_count ignored), then one
// FAQ per row. Every row is validated; the first error names its row and column.
func ParseFAQCSV(r io.Reader) ([]FAQInput, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFAQImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFAQImportBytes {
		return nil, apperr.Invalid("body.file", "The file must be at most 2 MB.")
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) {
		return nil, apperr.Invalid("body.file", "The file must be UTF-8 text (save the spreadsheet as \"CSV UTF-8\").")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, apperr.Invalid("body.file", "The file is empty.")
	} else if err != nil {
		return nil, apperr.Invalid("body.file", "Row 1: "+csvReason(err))
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"question", "answer"} {
		if _, ok := col[need]; !ok {
			return nil, apperr.Invalid("body.file", fmt.Sprintf("Row 1: the header has no %q column.", need))
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return csvUnsafe(rec[i])
		}
		return ""
	}
	var out []FAQInput
	seen := map[string]int{}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, apperr.Invalid("body.file", fmt.Sprintf("Row %d: %s", row, csvReason(err)))
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(out) >= MaxFAQImportRows {
			return nil, apperr.Invalid("body.file", fmt.Sprintf("The file has more than %d FAQs.", MaxFAQImportRows))
		}
		in := FAQInput{Question: get(rec, "question"), Answer: get(rec, "answer"), Category: get(rec, "category"), Language: get(rec, "language")}
		rowNo := row
		if err := in.validate(func(f string) string { return fmt.Sprintf("body.file[row %d].%s", rowNo, f) }); err != nil {
			var ae *apperr.Error
			errors.As(err, &ae)
			return nil, apperr.Invalid("body.file", fmt.Sprintf("Row %d, column %s: %s", row, ae.Field[strings.LastIndex(ae.Field, ".")+1:], ae.Message))
		}
		k := in.Language + "\x00" + strings.ToLower(in.Question)
		if first, dup := seen[k]; dup {
			return nil, apperr.Invalid("body.file", fmt.Sprintf("Row %d, column question: the same question is on row %d.", row, first))
		}
		seen[k] = row
		out = append(out, in)
	}
	if len(out) == 0 {
		return nil, apperr.Invalid("body.file", "The file has a header but no FAQs.")
	}
	return out, nil
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error() + "."
	}
	return err.Error()
}

// ImportFAQs adds or updates (same question and language) every FAQ of a CSV file in one transaction: all or nothing.
// Errors: EINVALID (body.file, naming the row and column).
func (s *Service) ImportFAQs(ctx context.Context, companyID, actor uuid.UUID, r io.Reader) (*FAQImportResult, error) {
	rows, err := ParseFAQCSV(r)
	if err != nil {
		return nil, err
	}
	res := &FAQImportResult{}
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		for _, in := range rows {
			inserted, err := tx.FaqUpsert(ctx, dbgen.FaqUpsertParams{CompanyID: companyID, Question: in.Question, Answer: in.Answer,
				Category: in.Category, Language: in.Language, Grams: faqGrams(in)})
			if err != nil {
				return err
			}
			if inserted {
				res.Created++
			} else {
				res.Updated++
			}
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "knowledge.faq_imported", TargetType: "faq",
			Metadata: map[string]any{"created": res.Created, "updated": res.Updated}})
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.ImportFAQs: %w", err)
	}
	return res, nil
}

// ExportFAQs writes every FAQ as CSV (the import's columns plus usage_count).
func (s *Service) ExportFAQs(ctx context.Context, companyID uuid.UUID, w io.Writer) error {
	faqs, err := s.FAQs(ctx, companyID, "", "", "")
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(FAQColumns)
	for _, f := range faqs {
		_ = cw.Write([]string{csvSafe(f.Question), csvSafe(f.Answer), csvSafe(f.Category), f.Language, fmt.Sprint(f.UsageCount)})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe stops a spreadsheet from running a cell as a formula; csvUnsafe undoes it on import.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvUnsafe(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
