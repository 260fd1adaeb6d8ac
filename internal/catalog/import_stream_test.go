package catalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/storage"
)

// writeRows writes a generated catalog of n rows straight to w, row by row; every
// 1000th row has a bad price when withErrors. before, when given, runs before each row.
func writeRows(w io.Writer, n int, withErrors bool, before func(i int) error) error {
	if _, err := io.WriteString(w, "name,sku,price,category,tags,quantity,description\n"); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if before != nil {
			if err := before(i); err != nil {
				return err
			}
		}
		price := fmt.Sprintf("%d.%02d", i%5000, i%100)
		if withErrors && i%1000 == 999 {
			price = "free"
		}
		if _, err := fmt.Fprintf(w, "Produk %d,S-%06d,%s,Kategori %d,bulk|stream,%d,\"Penerangan, baris %d\"\n", i, i, price, i%7, i%50, i); err != nil {
			return err
		}
	}
	return nil
}

// pipeOf streams writeRows through an io.Pipe: the file exists only as it is read.
func pipeOf(n int, withErrors bool, before func(i int) error) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeRows(pw, n, withErrors, before)) }()
	return pr
}

// streamStore serves the file of one import from a generator instead of the disk.
type streamStore struct {
	storage.Disk
	key   atomic.Pointer[string]
	opens atomic.Int32
	serve func(open int) io.ReadCloser
}

func (s *streamStore) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if k := s.key.Load(); k != nil && *k == key {
		return s.serve(int(s.opens.Add(1))), nil
	}
	return s.Disk.Open(ctx, key)
}

// holdUntilProgress stops the generator at row at until the import has recorded progress:
// an importer that read the whole file before saving anything would wait for ever.
func holdUntilProgress(ctx context.Context, svc *catalog.Service, company, id uuid.UUID, at int, missed *atomic.Bool) func(int) error {
	return func(i int) error {
		if i != at {
			return nil
		}
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if imp, err := svc.GetImport(ctx, company, id); err == nil && imp.ProcessedRows > 0 {
				return nil
			}
		}
		missed.Store(true)
		return errors.New("no progress before the end of the file")
	}
}

// streamed starts an import of n generated rows through an io.Pipe, then runs it with the
// stored file served by a generator held half way (on the given pass) until progress shows.
func streamed(t *testing.T, mode string, n int, withErrors bool, holdOnPass int) (*catalog.Service, *bundle, uuid.UUID) {
	t.Helper()
	ctx, bb := setup(t)
	store := &streamStore{Disk: bb.blobs}
	svc := catalog.NewService(bb.db.DB, store)
	withJobs(t, &bundle{db: bb.db, svc: svc})

	imp, err := svc.StartImport(ctx, bb.a, bb.adminA, mode, pipeOf(n, withErrors, nil))
	if err != nil {
		t.Fatal(err)
	}
	if int(imp.TotalRows) != n {
		t.Fatalf("total rows %d, want %d", imp.TotalRows, n)
	}
	var missed atomic.Bool
	store.serve = func(open int) io.ReadCloser {
		if open == holdOnPass {
			return pipeOf(n, withErrors, holdUntilProgress(ctx, svc, bb.a, imp.ID, n/2, &missed))
		}
		return pipeOf(n, withErrors, nil)
	}
	store.key.Store(&imp.BlobKey)
	if err := svc.RunImport(ctx, bb.a, imp.ID); err != nil {
		t.Fatal(err)
	}
	if missed.Load() {
		t.Fatal("the import read the whole file before saving any progress")
	}
	if _, err := bb.blobs.Open(ctx, imp.BlobKey); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("the finished import kept its file: %v", err)
	}
	return svc, bb, imp.ID
}

func TestImportStreamsLargeFileValidRows(t *testing.T) {
	t.Parallel()
	const n = 12_000
	svc, bb, id := streamed(t, catalog.ModeValidRows, n, true, 1)
	ctx := context.Background()
	got, err := svc.GetImport(ctx, bb.a, id)
	if err != nil {
		t.Fatal(err)
	}
	var errs []catalog.RowError
	_ = json.Unmarshal(got.Errors, &errs)
	if got.Status != "done" || got.ProcessedRows != n || got.ImportedRows != n-n/1000 || got.FailedRows != n/1000 || len(errs) != n/1000 {
		t.Fatalf("import %+v, %d errors", got, len(errs))
	}
	if errs[0].Row != 1001 || errs[0].Column != "price" || errs[len(errs)-1].Row != n+1 {
		t.Fatalf("errors %+v … %+v", errs[0], errs[len(errs)-1])
	}
	last := n - 2
	page, err := svc.Search(ctx, bb.a, catalog.Query{Text: fmt.Sprintf("S-%06d", last)})
	if err != nil || len(page.Items) != 1 || page.Items[0].PriceMinor != int64(last%5000*100+last%100) {
		t.Fatalf("row %d: %v %+v", last, err, page)
	}
}

func TestImportStreamsLargeFileAllOrNothing(t *testing.T) {
	t.Parallel()
	const n = 6_000
	// Pass 1 validates the file, pass 2 saves it: progress must show during the second.
	svc, bb, id := streamed(t, catalog.ModeAllOrNothing, n, false, 2)
	got, err := svc.GetImport(context.Background(), bb.a, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "done" || got.ProcessedRows != n || got.ImportedRows != n || got.FailedRows != 0 {
		t.Fatalf("import %+v", got)
	}
}

func TestImportRefusesEndlessStream(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	withJobs(t, bb)
	for name, run := range map[string]func(io.Reader) error{
		"preview": func(r io.Reader) error { _, err := bb.svc.PreviewImport(ctx, bb.a, r); return err },
		"start": func(r io.Reader) error {
			_, err := bb.svc.StartImport(ctx, bb.a, bb.adminA, catalog.ModeValidRows, r)
			return err
		},
	} {
		// Rows without end, larger than the size limit long before the row limit;
		// the generator stops when the reader is closed.
		r, w := io.Pipe()
		go func() {
			_, err := io.WriteString(w, "name,sku,price,description\n")
			for i := 0; err == nil; i++ {
				_, err = fmt.Fprintf(w, "Produk %d,S-%d,1.00,%s\n", i, i, strings.Repeat("panjang ", 50))
			}
		}()
		err := run(r)
		r.Close()
		var e *apperr.Error
		if field(err) != "body.file" || !errors.As(err, &e) || !strings.Contains(e.Message, "10 MB") {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(bb.blobs.Root, "imports", bb.a.String())); len(entries) != 0 {
		t.Fatalf("a refused file was kept: %v", entries)
	}
	if _, err := bb.svc.StartImport(ctx, bb.a, bb.adminA, catalog.ModeValidRows, strings.NewReader("name,sku,price\n\"A,B,1\n")); field(err) != "body.file" {
		t.Fatalf("malformed stream: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(bb.blobs.Root, "imports", bb.a.String())); len(entries) != 0 {
		t.Fatalf("a malformed file was kept: %v", entries)
	}
}
