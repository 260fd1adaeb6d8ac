package knowledge

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// MaxDocumentBytes is the largest training document accepted.
const MaxDocumentBytes = 10 << 20

// Document statuses.
const (
	StatusUploaded   = "uploaded"
	StatusProcessing = "processing"
	StatusProcessed  = "processed"
	StatusFailed     = "failed"
)

var extOf = map[string]string{MimePDF: ".pdf", MimeDOCX: ".docx", MimeTXT: ".txt"}

var typeName = map[string]string{".pdf": "a PDF", ".docx": "a Word (DOCX) document", ".txt": "a text file"}

// Upload checks a document by its content, stores it and queues its processing.
// Errors: EINVALID (body.file: empty, too large, not PDF/DOCX/TXT, or content not matching the extension).
func (s *Service) Upload(ctx context.Context, companyID, actor uuid.UUID, filename string, data []byte) (*dbgen.KnowledgeDocument, error) {
	if len(data) == 0 {
		return nil, apperr.Invalid("body.file", "The file is empty.")
	}
	if len(data) > MaxDocumentBytes {
		return nil, apperr.Invalid("body.file", "The file must be at most 10 MB.")
	}
	mime := Sniff(data)
	ext := strings.ToLower(filepath.Ext(filename))
	if mime == "" {
		return nil, apperr.Invalid("body.file", "Upload a PDF, DOCX or TXT file.")
	}
	if want, ok := typeName[ext]; ok && extOf[mime] != ext {
		return nil, apperr.Invalid("body.file", fmt.Sprintf("The file is named %s but is not %s.", ext, want))
	}
	if ext != "" && !ok(ext) {
		return nil, apperr.Invalid("body.file", "Upload a PDF, DOCX or TXT file (.pdf, .docx, .txt).")
	}
	name := strings.TrimSpace(filepath.Base(strings.ReplaceAll(filename, `\`, "/")))
	if name == "" || name == "." || name == "/" {
		name = "document" + extOf[mime]
	}
	name = strings.ToValidUTF8(name, "")
	if utf8.RuneCountInString(name) > 255 {
		name = string([]rune(name)[:240]) + extOf[mime]
	}
	nonce := make([]byte, 12)
	_, _ = rand.Read(nonce)
	key := fmt.Sprintf("knowledge/%s/%s%s", companyID, hex.EncodeToString(nonce), extOf[mime])
	if err := s.blobs.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("knowledge.Upload: %w", err)
	}
	var out dbgen.KnowledgeDocument
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.KnowledgeDocumentCreate(ctx, dbgen.KnowledgeDocumentCreateParams{CompanyID: companyID, Name: name, Mime: mime,
			SizeBytes: int32(len(data)), BlobKey: key, CreatedBy: nullUUID(actor)})
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "knowledge.document_uploaded",
			TargetType: "knowledge_document", TargetID: out.ID.String(), Metadata: map[string]any{"name": name, "bytes": len(data)}}); err != nil {
			return err
		}
		if s.jobs == nil {
			return errors.New("no job queue")
		}
		if _, err := s.jobs.InsertTx(ctx, tx.Tx, ProcessArgs{CompanyID: companyID, DocumentID: out.ID}, nil); err != nil {
			return err
		}
		return publish(ctx, tx, companyID, "knowledge.document", out.ID)
	})
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		return nil, fmt.Errorf("knowledge.Upload: %w", err)
	}
	return &out, nil
}

func ok(ext string) bool { _, k := typeName[ext]; return k }

// Documents lists the company's documents, newest first (without their text).
func (s *Service) Documents(ctx context.Context, companyID uuid.UUID) ([]dbgen.KnowledgeDocumentListRow, error) {
	var out []dbgen.KnowledgeDocumentListRow
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.KnowledgeDocumentList(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.Documents: %w", err)
	}
	return out, nil
}

// Document returns a document with its extracted text.
// Errors: ENOTFOUND.
func (s *Service) Document(ctx context.Context, companyID, id uuid.UUID) (*dbgen.KnowledgeDocument, error) {
	var out dbgen.KnowledgeDocument
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.KnowledgeDocumentGet(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("document")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.Document: %w", err)
	}
	return &out, nil
}

// DeleteDocument removes a document, its chunks and its file.
// Errors: ENOTFOUND.
func (s *Service) DeleteDocument(ctx context.Context, companyID, actor, id uuid.UUID) error {
	var key string
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		key, err = tx.KnowledgeDocumentDelete(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("document")
		} else if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "knowledge.document_deleted",
			TargetType: "knowledge_document", TargetID: id.String()}); err != nil {
			return err
		}
		return publish(ctx, tx, companyID, "knowledge.document", id)
	})
	if err != nil {
		return fmt.Errorf("knowledge.DeleteDocument: %w", err)
	}
	_ = s.blobs.Delete(ctx, key)
	return nil
}

// ProcessArgs is the River job that extracts, chunks and indexes one document.
type ProcessArgs struct {
	CompanyID  uuid.UUID `json:"company_id"`
	DocumentID uuid.UUID `json:"document_id"`
}

// Kind names the job.
func (ProcessArgs) Kind() string { return "knowledge_process" }

// InsertOpts: a failure to read the file is recorded on the document, so retries only cover the database and the blob store.
func (ProcessArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }

// ProcessWorker processes uploaded documents.
type ProcessWorker struct {
	river.WorkerDefaults[ProcessArgs]
	Service *Service
}

// Timeout allows a large PDF more than River's default minute.
func (w *ProcessWorker) Timeout(*river.Job[ProcessArgs]) time.Duration { return 10 * time.Minute }

// Work processes the document.
func (w *ProcessWorker) Work(ctx context.Context, job *river.Job[ProcessArgs]) error {
	_, err := w.Service.Process(ctx, job.Args.CompanyID, job.Args.DocumentID)
	return err
}

// Process extracts a document's text, replaces its chunks and marks it processed,
// or failed with the reason when the file cannot be read. It returns the final
// status; a deleted document is skipped ("").
func (s *Service) Process(ctx context.Context, companyID, id uuid.UUID) (string, error) {
	var doc dbgen.KnowledgeDocument
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		doc, err = tx.KnowledgeDocumentStart(ctx, id)
		if err != nil {
			return err
		}
		return publish(ctx, tx, companyID, "knowledge.document", id)
	})
	if db.IsNotFound(err) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("knowledge.Process: %w", err)
	}
	f, err := s.blobs.Open(ctx, doc.BlobKey)
	if err != nil {
		return "", fmt.Errorf("knowledge.Process: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxDocumentBytes+1))
	f.Close()
	if err != nil {
		return "", fmt.Errorf("knowledge.Process: %w", err)
	}
	text, exErr := Extract(doc.Mime, data)
	var chunks []string
	if exErr == nil {
		chunks = Chunk(text)
	}
	status := StatusProcessed
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := tx.KnowledgeChunkDeleteByDocument(ctx, id); err != nil {
			return err
		}
		var un *ErrUnreadable
		switch {
		case errors.As(exErr, &un):
			status = StatusFailed
			if err := tx.KnowledgeDocumentFail(ctx, dbgen.KnowledgeDocumentFailParams{ID: id, Error: un.Reason}); err != nil {
				return err
			}
		case exErr != nil:
			return exErr
		default:
			for i, c := range chunks {
				if err := tx.KnowledgeChunkInsert(ctx, dbgen.KnowledgeChunkInsertParams{CompanyID: companyID, DocumentID: id, Position: int32(i),
					Content: c, Grams: Grams(c)}); err != nil {
					return err
				}
			}
			if err := tx.KnowledgeDocumentFinish(ctx, dbgen.KnowledgeDocumentFinishParams{ID: id, Text: text,
				CharCount: int32(utf8.RuneCountInString(text)), ChunkCount: int32(len(chunks))}); err != nil {
				return err
			}
		}
		return publish(ctx, tx, companyID, "knowledge.document", id)
	})
	if err != nil {
		return "", fmt.Errorf("knowledge.Process: %w", err)
	}
	return status, nil
}
