package reply_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/onsend"
	"github.com/sembang/sembang/internal/channel/telegram"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/platform/secretbox"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/successcase"
)

// fakeModel answers with reply(req) and records every request it was given.
type fakeModel struct {
	name  string
	reply func(req ai.Request) string
	usage ai.Usage
	err   error

	mu   sync.Mutex
	reqs []ai.Request
}

func (f *fakeModel) Name() string {
	if f.name == "" {
		return ai.ProviderAnthropic
	}
	return f.name
}

func (f *fakeModel) Generate(_ context.Context, req ai.Request) (ai.Response, error) {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	if f.err != nil {
		return ai.Response{}, f.err
	}
	u := f.usage
	if u == (ai.Usage{}) {
		u = ai.Usage{InputTokens: 120, OutputTokens: 30, CacheReadTokens: 400}
	}
	return ai.Response{Text: f.reply(req), Provider: f.Name(), Model: "fake-1", StopReason: "end_turn", Usage: u}, nil
}

func (f *fakeModel) last(t *testing.T) ai.Request {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) == 0 {
		t.Fatal("the model was not called")
	}
	return f.reqs[len(f.reqs)-1]
}

func (f *fakeModel) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reqs)
}

type bench struct {
	t        *testing.T
	d        *dbtest.DB
	a, b     dbgen.Company
	agentA   uuid.UUID
	know     *knowledge.Service
	tpls     *successcase.Service
	channels *channel.Service
}

func newBench(t *testing.T) *bench {
	t.Helper()
	d := dbtest.New(t)
	blobs := storage.Disk{Root: t.TempDir()}
	queue, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := secretbox.Parse(secretbox.NewKey("test1"))
	if err != nil {
		t.Fatal(err)
	}
	ch := channel.NewService(d.DB, keys, blobs, channel.Settings{PublicURL: "https://sembang.test"}, telegram.New("http://127.0.0.1:1"), onsend.New(onsend.AllowPrivateNetworks(true)))
	ch.SetJobs(queue)
	b := &bench{t: t, d: d, a: dbtest.Company(t, d, "alpha"), b: dbtest.Company(t, d, "beta-mart"),
		know: knowledge.NewService(d.DB, blobs), tpls: successcase.NewService(d.DB), channels: ch}
	b.agentA = dbtest.User(t, d, b.a.ID, "company_user", "agent@alpha.test").ID
	return b
}

// engine builds an engine over the bench; withTemplates false skips template
// matching so every suggestion takes the model path.
func (b *bench) engine(p ai.Provider, withTemplates bool) *reply.Engine {
	deps := reply.Deps{DB: b.d.DB, Knowledge: b.know, Channels: b.channels, Provider: p}
	if withTemplates {
		deps.Templates = b.tpls
	}
	return reply.New(deps)
}

// conversation creates a conversation of company with the customer's messages.
func (b *bench) conversation(companyID uuid.UUID, messages ...string) uuid.UUID {
	b.t.Helper()
	ctx := context.Background()
	var id uuid.UUID
	err := b.d.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		c, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: companyID, Channel: "telegram", ExternalID: uuid.NewString(), Name: "Aisyah"})
		if err != nil {
			return err
		}
		conv, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: companyID, ContactID: c.ID, Channel: "telegram"})
		if err != nil {
			return err
		}
		for _, m := range messages {
			if _, err := tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: companyID, ConversationID: conv.ID, Kind: "text", Body: m,
				ProviderMessageID: uuid.NewString()}); err != nil {
				return err
			}
		}
		id = conv.ID
		return nil
	})
	if err != nil {
		b.t.Fatalf("conversation: %v", err)
	}
	return id
}

// product adds an in-stock product to company A.
func (b *bench) product(name string, priceMinor int64, qty int32) {
	b.t.Helper()
	ctx := context.Background()
	err := b.d.WithTenant(ctx, b.a.ID, func(tx *db.Tx) error {
		_, err := tx.ProductCreate(ctx, dbgen.ProductCreateParams{CompanyID: b.a.ID, Name: name, Sku: strings.ReplaceAll(name, " ", "-"), PriceMinor: priceMinor, StockStatus: "in_stock",
			Quantity: &qty, Tags: []string{}, Links: []string{}, CustomFields: []byte("{}"), Active: true})
		return err
	})
	if err != nil {
		b.t.Fatalf("product: %v", err)
	}
}

// customerText is every customer message of a request, as the model saw it.
func customerText(req ai.Request) string {
	var s strings.Builder
	for _, m := range req.Messages {
		if m.Role == "user" {
			s.WriteString(m.Text)
		}
	}
	return s.String()
}
