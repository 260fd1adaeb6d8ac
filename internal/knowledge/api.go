package knowledge

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// KnowledgeDocumentView is a training document without its text.
type KnowledgeDocumentView struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Mime        string     `json:"mime"`
	SizeBytes   int32      `json:"size_bytes"`
	Status      string     `json:"status" enum:"uploaded,processing,processed,failed"`
	Error       string     `json:"error" doc:"Why processing failed."`
	CharCount   int32      `json:"char_count"`
	ChunkCount  int32      `json:"chunk_count"`
	CreatedAt   time.Time  `json:"created_at"`
	ProcessedAt *time.Time `json:"processed_at" nullable:"true"`
}

// KnowledgeDocumentDetailView is a document with its extracted text.
type KnowledgeDocumentDetailView struct {
	KnowledgeDocumentView
	Text string `json:"text"`
}

func docView(d dbgen.KnowledgeDocument) KnowledgeDocumentView {
	return KnowledgeDocumentView{ID: d.ID.String(), Name: d.Name, Mime: d.Mime, SizeBytes: d.SizeBytes, Status: d.Status, Error: d.Error,
		CharCount: d.CharCount, ChunkCount: d.ChunkCount, CreatedAt: d.CreatedAt, ProcessedAt: d.ProcessedAt}
}

// FAQView is a FAQ.
type FAQView struct {
	ID         string    `json:"id"`
	Question   string    `json:"question"`
	Answer     string    `json:"answer"`
	Category   string    `json:"category"`
	Language   string    `json:"language" enum:"en,ms,zh,ta"`
	UsageCount int32     `json:"usage_count"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func faqView(f FAQ) FAQView {
	return FAQView{ID: f.ID.String(), Question: f.Question, Answer: f.Answer, Category: f.Category, Language: f.Language,
		UsageCount: f.UsageCount, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
}

// FAQBody is a FAQ as the API accepts it.
type FAQBody struct {
	Question string `json:"question" maxLength:"500"`
	Answer   string `json:"answer" maxLength:"5000"`
	Category string `json:"category,omitempty" maxLength:"100"`
	Language string `json:"language,omitempty" enum:"en,ms,bm,zh,ta," doc:"Defaults to en; bm is accepted for ms."`
}

func (b FAQBody) input() FAQInput {
	return FAQInput{Question: b.Question, Answer: b.Answer, Category: b.Category, Language: lang.Canonical(b.Language)}
}

// KnowledgeBuildView is a rebuild's progress.
type KnowledgeBuildView struct {
	ID              string     `json:"id"`
	Status          string     `json:"status" enum:"queued,running,done,failed"`
	Error           string     `json:"error"`
	TotalDocuments  int32      `json:"total_documents"`
	DoneDocuments   int32      `json:"done_documents"`
	FailedDocuments int32      `json:"failed_documents"`
	ChunkCount      int32      `json:"chunk_count"`
	FAQCount        int32      `json:"faq_count"`
	CreatedAt       time.Time  `json:"created_at"`
	FinishedAt      *time.Time `json:"finished_at" nullable:"true"`
}

func buildView(b *dbgen.KnowledgeBuild) *KnowledgeBuildView {
	if b == nil {
		return nil
	}
	return &KnowledgeBuildView{ID: b.ID.String(), Status: b.Status, Error: b.Error, TotalDocuments: b.TotalDocuments, DoneDocuments: b.DoneDocuments,
		FailedDocuments: b.FailedDocuments, ChunkCount: b.ChunkCount, FAQCount: b.FaqCount, CreatedAt: b.CreatedAt, FinishedAt: b.FinishedAt}
}

// KnowledgeFailureView is a document that could not be read.
type KnowledgeFailureView struct {
	ID    string     `json:"id"`
	Name  string     `json:"name"`
	Error string     `json:"error"`
	At    *time.Time `json:"at" nullable:"true"`
}

// KnowledgeStatusView is what the AI currently knows.
type KnowledgeStatusView struct {
	Documents          int32                  `json:"documents"`
	ProcessedDocuments int32                  `json:"processed_documents"`
	PendingDocuments   int32                  `json:"pending_documents"`
	FailedDocuments    int32                  `json:"failed_documents"`
	Chunks             int32                  `json:"chunks"`
	FAQs               int32                  `json:"faqs"`
	FAQUses            int64                  `json:"faq_uses"`
	HasBrandVoice      bool                   `json:"has_brand_voice"`
	HasPlaybook        bool                   `json:"has_playbook"`
	LastUpdatedAt      *time.Time             `json:"last_updated_at" nullable:"true"`
	Failures           []KnowledgeFailureView `json:"failures"`
	LastBuild          *KnowledgeBuildView    `json:"last_build,omitempty" doc:"Absent before the first rebuild."`
}

// KnowledgeHitView is one search result.
type KnowledgeHitView struct {
	Kind         string  `json:"kind" enum:"faq,chunk"`
	ID           string  `json:"id"`
	DocumentID   string  `json:"document_id,omitempty"`
	DocumentName string  `json:"document_name,omitempty"`
	Question     string  `json:"question,omitempty"`
	Text         string  `json:"text"`
	Language     string  `json:"language,omitempty"`
	Score        float64 `json:"score"`
}

type knowledgeIDInput struct {
	ID uuid.UUID `path:"id"`
}

type knowledgeDocumentListOutput struct {
	Body struct {
		Items []KnowledgeDocumentView `json:"items"`
	}
}

type knowledgeDocumentOutput struct{ Body KnowledgeDocumentView }

type knowledgeDocumentDetailOutput struct{ Body KnowledgeDocumentDetailView }

type knowledgeUploadInput struct {
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true" doc:"PDF, DOCX or TXT, at most 10 MB; the type is checked from the content."`
	}]
}

type faqListInput struct {
	Query    string `query:"q" maxLength:"200" doc:"Matched in question, answer and category."`
	Category string `query:"category" maxLength:"100"`
	Language string `query:"language" enum:"en,ms,bm,zh,ta," doc:"bm is accepted for ms."`
}

type faqListOutput struct {
	Body struct {
		Items      []FAQView `json:"items"`
		Categories []string  `json:"categories"`
	}
}

type faqWriteInput struct{ Body FAQBody }

type faqUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body FAQBody
}

type faqOutput struct{ Body FAQView }

type faqImportInput struct {
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true" doc:"CSV with a header: question, answer, and optional category, language."`
	}]
}

type faqImportOutput struct {
	Body struct {
		Created int `json:"created"`
		Updated int `json:"updated"`
	}
}

type faqExportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

type brandVoiceOutput struct{ Body BrandVoice }

type brandVoiceInput struct{ Body BrandVoice }

type knowledgeStatusOutput struct{ Body KnowledgeStatusView }

type knowledgeBuildOutput struct{ Body KnowledgeBuildView }

type knowledgeSearchInput struct {
	Query string `query:"q" maxLength:"1000" doc:"What a customer might ask."`
	Limit int    `query:"limit" minimum:"0" maximum:"50"`
}

type knowledgeSearchOutput struct {
	Body struct {
		Items []KnowledgeHitView `json:"items"`
	}
}

type companyPlaybookOutput struct {
	Body struct {
		Playbook *Playbook `json:"playbook,omitempty" doc:"Absent until the company chooses its industry."`
	}
}

// RegisterCompany adds the company admin's knowledge operations (/company/training).
func RegisterCompany(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "knowledge-document-list", Method: http.MethodGet, Path: "/knowledge/documents", Summary: "Training documents, newest first",
	}, func(ctx context.Context, _ *struct{}) (*knowledgeDocumentListOutput, error) {
		cid, _ := principal(ctx)
		rows, err := s.Documents(ctx, cid)
		if err != nil {
			return nil, err
		}
		out := &knowledgeDocumentListOutput{}
		out.Body.Items = []KnowledgeDocumentView{}
		for _, r := range rows {
			out.Body.Items = append(out.Body.Items, docView(dbgen.KnowledgeDocument{ID: r.ID, Name: r.Name, Mime: r.Mime, SizeBytes: r.SizeBytes,
				Status: r.Status, Error: r.Error, CharCount: r.CharCount, ChunkCount: r.ChunkCount, CreatedAt: r.CreatedAt, ProcessedAt: r.ProcessedAt}))
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-document-upload", Method: http.MethodPost, Path: "/knowledge/documents",
		Summary: "Upload a training document; it is processed in the background", DefaultStatus: http.StatusAccepted,
		MaxBodyBytes: MaxDocumentBytes + 64<<10, Errors: []int{413, 422},
	}, func(ctx context.Context, in *knowledgeUploadInput) (*knowledgeDocumentOutput, error) {
		form := in.RawBody.Data()
		if !form.File.IsSet {
			return nil, apperr.Invalid("body.file", "Choose a PDF, DOCX or TXT file.")
		}
		data, err := io.ReadAll(io.LimitReader(form.File, MaxDocumentBytes+1))
		if err != nil {
			return nil, err
		}
		cid, uid := principal(ctx)
		d, err := s.Upload(ctx, cid, uid, form.File.Filename, data)
		if err != nil {
			return nil, err
		}
		return &knowledgeDocumentOutput{Body: docView(*d)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-document-get", Method: http.MethodGet, Path: "/knowledge/documents/{id}", Summary: "A document with its extracted text",
		Errors: []int{404},
	}, func(ctx context.Context, in *knowledgeIDInput) (*knowledgeDocumentDetailOutput, error) {
		cid, _ := principal(ctx)
		d, err := s.Document(ctx, cid, in.ID)
		if err != nil {
			return nil, err
		}
		return &knowledgeDocumentDetailOutput{Body: KnowledgeDocumentDetailView{KnowledgeDocumentView: docView(*d), Text: d.Text}}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-document-delete", Method: http.MethodDelete, Path: "/knowledge/documents/{id}",
		Summary: "Delete a document, its file and what was learnt from it", DefaultStatus: http.StatusNoContent, Errors: []int{404},
	}, func(ctx context.Context, in *knowledgeIDInput) (*struct{}, error) {
		cid, uid := principal(ctx)
		return nil, s.DeleteDocument(ctx, cid, uid, in.ID)
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-faq-list", Method: http.MethodGet, Path: "/knowledge/faqs", Summary: "FAQs with their usage counts",
		Errors: []int{422},
	}, func(ctx context.Context, in *faqListInput) (*faqListOutput, error) {
		cid, _ := principal(ctx)
		faqs, err := s.FAQs(ctx, cid, in.Query, in.Category, lang.Canonical(in.Language))
		if err != nil {
			return nil, err
		}
		all, err := s.FAQs(ctx, cid, "", "", "")
		if err != nil {
			return nil, err
		}
		out := &faqListOutput{}
		out.Body.Items = []FAQView{}
		out.Body.Categories = []string{}
		for _, f := range faqs {
			out.Body.Items = append(out.Body.Items, faqView(f))
		}
		seen := map[string]bool{}
		for _, f := range all {
			if f.Category != "" && !seen[f.Category] {
				seen[f.Category] = true
				out.Body.Categories = append(out.Body.Categories, f.Category)
			}
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-faq-create", Method: http.MethodPost, Path: "/knowledge/faqs", Summary: "Add a FAQ",
		DefaultStatus: http.StatusCreated, Errors: []int{422},
	}, func(ctx context.Context, in *faqWriteInput) (*faqOutput, error) {
		cid, uid := principal(ctx)
		f, err := s.CreateFAQ(ctx, cid, uid, in.Body.input())
		if err != nil {
			return nil, err
		}
		return &faqOutput{Body: faqView(*f)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-faq-update", Method: http.MethodPut, Path: "/knowledge/faqs/{id}", Summary: "Save a FAQ",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *faqUpdateInput) (*faqOutput, error) {
		cid, uid := principal(ctx)
		f, err := s.UpdateFAQ(ctx, cid, uid, in.ID, in.Body.input())
		if err != nil {
			return nil, err
		}
		return &faqOutput{Body: faqView(*f)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-faq-delete", Method: http.MethodDelete, Path: "/knowledge/faqs/{id}", Summary: "Delete a FAQ",
		DefaultStatus: http.StatusNoContent, Errors: []int{404},
	}, func(ctx context.Context, in *knowledgeIDInput) (*struct{}, error) {
		cid, uid := principal(ctx)
		return nil, s.DeleteFAQ(ctx, cid, uid, in.ID)
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-faq-import", Method: http.MethodPost, Path: "/knowledge/faqs/import",
		Summary: "Add or update FAQs from a CSV file (all rows or none)", MaxBodyBytes: MaxFAQImportBytes + 64<<10, Errors: []int{413, 422},
	}, func(ctx context.Context, in *faqImportInput) (*faqImportOutput, error) {
		form := in.RawBody.Data()
		if !form.File.IsSet {
			return nil, apperr.Invalid("body.file", "Choose a CSV file.")
		}
		cid, uid := principal(ctx)
		res, err := s.ImportFAQs(ctx, cid, uid, form.File)
		if err != nil {
			return nil, err
		}
		out := &faqImportOutput{}
		out.Body.Created, out.Body.Updated = res.Created, res.Updated
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-faq-export", Method: http.MethodGet, Path: "/knowledge/faqs/export", Summary: "Every FAQ as CSV (the import's columns)",
	}, func(ctx context.Context, _ *struct{}) (*faqExportOutput, error) {
		cid, _ := principal(ctx)
		var buf bytes.Buffer
		if err := s.ExportFAQs(ctx, cid, &buf); err != nil {
			return nil, err
		}
		return &faqExportOutput{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="faqs.csv"`, Body: buf.Bytes()}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-brand-voice-get", Method: http.MethodGet, Path: "/knowledge/brand-voice", Summary: "The brand voice (defaults until saved)",
	}, func(ctx context.Context, _ *struct{}) (*brandVoiceOutput, error) {
		cid, _ := principal(ctx)
		v, err := s.GetBrandVoice(ctx, cid)
		if err != nil {
			return nil, err
		}
		return &brandVoiceOutput{Body: *v}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-brand-voice-update", Method: http.MethodPut, Path: "/knowledge/brand-voice", Summary: "Save the brand voice",
		Errors: []int{422},
	}, func(ctx context.Context, in *brandVoiceInput) (*brandVoiceOutput, error) {
		cid, uid := principal(ctx)
		v, err := s.SaveBrandVoice(ctx, cid, uid, in.Body)
		if err != nil {
			return nil, err
		}
		return &brandVoiceOutput{Body: *v}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-status", Method: http.MethodGet, Path: "/knowledge/status", Summary: "What the AI knows: counts, last update, failures, last rebuild",
	}, func(ctx context.Context, _ *struct{}) (*knowledgeStatusOutput, error) {
		cid, _ := principal(ctx)
		st, err := s.Status(ctx, cid)
		if err != nil {
			return nil, err
		}
		pb, err := s.CompanyPlaybook(ctx, cid)
		if err != nil {
			return nil, err
		}
		c := st.Counts
		v := KnowledgeStatusView{Documents: c.Documents, ProcessedDocuments: c.ProcessedDocuments, PendingDocuments: c.PendingDocuments,
			FailedDocuments: c.FailedDocuments, Chunks: c.Chunks, FAQs: c.Faqs, FAQUses: c.FaqUses, HasBrandVoice: c.HasBrandVoice,
			HasPlaybook: pb != nil, LastUpdatedAt: st.LastUpdatedAt, Failures: []KnowledgeFailureView{}, LastBuild: buildView(st.LastBuild)}
		for _, f := range st.FailedDocuments {
			v.Failures = append(v.Failures, KnowledgeFailureView{ID: f.ID.String(), Name: f.Name, Error: f.Error, At: f.ProcessedAt})
		}
		return &knowledgeStatusOutput{Body: v}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-rebuild", Method: http.MethodPost, Path: "/knowledge/rebuild",
		Summary: "Rebuild the index in the background (a rebuild already queued or running is returned)", DefaultStatus: http.StatusAccepted,
	}, func(ctx context.Context, _ *struct{}) (*knowledgeBuildOutput, error) {
		cid, uid := principal(ctx)
		b, err := s.Rebuild(ctx, cid, uid)
		if err != nil {
			return nil, err
		}
		return &knowledgeBuildOutput{Body: *buildView(b)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-search", Method: http.MethodGet, Path: "/knowledge/search", Summary: "Try what the AI would retrieve for a question",
		Errors: []int{422},
	}, func(ctx context.Context, in *knowledgeSearchInput) (*knowledgeSearchOutput, error) {
		cid, _ := principal(ctx)
		hits, err := s.Search(ctx, cid, in.Query, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &knowledgeSearchOutput{}
		out.Body.Items = []KnowledgeHitView{}
		for _, h := range hits {
			v := KnowledgeHitView{Kind: h.Kind, ID: h.ID.String(), DocumentName: h.DocumentName, Question: h.Question, Text: h.Text, Language: h.Language, Score: h.Score}
			if h.DocumentID != uuid.Nil {
				v.DocumentID = h.DocumentID.String()
			}
			out.Body.Items = append(out.Body.Items, v)
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "knowledge-playbook", Method: http.MethodGet, Path: "/knowledge/playbook", Summary: "The playbook of the company's industry (read-only)",
	}, func(ctx context.Context, _ *struct{}) (*companyPlaybookOutput, error) {
		cid, _ := principal(ctx)
		p, err := s.CompanyPlaybook(ctx, cid)
		if err != nil {
			return nil, err
		}
		out := &companyPlaybookOutput{}
		out.Body.Playbook = p
		return out, nil
	})
}

type playbookListOutput struct {
	Body struct {
		Items []Playbook `json:"items"`
	}
}

type playbookOutput struct{ Body Playbook }

type playbookUpdateInput struct {
	ID   uuid.UUID `path:"id" doc:"The industry's id."`
	Body PlaybookInput
}

// RegisterPlatform adds the super admin's playbook editor.
func RegisterPlatform(platform huma.API, s *Service) {
	huma.Register(platform, huma.Operation{
		OperationID: "playbook-list", Method: http.MethodGet, Path: "/playbooks", Summary: "Every industry's sales playbook",
	}, func(ctx context.Context, _ *struct{}) (*playbookListOutput, error) {
		items, err := s.Playbooks(ctx)
		if err != nil {
			return nil, err
		}
		out := &playbookListOutput{}
		out.Body.Items = items
		return out, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "playbook-get", Method: http.MethodGet, Path: "/playbooks/{id}", Summary: "One industry's playbook",
		Errors: []int{404},
	}, func(ctx context.Context, in *knowledgeIDInput) (*playbookOutput, error) {
		p, err := s.Playbook(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &playbookOutput{Body: *p}, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "playbook-update", Method: http.MethodPut, Path: "/playbooks/{id}", Summary: "Save an industry's playbook (every company of it reads the new one)",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *playbookUpdateInput) (*playbookOutput, error) {
		_, uid := principal(ctx)
		p, err := s.SavePlaybook(ctx, uid, in.ID, in.Body)
		if err != nil {
			return nil, err
		}
		return &playbookOutput{Body: *p}, nil
	})
}
