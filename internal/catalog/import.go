package catalog

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Import modes.
const (
	ModeValidRows    = "valid_rows"     // import every valid row, report the others
	ModeAllOrNothing = "all_or_nothing" // import nothing if any row is invalid
)

// MaxImportBytes is the largest CSV file accepted.
const MaxImportBytes = 10 << 20

// maxReportedErrors caps the errors kept per import or preview.
const maxReportedErrors = 1000

// importBatch is how many rows are saved per transaction (and per progress update).
const importBatch = 500

// Preview is what an import would do, found without saving anything.
type Preview struct {
	TotalRows int
	ValidRows int
	Errors    []RowError // at most 1000
	ErrorRows int        // rows with at least one error
	Sample    []Input    // the first valid rows
}

// SetJobs gives the service the queue imports are enqueued on.
func (s *Service) SetJobs(c *river.Client[pgx.Tx]) { s.jobs = c }

func (s *Service) currency(ctx context.Context, companyID uuid.UUID) (string, map[string]bool, error) {
	var cur string
	skus := map[string]bool{}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, "SELECT currency FROM company_settings WHERE company_id = $1", companyID).Scan(&cur); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT lower(sku) FROM products")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return err
			}
			skus[k] = true
		}
		return rows.Err()
	})
	return cur, skus, err
}

// PreviewImport validates every row of a CSV file, read as a stream one row at
// a time, and saves nothing.
// Errors: EINVALID (body.file: not a CSV, a missing column, too large).
func (s *Service) PreviewImport(ctx context.Context, companyID uuid.UUID, r io.Reader) (*Preview, error) {
	cur, existing, err := s.currency(ctx, companyID)
	if err != nil {
		return nil, fmt.Errorf("catalog.PreviewImport: %w", err)
	}
	pv, err := scan(&importLimit{r: r, left: MaxImportBytes}, cur, existing, nil)
	if err != nil && apperr.Code(err) == apperr.EINTERNAL {
		return nil, fmt.Errorf("catalog.PreviewImport: %w", err)
	}
	return pv, err
}

// errImportTooLarge is what an importLimit reads past MaxImportBytes.
var errImportTooLarge = errors.New("the file is larger than the import limit")

func tooLarge() error { return apperr.Invalid("body.file", "The file must be at most 10 MB.") }

// importLimit fails once more than left bytes are read, where io.LimitReader would stop
// silently: a file over the limit is refused, never imported in part.
type importLimit struct {
	r        io.Reader
	left     int64
	exceeded bool
}

func (l *importLimit) Read(p []byte) (int, error) {
	if l.exceeded {
		return 0, errImportTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	if l.left -= int64(n); l.left < 0 {
		l.exceeded = true
		return 0, errImportTooLarge
	}
	return n, err
}

// scan reads a file row by row, checking SKUs against existing ones and within the file;
// each valid row is passed to fn when given. Only the SKUs seen so far, the first
// errors and a few sample rows are kept, never the file.
func scan(r io.Reader, currency string, existing map[string]bool, fn func(row int, in Input) error) (*Preview, error) {
	cr, err := NewCSVReader(r, currency)
	if err != nil {
		return nil, badFile(err)
	}
	p := &Preview{Errors: []RowError{}}
	seen := map[string]int{}
	for {
		row, in, errs, err := cr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, badFile(err)
		}
		p.TotalRows++
		if in.SKU != "" {
			k := strings.ToLower(in.SKU)
			if first, dup := seen[k]; dup {
				errs = append(errs, RowError{Row: row, Column: "sku", Message: fmt.Sprintf("The same SKU is on row %d.", first)})
			} else if existing[k] {
				errs = append(errs, RowError{Row: row, Column: "sku", Message: "A product with this SKU already exists."})
			} else {
				seen[k] = row
			}
		}
		if len(errs) > 0 {
			p.ErrorRows++
			for _, e := range errs {
				if len(p.Errors) < maxReportedErrors {
					p.Errors = append(p.Errors, e)
				}
			}
			continue
		}
		p.ValidRows++
		if len(p.Sample) < 5 {
			p.Sample = append(p.Sample, in)
		}
		if fn != nil {
			if err := fn(row, in); err != nil {
				return nil, err
			}
		}
	}
	if p.TotalRows == 0 {
		return nil, apperr.Invalid("body.file", "The file has a header but no products.")
	}
	return p, nil
}

func badFile(err error) error {
	if errors.Is(err, errImportTooLarge) {
		return tooLarge()
	}
	var bf *ErrBadFile
	if errors.As(err, &bf) {
		msg := fmt.Sprintf("Row %d: %s", bf.Row, bf.Message)
		if bf.Column != "" {
			msg = fmt.Sprintf("Row %d, column %s: %s", bf.Row, bf.Column, bf.Message)
		}
		return apperr.Invalid("body.file", msg)
	}
	return err
}

// ImportArgs is the River job that imports one uploaded CSV file.
type ImportArgs struct {
	CompanyID uuid.UUID `json:"company_id"`
	ImportID  uuid.UUID `json:"import_id"`
}

// Kind names the job.
func (ImportArgs) Kind() string { return "catalog_import" }

// InsertOpts retries an import a few times only: a run that saved rows must not be repeated blindly.
func (ImportArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

// ImportWorker runs imports.
type ImportWorker struct {
	river.WorkerDefaults[ImportArgs]
	Service *Service
}

// Timeout allows a large file more than River's default minute.
func (w *ImportWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return 30 * time.Minute }

// Work imports the file.
func (w *ImportWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	return w.Service.RunImport(ctx, job.Args.CompanyID, job.Args.ImportID)
}

// StartImport validates the file, stores it and queues its import; the
// returned import is polled for progress. The file is copied to the blob store
// as it arrives, then validated from there row by row.
// Errors: EINVALID (body.file, body.mode).
func (s *Service) StartImport(ctx context.Context, companyID, actor uuid.UUID, mode string, r io.Reader) (*dbgen.ProductImport, error) {
	if mode != ModeValidRows && mode != ModeAllOrNothing {
		return nil, apperr.Invalid("body.mode", "Choose valid_rows or all_or_nothing.")
	}
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	key := fmt.Sprintf("imports/%s/%s.csv", companyID, hex.EncodeToString(nonce))
	lim := &importLimit{r: r, left: MaxImportBytes}
	if err := s.blobs.Put(ctx, key, lim); err != nil {
		_ = s.blobs.Delete(ctx, key)
		if lim.exceeded {
			return nil, tooLarge()
		}
		return nil, fmt.Errorf("catalog.StartImport: %w", err)
	}
	pv, err := s.previewBlob(ctx, companyID, key)
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		return nil, err
	}
	var out dbgen.ProductImport
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ProductImportCreate(ctx, dbgen.ProductImportCreateParams{CompanyID: companyID, BlobKey: key, Mode: mode,
			TotalRows: int32(pv.TotalRows), CreatedBy: nullUUID(actor)})
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "product.import_started", TargetType: "product_import",
			TargetID: out.ID.String(), Metadata: map[string]any{"rows": pv.TotalRows, "mode": mode}}); err != nil {
			return err
		}
		if s.jobs == nil {
			return errors.New("no job queue")
		}
		_, err = s.jobs.InsertTx(ctx, tx.Tx, ImportArgs{CompanyID: companyID, ImportID: out.ID}, nil)
		return err
	})
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		return nil, fmt.Errorf("catalog.StartImport: %w", err)
	}
	return &out, nil
}

func (s *Service) previewBlob(ctx context.Context, companyID uuid.UUID, key string) (*Preview, error) {
	f, err := s.blobs.Open(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog.StartImport: %w", err)
	}
	defer f.Close()
	return s.PreviewImport(ctx, companyID, f)
}

// GetImport returns an import with its progress.
// Errors: ENOTFOUND.
func (s *Service) GetImport(ctx context.Context, companyID, id uuid.UUID) (*dbgen.ProductImport, error) {
	var out dbgen.ProductImport
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ProductImportGet(ctx, id)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("import")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.GetImport: %w", err)
	}
	return &out, nil
}

// RunImport imports a stored file: in batches with progress for valid_rows; in one transaction,
// only when every row is valid, for all_or_nothing. A finished import is not run again.
func (s *Service) RunImport(ctx context.Context, companyID, importID uuid.UUID) error {
	imp, err := s.GetImport(ctx, companyID, importID)
	if err != nil {
		return err
	}
	if imp.Status == "done" || imp.Status == "failed" {
		return nil
	}
	cur, existing, err := s.currency(ctx, companyID)
	if err != nil {
		return err
	}
	// Each pass streams the stored file again rather than keeping it: memory stays one row (and one batch).
	type blobErr struct{ error }
	scanFile := func(fn func(row int, in Input) error) (*Preview, error) {
		f, err := s.blobs.Open(ctx, imp.BlobKey)
		if err != nil {
			return nil, blobErr{err}
		}
		defer f.Close()
		return scan(&importLimit{r: f, left: MaxImportBytes}, cur, existing, fn)
	}
	actor := uuid.Nil
	if imp.CreatedBy.Valid {
		actor = imp.CreatedBy.UUID
	}
	var batch []Input
	var batchRows []int
	imported, processed := 0, 0
	var lateErrors []RowError
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			for i, in := range batch {
				if _, err := createTx(ctx, tx, companyID, actor, in); err != nil {
					if apperr.Code(err) == apperr.EINVALID { // a SKU taken since the check
						lateErrors = append(lateErrors, RowError{Row: batchRows[i], Column: "sku", Message: "A product with this SKU already exists."})
						continue
					}
					return err
				}
				imported++
			}
			processed += len(batch)
			return tx.ProductImportProgress(ctx, dbgen.ProductImportProgressParams{ID: importID, ProcessedRows: int32(processed),
				ImportedRows: int32(imported), FailedRows: int32(processed - imported)})
		})
		batch, batchRows = batch[:0], batchRows[:0]
		return err
	}
	finish := func(status, detail string, errs []RowError, failed int) error {
		if len(errs) > maxReportedErrors {
			errs = errs[:maxReportedErrors]
		}
		js, _ := json.Marshal(errs)
		err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			return tx.ProductImportFinish(ctx, dbgen.ProductImportFinishParams{ID: importID, Status: status, ProcessedRows: imp.TotalRows,
				ImportedRows: int32(imported), FailedRows: int32(failed), Errors: js, Detail: detail})
		})
		if err == nil { // the outcome is recorded; the file is no longer needed
			_ = s.blobs.Delete(ctx, imp.BlobKey)
		}
		return err
	}

	if imp.Mode == ModeAllOrNothing {
		pv, err := scanFile(nil)
		if errors.As(err, new(blobErr)) {
			return fmt.Errorf("catalog.RunImport: %w", err)
		} else if err != nil {
			return finish("failed", err.Error(), []RowError{}, int(imp.TotalRows))
		}
		if pv.ErrorRows > 0 {
			return finish("failed", fmt.Sprintf("%d rows have errors; nothing was imported.", pv.ErrorRows), pv.Errors, pv.ErrorRows)
		}
		// One transaction for every row; progress is written beside it, so the admin sees rows
		// being processed though none is visible until the last one is saved.
		rows := 0
		err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			_, err := scanFile(func(_ int, in Input) error {
				if _, err := createTx(ctx, tx, companyID, actor, in); err != nil {
					return err
				}
				if rows++; rows%importBatch == 0 {
					return s.db.WithTenant(ctx, companyID, func(ptx *db.Tx) error {
						return ptx.ProductImportProgress(ctx, dbgen.ProductImportProgressParams{ID: importID, ProcessedRows: int32(rows)})
					})
				}
				return nil
			})
			return err
		})
		if apperr.Code(err) == apperr.EINVALID {
			return finish("failed", "A SKU was taken while importing; nothing was imported.", []RowError{}, int(imp.TotalRows))
		} else if err != nil {
			return fmt.Errorf("catalog.RunImport: %w", err)
		}
		imported = rows
		return finish("done", "", []RowError{}, 0)
	}

	pv, err := scanFile(func(row int, in Input) error {
		batch, batchRows = append(batch, in), append(batchRows, row)
		if len(batch) >= importBatch {
			return flush()
		}
		return nil
	})
	if errors.As(err, new(blobErr)) {
		return fmt.Errorf("catalog.RunImport: %w", err)
	} else if err != nil {
		return finish("failed", err.Error(), []RowError{}, int(imp.TotalRows)-imported)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("catalog.RunImport: %w", err)
	}
	errs := append(pv.Errors, lateErrors...)
	return finish("done", "", errs, pv.ErrorRows+len(lateErrors))
}

// Export writes every product of the company as CSV.
func (s *Service) Export(ctx context.Context, companyID uuid.UUID, w io.Writer) error {
	var rows []dbgen.Product
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		rows, err = tx.ProductExportList(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("catalog.Export: %w", err)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(Columns)
	for _, r := range rows {
		p := &Product{Product: r, CustomFieldMap: map[string]string{}}
		_ = json.Unmarshal(r.CustomFields, &p.CustomFieldMap)
		_ = cw.Write(Record(p))
	}
	cw.Flush()
	return cw.Error()
}
