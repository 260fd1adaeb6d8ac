package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// upload posts a multipart form with a file and fields.
func (c *client) upload(path, file string, content []byte, fields map[string]string) (*http.Response, []byte) {
	c.t.Helper()
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", file)
	_, _ = fw.Write(content)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &form)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-CSRF-Token", c.csrf)
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

func TestProductImportPreviewStartAndExport(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")
	file := []byte("name,sku,price\nKek,K-1,12.00\n,K-2,abc\n")
	res, body := admin.upload("/api/v1/company/products/import/preview", "p.csv", file, nil)
	var pv struct {
		TotalRows int `json:"total_rows"`
		ValidRows int `json:"valid_rows"`
		Errors    []struct {
			Row    int
			Column string
		}
	}
	_ = json.Unmarshal(body, &pv)
	if res.StatusCode != 200 || pv.TotalRows != 2 || pv.ValidRows != 1 || len(pv.Errors) != 2 || pv.Errors[0].Row != 3 {
		t.Fatalf("preview: %d %s", res.StatusCode, body)
	}
	if res, body = admin.upload("/api/v1/company/products/import", "p.csv", file, map[string]string{"mode": "sometimes"}); res.StatusCode != 422 || !strings.Contains(string(body), "body.mode") {
		t.Fatalf("bad mode: %d %s", res.StatusCode, body)
	}
	res, body = admin.upload("/api/v1/company/products/import", "p.csv", file, map[string]string{"mode": "valid_rows"})
	var imp struct{ ID, Status string }
	_ = json.Unmarshal(body, &imp)
	if res.StatusCode != http.StatusAccepted || imp.Status != "queued" {
		t.Fatalf("start: %d %s", res.StatusCode, body)
	}
	if res, body = admin.do(http.MethodGet, "/api/v1/company/product-imports/"+imp.ID, nil); res.StatusCode != 200 {
		t.Fatalf("poll: %d %s", res.StatusCode, body)
	}
	if res, _ = s.login(t, "admin@beta.test").do(http.MethodGet, "/api/v1/company/product-imports/"+imp.ID, nil); res.StatusCode != 404 {
		t.Fatalf("company B polls A's import: %d", res.StatusCode)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/products/export", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(string(body), "name,sku,price") {
		t.Fatalf("export: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}
