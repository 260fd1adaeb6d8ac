package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
)

func TestReplyWithAPhotoAndFetchIt(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")
	png := []byte("\x89PNG\r\n\x1a\n fake png")
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("conversation_id", fx.conversationA.String())
	_ = w.WriteField("caption", "Katalog")
	fw, _ := w.CreateFormFile("file", "katalog.png")
	_, _ = fw.Write(png)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v1/company/messages/media", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-CSRF-Token", admin.csrf)
	res, err := admin.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var m struct {
		ID, Kind, Status string
		HasMedia         bool `json:"has_media"`
	}
	_ = json.Unmarshal(body, &m)
	if res.StatusCode != http.StatusAccepted || m.Kind != "image" || m.Status != "queued" || !m.HasMedia {
		t.Fatalf("upload: %d %s", res.StatusCode, body)
	}
	res, got := admin.do(http.MethodGet, "/api/v1/company/messages/"+m.ID+"/media", nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(got, png) {
		t.Fatalf("media: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), got)
	}
	other := s.login(t, "admin@beta.test")
	if res, _ := other.do(http.MethodGet, "/api/v1/company/messages/"+m.ID+"/media", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("other company: %d", res.StatusCode)
	}
}
