package telegram_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/telegram"
)

const token = "123456789:AAHfakeTokenForTests-xyz9876"

// call is one request the fake Bot API received.
type call struct {
	Method string
	Params map[string]any
	Files  map[string]string // field → file content
}

// fakeBotAPI speaks the Bot API: /bot<token>/<method>, {"ok":true,"result":...}.
type fakeBotAPI struct {
	*httptest.Server
	mu    sync.Mutex
	calls []call
	// reply, if set, answers a method instead of the default.
	reply func(method string, n int) (int, string)
}

func newFake(t *testing.T) *fakeBotAPI {
	f := &fakeBotAPI{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/file/bot"+token+"/") {
			_, _ = w.Write([]byte("JPEGDATA"))
			return
		}
		if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/bot"+token+"/") {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"ok":false,"error_code":401,"description":"Unauthorized"}`))
			return
		}
		method := strings.TrimPrefix(r.URL.Path, "/bot"+token+"/")
		c := call{Method: method, Params: map[string]any{}, Files: map[string]string{}}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				t.Errorf("multipart: %v", err)
			}
			for k, v := range r.MultipartForm.Value {
				c.Params[k] = v[0]
			}
			for k, fh := range r.MultipartForm.File {
				f, _ := fh[0].Open()
				b, _ := io.ReadAll(f)
				c.Files[k] = string(b)
			}
		} else {
			if r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("%s: content type %q", method, r.Header.Get("Content-Type"))
			}
			_ = json.NewDecoder(r.Body).Decode(&c.Params)
		}
		f.mu.Lock()
		f.calls = append(f.calls, c)
		n := len(f.calls)
		f.mu.Unlock()
		if f.reply != nil {
			if status, body := f.reply(method, n); status != 0 {
				w.WriteHeader(status)
				_, _ = w.Write([]byte(body))
				return
			}
		}
		switch method {
		case "getMe":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"id":123456789,"is_bot":true,"first_name":"Kedai","username":"kedai_bot"}}`))
		case "getWebhookInfo":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"url":"https://sembang.test/webhook/x/telegram","has_custom_certificate":false,"pending_update_count":3}}`))
		case "setWebhook", "deleteWebhook":
			_, _ = w.Write([]byte(`{"ok":true,"result":true,"description":"Webhook was set"}`))
		case "getFile":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"file_id":"F1","file_unique_id":"U1","file_size":8,"file_path":"photos/file_1.jpg"}}`))
		default:
			_, _ = w.Write([]byte(`{"ok":true,"result":{"message_id":` + itoa(100+n) + `,"date":1700000000,"chat":{"id":42,"type":"private"}}}`))
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func (f *fakeBotAPI) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func TestBotAPI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	creds := channel.Credentials{Token: token}

	t.Run("TestCallsGetMeAndGetWebhookInfo", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		h, err := telegram.New(f.URL).Test(ctx, creds)
		if err != nil || !h.OK || h.Username != "kedai_bot" || h.PendingUpdateCount != 3 {
			t.Fatalf("Test = %+v, %v", h, err)
		}
		if c := f.Calls(); len(c) != 2 || c[0].Method != "getMe" || c[1].Method != "getWebhookInfo" {
			t.Fatalf("calls = %+v", c)
		}
	})

	t.Run("ConnectSetsWebhookWithSecretAndAllowedUpdates", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		secret := channel.NewWebhookSecret()
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{32,64}$`).MatchString(secret) {
			t.Fatalf("secret %q is not a valid secret_token", secret)
		}
		if err := telegram.New(f.URL).Connect(ctx, creds, "https://sembang.test/webhook/c/telegram", secret); err != nil {
			t.Fatal(err)
		}
		c := f.Calls()[0]
		if c.Method != "setWebhook" || c.Params["url"] != "https://sembang.test/webhook/c/telegram" || c.Params["secret_token"] != secret {
			t.Fatalf("setWebhook params = %+v", c.Params)
		}
		if au, _ := c.Params["allowed_updates"].([]any); len(au) != 1 || au[0] != "message" {
			t.Fatalf("allowed_updates = %v", c.Params["allowed_updates"])
		}
		if err := telegram.New(f.URL).Disconnect(ctx, creds); err != nil || f.Calls()[1].Method != "deleteWebhook" {
			t.Fatalf("deleteWebhook: %v", err)
		}
	})

	t.Run("LongTextIsSplitAt4096", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		text := strings.Repeat("kata ", 2000) // 10000 characters
		id, err := telegram.New(f.URL).Send(ctx, creds, channel.Outbound{To: "42", Kind: "text", Text: text})
		if err != nil || id == "" {
			t.Fatalf("Send = %q, %v", id, err)
		}
		var joined string
		for _, c := range f.Calls() {
			s := c.Params["text"].(string)
			if c.Method != "sendMessage" || c.Params["chat_id"] != "42" || len([]rune(s)) > telegram.MaxText {
				t.Fatalf("bad call %s with %d characters", c.Method, len(s))
			}
			joined += s
		}
		if len(f.Calls()) != 3 || joined != text {
			t.Fatalf("%d calls; text kept = %v", len(f.Calls()), joined == text)
		}
	})

	t.Run("PhotoUploadsWithCaptionUpTo1024", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		caption := strings.Repeat("a", 1500)
		_, err := telegram.New(f.URL).Send(ctx, creds, channel.Outbound{To: "42", Kind: "image", Text: caption, Name: "p.jpg",
			Media: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("PNGBYTES")), nil }})
		if err != nil {
			t.Fatal(err)
		}
		c := f.Calls()
		if len(c) != 2 || c[0].Method != "sendPhoto" || c[0].Files["photo"] != "PNGBYTES" || len(c[0].Params["caption"].(string)) != 1024 {
			t.Fatalf("calls = %+v", c)
		}
		if c[1].Method != "sendMessage" || len(c[1].Params["text"].(string)) != 476 {
			t.Fatalf("rest of caption: %+v", c[1])
		}
	})

	t.Run("DocumentByURL", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		if _, err := telegram.New(f.URL).Send(ctx, creds, channel.Outbound{To: "42", Kind: "document", MediaURL: "https://x.test/a.pdf"}); err != nil {
			t.Fatal(err)
		}
		if c := f.Calls()[0]; c.Method != "sendDocument" || c.Params["document"] != "https://x.test/a.pdf" {
			t.Fatalf("call = %+v", c)
		}
	})

	t.Run("TooManyRequestsCarriesRetryAfter", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		f.reply = func(string, int) (int, string) {
			return 429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`
		}
		_, err := telegram.New(f.URL).Send(ctx, creds, channel.Outbound{To: "42", Text: "hi"})
		var se *channel.SendError
		if !errors.As(err, &se) || se.Status != 429 || se.RetryAfter != 7*time.Second || !se.Temporary() {
			t.Fatalf("err = %#v", err)
		}
	})

	t.Run("ChatRefusalsAreNotAccountErrors", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		answers := map[string]string{
			"blocked":  `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`,
			"notFound": `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`,
			"badToken": `{"ok":false,"error_code":401,"description":"Unauthorized"}`,
		}
		for name, account := range map[string]bool{"blocked": false, "notFound": false, "badToken": true} {
			f.reply = func(string, int) (int, string) {
				var e struct {
					ErrorCode int `json:"error_code"`
				}
				_ = json.Unmarshal([]byte(answers[name]), &e)
				return e.ErrorCode, answers[name]
			}
			_, err := telegram.New(f.URL).Send(ctx, creds, channel.Outbound{To: "42", Text: "hi"})
			var se *channel.SendError
			if !errors.As(err, &se) || se.AccountError() != account || se.Temporary() {
				t.Errorf("%s: err = %#v, account error %v, want %v", name, err, se != nil && se.AccountError(), account)
			}
		}
	})

	t.Run("ErrorsNeverHoldTheToken", func(t *testing.T) {
		t.Parallel()
		_, err := telegram.New("http://127.0.0.1:1").Send(ctx, creds, channel.Outbound{To: "42", Text: "hi"})
		if err == nil || strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "AAHfake") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("FetchMediaUsesGetFile", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		rc, err := telegram.New(f.URL).FetchMedia(ctx, creds, channel.Media{FileID: "F1"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if string(b) != "JPEGDATA" || f.Calls()[0].Params["file_id"] != "F1" {
			t.Fatalf("got %q, calls %+v", b, f.Calls())
		}
	})
}

func TestVerify(t *testing.T) {
	t.Parallel()
	p := telegram.New("")
	r := httptest.NewRequest(http.MethodPost, "/webhook/x/telegram", nil)
	r.Header.Set("X-Telegram-Bot-Api-Secret-Token", "new-secret")
	if !p.Verify(r, nil, []string{"new-secret"}, "") || !p.Verify(r, nil, []string{"other", "new-secret"}, "") {
		t.Fatal("right secret refused")
	}
	if p.Verify(r, nil, []string{"other", ""}, "") {
		t.Fatal("wrong secret accepted")
	}
	r.Header.Del("X-Telegram-Bot-Api-Secret-Token")
	if p.Verify(r, nil, []string{"", "new-secret"}, "") {
		t.Fatal("missing header accepted against an empty secret")
	}
}

func TestEventScopeIsTheBotID(t *testing.T) {
	t.Parallel()
	p := telegram.New("")
	a := p.EventScope(channel.Credentials{Token: "123456789:AAHfirstBot"})
	b := p.EventScope(channel.Credentials{Token: "987654321:AAHsecondBot"})
	if a != "bot123456789" || b != "bot987654321" {
		t.Fatalf("scopes %q, %q", a, b)
	}
	if a != p.EventScope(channel.Credentials{Token: "123456789:AAHnewSecretSameBot"}) {
		t.Fatal("a new token for the same bot changed the scope: its redelivered updates would be stored twice")
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	p := telegram.New("")
	for name, tc := range map[string]struct {
		body                 string
		kind, text, external string
		ignore, malformed    bool
		fileID               string
	}{
		"text":     {body: `{"update_id":10,"message":{"message_id":5,"from":{"id":42,"first_name":"Aisyah"},"chat":{"id":42,"type":"private","first_name":"Aisyah","last_name":"Rahman","username":"aisyah"},"date":1700000000,"text":"Ada stok?"}}`, kind: "text", text: "Ada stok?", external: "42"},
		"photo":    {body: `{"update_id":11,"message":{"message_id":6,"chat":{"id":42,"type":"private"},"date":1,"caption":"ini","photo":[{"file_id":"small","width":90},{"file_id":"big","width":800}]}}`, kind: "image", text: "ini", external: "42", fileID: "big"},
		"document": {body: `{"update_id":12,"message":{"message_id":7,"chat":{"id":42,"type":"private"},"date":1,"document":{"file_id":"D","file_name":"a.pdf","mime_type":"application/pdf"}}}`, kind: "document", external: "42", fileID: "D"},
		"voice":    {body: `{"update_id":13,"message":{"message_id":8,"chat":{"id":42,"type":"private"},"date":1,"voice":{"file_id":"V","mime_type":"audio/ogg","duration":3}}}`, kind: "voice", external: "42", fileID: "V"},
		"edited":   {body: `{"update_id":14,"edited_message":{"message_id":8,"chat":{"id":42},"date":1,"text":"x"}}`, ignore: true},
		"noUpdate": {body: `{"message":{}}`, malformed: true},
		"notJSON":  {body: `update_id=1`, malformed: true},
	} {
		in, err := p.Parse([]byte(tc.body))
		if tc.malformed {
			if !errors.Is(err, channel.ErrMalformed) {
				t.Errorf("%s: err = %v, want malformed", name, err)
			}
			continue
		}
		if err != nil || in.Ignore != tc.ignore || in.EventID == "" {
			t.Errorf("%s: %+v, %v", name, in, err)
			continue
		}
		if tc.ignore {
			continue
		}
		if in.Kind != tc.kind || in.Text != tc.text || in.ExternalID != tc.external {
			t.Errorf("%s: got %+v", name, in)
		}
		if tc.fileID != "" && (in.Media == nil || in.Media.FileID != tc.fileID) {
			t.Errorf("%s: media = %+v", name, in.Media)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"update_id":10,"message":{"message_id":5,"chat":{"id":42,"type":"private","first_name":"A"},"date":1,"text":"hi"}}`,
		`{"update_id":11,"message":{"message_id":6,"chat":{"id":-100,"type":"group","title":"G"},"date":1,"photo":[{"file_id":"a"}],"caption":"c"}}`,
		`{"update_id":12,"edited_message":{"message_id":1,"chat":{"id":1},"date":1}}`,
		`{"update_id":13,"message":{"chat":{"id":1},"location":{"latitude":3.1,"longitude":101.6}}}`,
		`{}`, `null`, `[]`, `{"update_id":"x"}`,
	} {
		f.Add([]byte(s))
	}
	p := telegram.New("")
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := p.Parse(body)
		if err != nil {
			return
		}
		if in.EventID == "" {
			t.Fatal("parsed without an event id")
		}
		if !in.Ignore && in.ExternalID == "" {
			t.Fatal("message without a chat")
		}
	})
}
