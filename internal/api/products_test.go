package api_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

func TestProductLifecycleWithImageAndAgentSearch(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")

	res, body := admin.do(http.MethodPost, "/api/v1/company/products", map[string]any{"name": "Kek Pandan", "sku": "KP-1", "price": -5})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.price") {
		t.Fatalf("negative price: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodPost, "/api/v1/company/products", map[string]any{"name": "Kek Pandan", "sku": "KP-1", "price": 4500,
		"category": "Kek", "tags": []string{"halal"}, "quantity": 3, "low_stock_threshold": 5, "custom_fields": map[string]string{"Saiz": "6 inci"}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", res.StatusCode, body)
	}
	var p struct {
		ID           string `json:"id"`
		Currency     string `json:"currency"`
		LowStock     bool   `json:"low_stock"`
		PriceHistory []struct {
			PriceMinor int64 `json:"price_minor"`
		} `json:"price_history"`
		Images []struct {
			ID, URL string
			Thumb   string `json:"thumb_url"`
		} `json:"images"`
	}
	_ = json.Unmarshal(body, &p)
	if p.Currency != "MYR" || !p.LowStock || len(p.PriceHistory) != 1 {
		t.Fatalf("created: %s", body)
	}
	if res, body = admin.do(http.MethodPost, "/api/v1/company/products", map[string]any{"name": "Lain", "sku": "kp-1", "price": 1}); res.StatusCode != 422 || !strings.Contains(string(body), "body.sku") {
		t.Fatalf("duplicate SKU: %d %s", res.StatusCode, body)
	}

	var img bytes.Buffer
	_ = png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 640, 480)))
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	_ = w.WriteField("product_id", p.ID)
	fw, _ := w.CreateFormFile("file", "kek.png")
	_, _ = fw.Write(img.Bytes())
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v1/company/products/images", &form)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-CSRF-Token", admin.csrf)
	up, err := admin.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(up.Body)
	up.Body.Close()
	_ = json.Unmarshal(body, &p)
	if up.StatusCode != http.StatusOK || len(p.Images) != 1 {
		t.Fatalf("upload: %d %s", up.StatusCode, body)
	}
	if res, got := admin.do(http.MethodGet, p.Images[0].Thumb, nil); res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" || len(got) == 0 {
		t.Fatalf("thumbnail: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	if res, body = admin.do(http.MethodPut, "/api/v1/company/products/"+p.ID, map[string]any{"name": "Kek Pandan", "sku": "KP-1", "price": 5500}); res.StatusCode != 200 {
		t.Fatalf("update: %d %s", res.StatusCode, body)
	}
	_ = json.Unmarshal(body, &p)
	if len(p.PriceHistory) != 2 || p.PriceHistory[1].PriceMinor != 5500 {
		t.Fatalf("price history: %s", body)
	}

	agent := s.login(t, "agent@alpha.test")
	res, body = agent.do(http.MethodGet, "/api/v1/agent/products?q=pandan", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), p.ID) {
		t.Fatalf("agent search: %d %s", res.StatusCode, body)
	}
	if res, _ = admin.do(http.MethodPost, "/api/v1/company/products/"+p.ID+"/deactivate", nil); res.StatusCode != 200 {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	if _, body = agent.do(http.MethodGet, "/api/v1/agent/products?q=pandan", nil); strings.Contains(string(body), p.ID) {
		t.Fatalf("agent sees an inactive product: %s", body)
	}
	other := s.login(t, "admin@beta.test")
	if _, body = other.do(http.MethodGet, "/api/v1/company/products?q=pandan", nil); strings.Contains(string(body), p.ID) {
		t.Fatalf("company B sees A's product: %s", body)
	}
	if res, _ = admin.do(http.MethodDelete, "/api/v1/company/products/"+p.ID, nil); res.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if res, _ = admin.do(http.MethodGet, p.Images[0].URL, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted product's image still served: %d", res.StatusCode)
	}
}
