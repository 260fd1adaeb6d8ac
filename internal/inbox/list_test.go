package inbox_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// conv describes a conversation to seed: its contact, state and messages.
type conv struct {
	ext, name, phone, username, channel, status, outcome, lead string
	agent                                                      uuid.UUID
	msgs                                                       []msg
}

type msg struct {
	dir, body string
	at        time.Time
}

// seed stores c in company companyID with last_message_at at its last message and returns its id.
func seed(ctx context.Context, t *testing.T, d *dbtest.DB, companyID uuid.UUID, c conv) uuid.UUID {
	t.Helper()
	if c.channel == "" {
		c.channel = "telegram"
	}
	if c.status == "" {
		c.status = "open"
	}
	var id uuid.UUID
	err := d.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		ct, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: companyID, Channel: c.channel, ExternalID: c.ext, Name: c.name,
			Phone: c.phone, Username: c.username})
		if err != nil {
			return err
		}
		last := c.msgs[len(c.msgs)-1].at
		err = tx.QueryRow(ctx, `INSERT INTO conversations (company_id, contact_id, channel, status, outcome, assigned_agent_id, lead_colour, last_message_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, nullif($7, ''), $8, $9) RETURNING id`,
			companyID, ct.ID, c.channel, c.status, c.outcome, uuid.NullUUID{UUID: c.agent, Valid: c.agent != uuid.Nil}, c.lead, last, c.msgs[0].at).Scan(&id)
		if err != nil {
			return err
		}
		for _, m := range c.msgs {
			status := "received"
			if m.dir == "outbound" {
				status = "sent"
			}
			if _, err := tx.Exec(ctx, `INSERT INTO messages (company_id, conversation_id, direction, body, status, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				companyID, id, m.dir, m.body, status, m.at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed %s: %v", c.ext, err)
	}
	return id
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ids(p *inbox.ConversationPage) []uuid.UUID {
	out := make([]uuid.UUID, len(p.Items))
	for i, r := range p.Items {
		out[i] = r.ID
	}
	return out
}

func TestConversationList(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t, 2)
	// The company is in Kuala Lumpur (UTC+8): Ahmad's last message, 17:00 UTC on
	// the 9th, is 01:00 on the 10th there.
	siti := seed(ctx, t, b.d, b.company.ID, conv{ext: "1001", name: "Siti Aminah", phone: "60123456789", status: "open", lead: "hot", agent: b.agents[0].ID,
		msgs: []msg{{"inbound", "Ada stok baju kurung?", utc("2026-03-10T00:50:00Z")}, {"outbound", "Ada!", utc("2026-03-10T00:55:00Z")},
			{"inbound", "Berapa harga?", utc("2026-03-10T01:00:00Z")}}})
	ahmad := seed(ctx, t, b.d, b.company.ID, conv{ext: "60199990000", name: "Ahmad", channel: "whatsapp", status: "closed", outcome: "won", lead: "cold", agent: b.agents[1].ID,
		msgs: []msg{{"inbound", "Terima kasih, 50% diskaun?", utc("2026-03-09T16:00:00Z")}, {"outbound", "Ya, 50%.", utc("2026-03-09T17:00:00Z")}}})
	meiling := seed(ctx, t, b.d, b.company.ID, conv{ext: "1003", name: "Mei Ling", username: "meiling88",
		msgs: []msg{{"inbound", "hello", utc("2026-03-09T14:00:00Z")}, {"inbound", "any discount?", utc("2026-03-09T15:00:00Z")}}})
	other := dbtest.Company(t, b.d, "other")
	seed(ctx, t, b.d, other.ID, conv{ext: "2001", name: "Siti Other", msgs: []msg{{"inbound", "baju kurung", utc("2026-03-10T02:00:00Z")}}})

	list := func(t *testing.T, f inbox.ConversationFilter) *inbox.ConversationPage {
		t.Helper()
		p, err := b.svc.ConversationList(ctx, b.company.ID, f)
		if err != nil {
			t.Fatalf("ConversationList(%+v): %v", f, err)
		}
		return p
	}

	t.Run("FiltersCombine", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct {
			name string
			f    inbox.ConversationFilter
			want []uuid.UUID
		}{
			{"Everything newest first", inbox.ConversationFilter{}, []uuid.UUID{siti, ahmad, meiling}},
			{"Agent", inbox.ConversationFilter{Agent: b.agents[0].ID.String()}, []uuid.UUID{siti}},
			{"Unassigned", inbox.ConversationFilter{Agent: inbox.AgentUnassigned}, []uuid.UUID{meiling}},
			{"Status", inbox.ConversationFilter{Status: "closed"}, []uuid.UUID{ahmad}},
			{"Won", inbox.ConversationFilter{Status: "won"}, []uuid.UUID{ahmad}},
			{"Lost", inbox.ConversationFilter{Status: "lost"}, []uuid.UUID{}},
			{"Lead colour", inbox.ConversationFilter{LeadColour: "cold"}, []uuid.UUID{ahmad}},
			{"Channel", inbox.ConversationFilter{Channel: "telegram"}, []uuid.UUID{siti, meiling}},
			{"Day in the company's time zone", inbox.ConversationFilter{From: "2026-03-10", To: "2026-03-10"}, []uuid.UUID{siti, ahmad}},
			{"Until a day", inbox.ConversationFilter{To: "2026-03-09"}, []uuid.UUID{meiling}},
			{"Contact name, any case", inbox.ConversationFilter{Query: "SITI"}, []uuid.UUID{siti}},
			{"Phone", inbox.ConversationFilter{Query: "3456"}, []uuid.UUID{siti}},
			{"Username", inbox.ConversationFilter{Query: "meiling"}, []uuid.UUID{meiling}},
			{"WhatsApp number", inbox.ConversationFilter{Query: "6019999"}, []uuid.UUID{ahmad}},
			{"An earlier message", inbox.ConversationFilter{Query: "baju kurung"}, []uuid.UUID{siti}},
			{"Percent is literal", inbox.ConversationFilter{Query: "0%"}, []uuid.UUID{ahmad}},
			{"Wildcards do not match", inbox.ConversationFilter{Query: "a%i"}, []uuid.UUID{}},
			{"Search and status", inbox.ConversationFilter{Query: "siti", Status: "closed"}, []uuid.UUID{}},
			{"Several filters", inbox.ConversationFilter{Status: "open", Channel: "telegram", From: "2026-03-09"}, []uuid.UUID{siti, meiling}},
			{"Only named ids, still filtered", inbox.ConversationFilter{IDs: []uuid.UUID{meiling, ahmad}, Status: "open"}, []uuid.UUID{meiling}},
		} {
			if got := ids(list(t, c.f)); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}
	})

	t.Run("WaitingForAReply", func(t *testing.T) {
		t.Parallel()
		rows := map[uuid.UUID]dbgen.ConversationListFilteredRow{}
		for _, r := range list(t, inbox.ConversationFilter{}).Items {
			rows[r.ID] = r
		}
		for _, c := range []struct {
			id    uuid.UUID
			n     int32
			since time.Time
			last  string
		}{
			{siti, 1, utc("2026-03-10T01:00:00Z"), "Berapa harga?"},
			{ahmad, 0, time.Time{}, "Ya, 50%."},
			{meiling, 2, utc("2026-03-09T14:00:00Z"), "any discount?"},
		} {
			r := rows[c.id]
			if r.Unanswered != c.n || r.LastBody != c.last || (c.n > 0 && !r.WaitingSince.Equal(c.since)) {
				t.Errorf("%s: unanswered %d since %s, last %q; want %d since %s, %q", r.ContactName, r.Unanswered, r.WaitingSince, r.LastBody, c.n, c.since, c.last)
			}
		}
		if r := rows[siti]; r.AssignedAgentName != b.agents[0].Name || r.ContactPhone != "60123456789" || r.LeadColour == nil || *r.LeadColour != "hot" {
			t.Errorf("siti's row: %+v", r)
		}
	})

	t.Run("BadInputNamesTheField", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct {
			f     inbox.ConversationFilter
			field string
		}{
			{inbox.ConversationFilter{Query: " a "}, "query.q"},
			{inbox.ConversationFilter{Agent: "bob"}, "query.agent"},
			{inbox.ConversationFilter{Status: "archived"}, "query.status"},
			{inbox.ConversationFilter{From: "10/03/2026"}, "query.from"},
			{inbox.ConversationFilter{From: "2026-03-10", To: "2026-03-09"}, "query.to"},
			{inbox.ConversationFilter{Cursor: "not-a-cursor"}, "query.cursor"},
			{inbox.ConversationFilter{Limit: 101}, "query.limit"},
		} {
			_, err := b.svc.ConversationList(ctx, b.company.ID, c.f)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.EINVALID || ae.Field != c.field {
				t.Errorf("%+v: got %v, want invalid %s", c.f, err, c.field)
			}
		}
	})
}

// Pages follow each other without gaps or repeats, also across equal timestamps.
func TestConversationListKeysetPages(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t, 0)
	base := utc("2026-03-01T08:00:00Z")
	for i := range 23 {
		// Groups of three share a timestamp, so the id breaks the tie.
		seed(ctx, t, b.d, b.company.ID, conv{ext: fmt.Sprint(3000 + i), name: fmt.Sprint("Customer ", i),
			msgs: []msg{{"inbound", "Hi", base.Add(time.Duration(i/3) * time.Minute)}}})
	}
	all, err := b.svc.ConversationList(ctx, b.company.ID, inbox.ConversationFilter{Limit: 100})
	if err != nil || len(all.Items) != 23 || all.NextCursor != "" {
		t.Fatalf("whole list: %d items, cursor %q, %v", len(all.Items), all.NextCursor, err)
	}
	var walked []uuid.UUID
	f := inbox.ConversationFilter{Limit: 4}
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("the cursor does not advance")
		}
		p, err := b.svc.ConversationList(ctx, b.company.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		walked = append(walked, ids(p)...)
		if p.NextCursor == "" {
			break
		}
		f.Cursor = p.NextCursor
	}
	if !slices.Equal(walked, ids(all)) {
		t.Fatalf("pages of 4 give\n%v\nthe whole list is\n%v", walked, ids(all))
	}
}

// queryCounter counts the statements sent through a pool.
type queryCounter struct {
	mu sync.Mutex
	n  int
}

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *queryCounter) take() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = 0
	return n
}

// The list costs the same number of statements for 1, 10 or 100 rows: nothing is loaded per row.
func TestConversationListQueryCount(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t, 3)
	base := utc("2026-03-01T08:00:00Z")
	for i := range 120 {
		seed(ctx, t, b.d, b.company.ID, conv{ext: fmt.Sprint(5000 + i), name: fmt.Sprint("Pelanggan ", i), agent: b.agents[i%3].ID,
			msgs: []msg{{"inbound", "Ada stok?", base.Add(time.Duration(i) * time.Minute)}, {"outbound", "Ada", base.Add(time.Duration(i)*time.Minute + time.Second)}}})
	}
	cfg, err := pgxpool.ParseConfig(b.d.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	counter := &queryCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	svc := inbox.NewService(&db.DB{Pool: pool})

	for _, f := range []inbox.ConversationFilter{{}, {Query: "pelanggan", Status: "open", Channel: "telegram"}} {
		counts := map[int]int{}
		for _, limit := range []int{1, 10, 100} {
			f.Limit = limit
			counter.take()
			p, err := svc.ConversationList(ctx, b.company.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != limit {
				t.Fatalf("limit %d gave %d rows", limit, len(p.Items))
			}
			counts[limit] = counter.take()
		}
		if counts[1] != counts[10] || counts[10] != counts[100] || counts[1] > 6 { // a search adds its indexed lookup
			t.Errorf("filter %+v: statements per page size %v, want the same small number for each", f, counts)
		}
	}
}

// Not parallel: it changes how many indexed matches the list accepts.
func TestConversationListSearch(t *testing.T) {
	ctx, b := setup(t, 1)
	siti := seed(ctx, t, b.d, b.company.ID, conv{ext: "1001", name: "Siti Aminah", phone: "60123456789",
		msgs: []msg{{"inbound", "Ada stok baju kurung?", utc("2026-03-10T00:50:00Z")}, {"inbound", "baju kurung merah", utc("2026-03-10T00:51:00Z")}}})
	meiling := seed(ctx, t, b.d, b.company.ID, conv{ext: "1003", name: "Mei Ling", msgs: []msg{{"inbound", "baju kurung?", utc("2026-03-09T15:00:00Z")}}})
	other := dbtest.Company(t, b.d, "other")
	seed(ctx, t, b.d, other.ID, conv{ext: "2001", name: "Siti Other", msgs: []msg{{"inbound", "baju kurung", utc("2026-03-10T02:00:00Z")}}})

	t.Run("IndexedSearchSeesOnlyTheCurrentCompany", func(t *testing.T) {
		var got []uuid.UUID
		err := b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
			var err error
			got, err = tx.ConversationSearchIDs(ctx, dbgen.ConversationSearchIDsParams{Pattern: "%baju kurung%", Lim: 100})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(got, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
		want := []uuid.UUID{siti, siti, meiling}
		slices.SortFunc(want, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
		if !slices.Equal(got, want) {
			t.Errorf("search ids = %v, want %v (this company's only, one per matching message)", got, want)
		}
		// Outside a tenant transaction it finds nothing, whatever matches.
		err = b.d.WithPlatform(ctx, func(tx *db.Tx) error {
			var err error
			got, err = tx.ConversationSearchIDs(ctx, dbgen.ConversationSearchIDsParams{Pattern: "%baju%", Lim: 100})
			return err
		})
		if err != nil || len(got) != 0 {
			t.Errorf("platform scope found %v, %v; want nothing", got, err)
		}
	})

	for _, limit := range []int{2000, 1} { // rare words through the ids; common ones page by page
		t.Run(fmt.Sprint("Limit", limit), func(t *testing.T) {
			defer inbox.SetSearchIDLimit(limit)()
			for _, c := range []struct {
				f    inbox.ConversationFilter
				want []uuid.UUID
			}{
				{inbox.ConversationFilter{Query: "baju kurung"}, []uuid.UUID{siti, meiling}},
				{inbox.ConversationFilter{Query: "siti"}, []uuid.UUID{siti}},
				{inbox.ConversationFilter{Query: "tiada"}, []uuid.UUID{}},
				{inbox.ConversationFilter{Query: "baju", IDs: []uuid.UUID{meiling}}, []uuid.UUID{meiling}},
				{inbox.ConversationFilter{Query: "baju", Limit: 1}, []uuid.UUID{siti}},
			} {
				p, err := b.svc.ConversationList(ctx, b.company.ID, c.f)
				if err != nil {
					t.Fatal(err)
				}
				if got := ids(p); !slices.Equal(got, c.want) {
					t.Errorf("%+v: got %v, want %v", c.f, got, c.want)
				}
			}
		})
	}
}
