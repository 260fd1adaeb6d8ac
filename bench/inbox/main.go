// Command inbox measures the admin's conversation list and the chat's message
// query against a large company: it seeds (with COPY) one company with 100k
// conversations and 2M messages in a database of its own, then times the list
// (first page, by agent, unassigned, date range, text searches, a deep keyset
// page) through inbox.Service.ConversationList, as the runtime role under
// row-level security, and the chat's message queries; it prints p50/p99 and
// the indexes each plan uses, and can write them into docs/benchmarks.md.
//
//	go run ./bench/inbox                                   # full scale, a few minutes
//	go run ./bench/inbox -conversations 5000 -messages 100000 -rounds 50   # quick
//	go run ./bench/inbox -reuse -write docs/benchmarks.md  # measure again, record
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
)

type config struct {
	adminURL      string
	name          string
	conversations int
	messages      int
	agents        int
	rounds        int
	budget        time.Duration
	deep          int
	reuse         bool
	write         string
}

func main() {
	var c config
	flag.StringVar(&c.adminURL, "admin-url", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "superuser connection (creates the database and roles)")
	flag.StringVar(&c.name, "db", "sembang_bench_inbox", "database to (re)create")
	flag.IntVar(&c.conversations, "conversations", 100_000, "conversations (one contact each)")
	flag.IntVar(&c.messages, "messages", 2_000_000, "messages in all")
	flag.IntVar(&c.agents, "agents", 20, "sales agents")
	flag.IntVar(&c.rounds, "rounds", 200, "timed runs per scenario")
	flag.DurationVar(&c.budget, "budget", 30*time.Second, "stop a scenario's runs after this long (at least 5 runs)")
	flag.IntVar(&c.deep, "deep", 50_000, "rows before the deep keyset page")
	flag.BoolVar(&c.reuse, "reuse", false, "measure the database seeded by an earlier run instead of seeding again")
	flag.StringVar(&c.write, "write", "", "write the results section into this Markdown file (e.g. docs/benchmarks.md)")
	flag.Parse()
	if err := run(context.Background(), c); err != nil {
		fmt.Fprintln(os.Stderr, "inbox:", err)
		os.Exit(1)
	}
}

const (
	ownerRole = "sembang_bench_owner"
	appRole   = "sembang_bench_app"
)

// roleURL is the admin URL pointed at database name as role.
func roleURL(adminURL, role, name string) (string, error) {
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", err
	}
	if role != "" {
		u.User = url.User(role)
	}
	u.Path = "/" + name
	return u.String(), nil
}

func run(ctx context.Context, c config) error {
	ownerURL, err := roleURL(c.adminURL, ownerRole, c.name)
	if err != nil {
		return err
	}
	appURL, _ := roleURL(c.adminURL, appRole, c.name)
	seedURL, _ := roleURL(c.adminURL, "", c.name)

	var seedTime time.Duration
	if !c.reuse {
		start := time.Now()
		if err := recreate(ctx, c.adminURL, c.name); err != nil {
			return err
		}
		if err := db.Bootstrap(ctx, c.adminURL, ownerURL, appURL); err != nil {
			return err
		}
		if err := db.Migrate(ctx, ownerURL, appRole); err != nil {
			return err
		}
		if err := seed(ctx, seedURL, c); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		seedTime = time.Since(start)
		fmt.Printf("seeded in %s\n", seedTime.Round(time.Second))
	} else {
		// An earlier seed still gets the roles' current attributes and any newer migration.
		if err := db.Bootstrap(ctx, c.adminURL, ownerURL, appURL); err != nil {
			return err
		}
		if err := db.Migrate(ctx, ownerURL, appRole); err != nil {
			return err
		}
	}

	d, err := db.Open(ctx, appURL)
	if err != nil {
		return err
	}
	defer d.Close()
	fx, err := loadFixtures(ctx, seedURL)
	if err != nil {
		return err
	}
	results, err := measure(ctx, d, fx, c)
	if err != nil {
		return err
	}
	report := render(c, fx, seedTime, results)
	fmt.Print(report)
	if c.write != "" {
		return writeSection(c.write, report)
	}
	return nil
}

func recreate(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return err
}

// Words the generator draws from: Malaysian names, products and chat lines in
// Malay, English and Chinese, so the trigram indexes see realistic text.
var (
	firstNames = []string{"Aisyah", "Siti", "Nur", "Ahmad", "Muhammad", "Mei Ling", "Wei Ming", "Kumar", "Priya", "Ravi", "Farah", "Hafiz",
		"Amir", "Lina", "Jason", "Chloe", "Daniel", "Hui Min", "Arjun", "Deepa", "Zulkifli", "Azlan", "Nadia", "Irfan", "Kavitha"}
	lastNames = []string{"Tan", "Lim", "Lee", "Wong", "Ng", "Abdullah", "Rahman", "Ismail", "Hassan", "Kaur", "Singh", "Raj", "Pillai",
		"Chong", "Yusof", "Osman"}
	products = []string{"baju kurung", "tudung bawal", "kasut sukan", "beg tangan", "jam tangan", "telefon bimbit", "kuih raya",
		"minyak wangi", "set pinggan", "tilam", "kerusi pejabat", "powerbank", "batik sutera", "songkok", "sambal bilis"}
	cities   = []string{"Shah Alam", "Johor Bahru", "Ipoh", "Kuching", "Kota Kinabalu", "Penang", "Melaka", "Kuantan", "Seremban"}
	inbound  = []string{"Ada stok %s?", "Berapa harga %s?", "Boleh COD di %s?", "How much for 3 pcs %s?", "Bila boleh hantar?", "Ada warna lain?", "%s ni original ke?", "有货吗？%s", "多少钱？", "Saya nak beli %s", "Dah bayar, order %s", "Boleh nego sikit?", "Postage ke Sabah berapa?", "Thanks boss", "Ok noted"}
	outbound = []string{"Ada, boss! %s ready stock.", "Harga %s RM 89.00 sahaja.", "Boleh, COD di %s setiap Sabtu.", "Kami hantar dalam 2-3 hari bekerja.", "Terima kasih! Order %s sedang diproses.", "Ya, 100% original.", "Postage ke Sabah RM 15.", "Sama-sama 😊"}
)

// fixtures are values the scenarios pick from, read back after seeding.
type fixtures struct {
	company       uuid.UUID
	agents        []uuid.UUID
	conversations []uuid.UUID // a sample
	long          []uuid.UUID // the conversations with the most messages
	orderNo       string      // a reference that occurs in one conversation
	phone         string      // part of one contact's number
	name          string      // a full name many contacts share
	total         int
	messages      int
}

func seed(ctx context.Context, url string, c config) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	// The generated rows are consistent, so foreign-key triggers may rest while loading.
	for _, s := range []string{"SET session_replication_role = replica", "SET maintenance_work_mem = '512MB'"} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return err
		}
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	company := uuid.New()
	if _, err := conn.Exec(ctx, `INSERT INTO companies (id, name, slug, plan, status) VALUES ($1, 'Kedai Bench Sdn Bhd', 'kedai-bench', 'growth', 'active')`, company); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `INSERT INTO company_settings (company_id, country, timezone, currency, business_hours) VALUES ($1, 'MY', 'Asia/Kuala_Lumpur', 'MYR', '{}')`, company); err != nil {
		return err
	}
	agents := make([]uuid.UUID, c.agents)
	for i := range agents {
		agents[i] = uuid.New()
		if _, err := conn.Exec(ctx, `INSERT INTO users (id, company_id, name, email, password_hash, role) VALUES ($1, $2, $3, $4, 'x', 'company_user')`,
			agents[i], company, fmt.Sprintf("Agent %02d", i+1), fmt.Sprintf("agent%02d@bench.test", i+1)); err != nil {
			return err
		}
	}

	// Indexes are built once after loading, which is much faster than
	// maintaining them row by row; their definitions come from the migrations.
	tables := []string{"contacts", "conversations", "messages"}
	var defs []string
	rows, err := conn.Query(ctx, `SELECT i.indexdef FROM pg_indexes i
		WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`, tables)
	if err != nil {
		return err
	}
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return err
		}
		defs = append(defs, def)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `DO $$ DECLARE r record; BEGIN
		FOR r IN SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename IN ('contacts', 'conversations', 'messages')
		    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
		LOOP EXECUTE format('DROP INDEX %I', r.indexname); END LOOP; END $$`); err != nil {
		return err
	}

	// Message counts per conversation: a few very long chats, the rest spread
	// around the mean.
	n := c.conversations
	counts := make([]int, n)
	long := min(10, n/10)
	left := c.messages
	for i := range long {
		counts[i] = min(c.messages/100, 5000)
		left -= counts[i]
	}
	mean := float64(left) / float64(n-long)
	for i := long; i < n; i++ {
		counts[i] = 1 + int(rng.Float64()*2*(mean-1)+0.5)
	}
	now := time.Now().UTC().Truncate(time.Second)

	type convRow struct {
		id, contact uuid.UUID
		channel     string
		status      string
		outcome     string
		agent       *uuid.UUID
		lead        *string
		first, last time.Time
	}
	convs := make([]convRow, n)
	contactRows := make([][]any, n)
	for i := range convs {
		cv := &convs[i]
		cv.id, cv.contact = uuid.New(), uuid.New()
		name := firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
		phone := fmt.Sprintf("601%08d", i*104729%100_000_000) // unique: WhatsApp numbers are contact keys
		ext, username := phone, ""
		cv.channel = "whatsapp"
		if rng.IntN(10) < 3 {
			cv.channel, ext = "telegram", fmt.Sprint(100_000_000+i)
			if rng.IntN(2) == 0 {
				username = strings.ToLower(strings.ReplaceAll(name, " ", "")) + fmt.Sprint(rng.IntN(100))
			}
		}
		contactRows[i] = []any{company, cv.contact, cv.channel, ext, name, phone, username}
		cv.status = "closed"
		if rng.IntN(4) == 0 {
			cv.status = "open"
		}
		if cv.status == "closed" {
			switch r := rng.IntN(20); {
			case r < 3:
				cv.outcome = "won"
			case r < 5:
				cv.outcome = "lost"
			}
		}
		if rng.IntN(10) > 0 || cv.status == "closed" {
			a := agents[rng.IntN(len(agents))]
			cv.agent = &a
		}
		if r := rng.IntN(4); r > 0 {
			l := []string{"hot", "warm", "cold"}[r-1]
			cv.lead = &l
		}
		// Activity over the last 180 days; open chats are recent.
		age := time.Duration(rng.Int64N(int64(180 * 24 * time.Hour)))
		if cv.status == "open" {
			age /= 12
		}
		cv.last = now.Add(-age)
		cv.first = cv.last.Add(-time.Duration(counts[i]) * time.Duration(1+rng.IntN(20)) * time.Minute)
	}
	start := time.Now()
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"contacts"}, []string{"company_id", "id", "channel", "external_id", "name", "phone", "username"},
		pgx.CopyFromRows(contactRows)); err != nil {
		return fmt.Errorf("copy contacts: %w", err)
	}
	i := 0
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"conversations"},
		[]string{"company_id", "id", "contact_id", "channel", "status", "outcome", "assigned_agent_id", "assigned_at", "lead_colour", "last_message_at", "created_at"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if i == n {
				return nil, nil
			}
			cv := convs[i]
			i++
			var assignedAt *time.Time
			if cv.agent != nil {
				assignedAt = &cv.first
			}
			return []any{company, cv.id, cv.contact, cv.channel, cv.status, cv.outcome, cv.agent, assignedAt, cv.lead, cv.last, cv.first}, nil
		})); err != nil {
		return fmt.Errorf("copy conversations: %w", err)
	}
	fmt.Printf("contacts and conversations copied in %s\n", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	ci, mi := 0, 0
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"messages"}, []string{"company_id", "id", "conversation_id", "direction", "body", "status", "created_at"},
		pgx.CopyFromFunc(func() ([]any, error) {
			for ci < n && mi == counts[ci] {
				ci, mi = ci+1, 0
			}
			if ci == n {
				return nil, nil
			}
			cv := convs[ci]
			k := counts[ci]
			// Evenly from first to last; the last message is exactly last_message_at.
			at := cv.last
			if k > 1 {
				at = cv.first.Add(time.Duration(int64(cv.last.Sub(cv.first)) * int64(mi) / int64(k-1)))
			}
			dir, status, lines := "inbound", "received", inbound
			if mi%2 == 1 && rng.IntN(4) > 0 {
				dir, status, lines = "outbound", "sent", outbound
			}
			line := lines[rng.IntN(len(lines))]
			if strings.Contains(line, "%s") {
				arg := products[rng.IntN(len(products))]
				if strings.Contains(line, "order") || strings.Contains(line, "Order") {
					arg = orderNo(ci)
				} else if strings.Contains(line, "COD") {
					arg = cities[rng.IntN(len(cities))]
				}
				line = fmt.Sprintf(line, arg)
			}
			mi++
			return []any{company, uuid.New(), cv.id, dir, line, status, at}, nil
		})); err != nil {
		return fmt.Errorf("copy messages: %w", err)
	}
	fmt.Printf("messages copied in %s\n", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	for _, def := range defs {
		if _, err := conn.Exec(ctx, def); err != nil {
			return fmt.Errorf("%s: %w", def, err)
		}
	}
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		return err
	}
	fmt.Printf("indexes built and analysed in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// orderNo is conversation i's order reference: unique, so searching it finds one chat.
func orderNo(i int) string { return fmt.Sprintf("SB%07d", i*7919%10_000_000) }

func loadFixtures(ctx context.Context, url string) (*fixtures, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	fx := &fixtures{}
	if err := conn.QueryRow(ctx, "SELECT id FROM companies WHERE slug = 'kedai-bench'").Scan(&fx.company); err != nil {
		return nil, fmt.Errorf("no seeded company (run without -reuse first): %w", err)
	}
	if err := conn.QueryRow(ctx, "SELECT (SELECT count(*) FROM conversations), (SELECT count(*) FROM messages)").Scan(&fx.total, &fx.messages); err != nil {
		return nil, err
	}
	var err2 error
	collect := func(sql string, args ...any) []uuid.UUID {
		rows, err := conn.Query(ctx, sql, args...)
		if err != nil {
			err2 = err
			return nil
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		if err != nil {
			err2 = err
		}
		return ids
	}
	fx.agents = collect("SELECT id FROM users WHERE company_id = $1 AND role = 'company_user' ORDER BY email", fx.company)
	fx.conversations = collect("SELECT id FROM conversations ORDER BY random() LIMIT 1000")
	fx.long = collect("SELECT conversation_id FROM messages GROUP BY conversation_id ORDER BY count(*) DESC LIMIT 10")
	if err2 != nil {
		return nil, err2
	}
	if err := conn.QueryRow(ctx, `SELECT substring(body from 'SB[0-9]{7}') FROM messages WHERE body ~ 'SB[0-9]{7}' LIMIT 1`).Scan(&fx.orderNo); err != nil {
		return nil, fmt.Errorf("order reference: %w", err)
	}
	if err := conn.QueryRow(ctx, `SELECT substring(phone from 4 for 7) FROM contacts ORDER BY id LIMIT 1`).Scan(&fx.phone); err != nil {
		return nil, err
	}
	if err := conn.QueryRow(ctx, `SELECT name FROM contacts GROUP BY name ORDER BY count(*) DESC, name LIMIT 1`).Scan(&fx.name); err != nil {
		return nil, err
	}
	return fx, nil
}

// result is one scenario's timings and plan.
type result struct {
	name    string
	rows    int
	runs    int
	p50     time.Duration
	p99     time.Duration
	max     time.Duration
	indexes []string
}

type scenario struct {
	name string
	// filter returns the list filter of round r; chat scenarios set query instead.
	filter func(r int) inbox.ConversationFilter
	query  func(ctx context.Context, tx *db.Tx, r int) (int, error)
}

func measure(ctx context.Context, d *db.DB, fx *fixtures, c config) ([]result, error) {
	svc := inbox.NewService(d)
	weekAgo := time.Now().In(must(time.LoadLocation("Asia/Kuala_Lumpur"))).AddDate(0, 0, -6).Format(time.DateOnly)

	// The deep page: walk there once in pages of 100, keep the cursor.
	deepCursor, depth := "", 0
	for depth < c.deep && depth < fx.total-100 {
		p, err := svc.ConversationList(ctx, fx.company, inbox.ConversationFilter{Limit: 100, Cursor: deepCursor})
		if err != nil {
			return nil, err
		}
		deepCursor, depth = p.NextCursor, depth+len(p.Items)
	}

	pick := func(l []uuid.UUID, r int) uuid.UUID { return l[r%len(l)] }
	scenarios := []scenario{
		{name: "first page (30)", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{} }},
		{name: "first page (100)", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Limit: 100} }},
		{name: "by agent", filter: func(r int) inbox.ConversationFilter {
			return inbox.ConversationFilter{Agent: pick(fx.agents, r).String()}
		}},
		{name: "by agent, open, WhatsApp", filter: func(r int) inbox.ConversationFilter {
			return inbox.ConversationFilter{Agent: pick(fx.agents, r).String(), Status: "open", Channel: "whatsapp"}
		}},
		{name: "unassigned", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Agent: inbox.AgentUnassigned} }},
		{name: "won", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Status: "won"} }},
		{name: "hot leads", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{LeadColour: "hot"} }},
		{name: "last 7 days", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{From: weekAgo} }},
		{name: fmt.Sprintf("deep page (after %d rows)", depth), filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Cursor: deepCursor} }},
		{name: "search: common word (\"harga\")", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Query: "harga"} }},
		{name: "search: shared name (\"" + fx.name + "\")", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Query: fx.name} }},
		{name: "search: order reference (one chat)", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Query: fx.orderNo} }},
		{name: "search: phone digits (one contact)", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Query: fx.phone} }},
		{name: "search: no match", filter: func(int) inbox.ConversationFilter { return inbox.ConversationFilter{Query: "zqxv"} }},
		{name: "search + agent + open", filter: func(r int) inbox.ConversationFilter {
			return inbox.ConversationFilter{Query: "stok", Agent: pick(fx.agents, r).String(), Status: "open"}
		}},
		{name: "chat: latest 50 messages", query: func(ctx context.Context, tx *db.Tx, r int) (int, error) {
			return latest(ctx, tx, fx.company, pick(fx.conversations, r))
		}},
		{name: fmt.Sprintf("chat: latest 50 of a long chat (%d+ messages)", min(fx.messages/100, 5000)), query: func(ctx context.Context, tx *db.Tx, r int) (int, error) {
			return latest(ctx, tx, fx.company, pick(fx.long, r))
		}},
		{name: "chat: GET …/messages (latest 500 of a long chat)", query: func(ctx context.Context, tx *db.Tx, r int) (int, error) {
			l, err := tx.MessageListByConversation(ctx, dbgen.MessageListByConversationParams{CompanyID: fx.company, ConversationID: pick(fx.long, r), Lim: channel.MessagePage})
			return len(l), err
		}},
	}

	var out []result
	for _, s := range scenarios {
		res := result{name: s.name}
		run := func(r int) (int, error) {
			if s.query != nil {
				n := 0
				err := d.WithTenant(ctx, fx.company, func(tx *db.Tx) error {
					var err error
					n, err = s.query(ctx, tx, r)
					return err
				})
				return n, err
			}
			p, err := svc.ConversationList(ctx, fx.company, s.filter(r))
			if err != nil {
				return 0, err
			}
			return len(p.Items), nil
		}
		for r := range 2 { // warm up: caches, and the first prepared-statement plans
			if _, err := run(r); err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
		}
		var samples []time.Duration
		began := time.Now()
		for r := 0; r < c.rounds && (r < 5 || time.Since(began) < c.budget); r++ {
			t0 := time.Now()
			n, err := run(r)
			samples = append(samples, time.Since(t0))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			res.rows = n
		}
		res.runs = len(samples)
		slices.Sort(samples)
		res.p50, res.p99, res.max = samples[len(samples)/2], samples[(len(samples)-1)*99/100], samples[len(samples)-1]
		var err error
		if res.indexes, err = plan(ctx, d, fx.company, s); err != nil {
			return nil, fmt.Errorf("%s: explain: %w", s.name, err)
		}
		fmt.Printf("%-50s rows %3d  p50 %8s  p99 %8s  %s\n", s.name, res.rows, ms(res.p50), ms(res.p99), strings.Join(res.indexes, ", "))
		out = append(out, res)
	}
	return out, nil
}

// latest is the chat's page: a conversation's newest 50 messages. It names the
// company: the row-level-security policy (company OR platform scope) cannot
// serve as the index's leading column, so without it every message is read.
func latest(ctx context.Context, tx *db.Tx, company, conversation uuid.UUID) (int, error) {
	rows, err := tx.Query(ctx, `SELECT * FROM messages WHERE company_id = $1 AND conversation_id = $2 ORDER BY created_at DESC, id DESC LIMIT 50`,
		company, conversation)
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	return n, rows.Err()
}

// explainer runs EXPLAIN ANALYZE of every statement sent through it, with the
// same arguments, and keeps the plans; it answers with an empty result.
type explainer struct {
	tx    pgx.Tx
	plans []string
}

func (e *explainer) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return e.tx.Exec(ctx, sql, args...)
}

func (e *explainer) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	var p string
	if err := e.tx.QueryRow(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) "+sql, args...).Scan(&p); err != nil {
		return nil, err
	}
	e.plans = append(e.plans, p)
	return e.tx.Query(ctx, "SELECT 1 WHERE false")
}

func (e *explainer) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return e.tx.QueryRow(ctx, sql, args...)
}

// plan returns the indexes the scenario's statement uses (round 0).
func plan(ctx context.Context, d *db.DB, company uuid.UUID, s scenario) ([]string, error) {
	var names []string
	err := d.WithTenant(ctx, company, func(tx *db.Tx) error {
		e := &explainer{tx: tx.Tx}
		etx := &db.Tx{Tx: tx.Tx, Queries: dbgen.New(e)}
		if s.query != nil {
			// Plain SQL goes to tx directly; route it through the explainer too.
			etx.Tx = explainTx{Tx: tx.Tx, e: e}
			if _, err := s.query(ctx, etx, 0); err != nil {
				return err
			}
		} else if _, err := inbox.ConversationListTx(ctx, etx, company, s.filter(0)); err != nil {
			return err
		}
		for _, p := range e.plans {
			names = append(names, indexNames(p)...)
		}
		return nil
	})
	slices.Sort(names)
	return slices.Compact(names), err
}

// explainTx sends Query through the explainer.
type explainTx struct {
	pgx.Tx
	e *explainer
}

func (t explainTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.e.Query(ctx, sql, args...)
}

// indexNames collects "Index Name" from a JSON plan.
func indexNames(planJSON string) []string {
	var v any
	if json.Unmarshal([]byte(planJSON), &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			if n, ok := t["Index Name"].(string); ok {
				out = append(out, n)
			}
			for _, c := range t {
				walk(c)
			}
		case []any:
			for _, c := range t {
				walk(c)
			}
		}
	}
	walk(v)
	return out
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

const sectionTitle = "## Conversation list and chat (`bench/inbox`)"

func render(c config, fx *fixtures, seedTime time.Duration, results []result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", sectionTitle)
	fmt.Fprintf(&b, "`go run ./bench/inbox` creates the database `%s`, seeds one company with COPY (%d conversations, one contact each, "+
		"%d messages, %d agents; 25%% open, 10%% unassigned, activity over 180 days, ten chats of up to 5,000 messages) and times each "+
		"scenario %d times through `inbox.Service.ConversationList` (the list endpoint's code: one tenant transaction, one statement) "+
		"as the runtime role under row-level security, and the chat's message queries. Indexes: those the plan of the first run uses "+
		"(EXPLAIN ANALYZE). `-conversations 5000 -messages 100000 -rounds 50` is a quick run; `-reuse` measures an earlier seed again.\n\n",
		c.name, fx.total, fx.messages, len(fx.agents), c.rounds)
	fmt.Fprintf(&b, "Measured %s, %s %s/%s, %d CPUs, PostgreSQL on the same machine", time.Now().UTC().Format(time.DateOnly), runtime.Version(),
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	if seedTime > 0 {
		fmt.Fprintf(&b, "; seeding (migrations, COPY, index builds, ANALYZE) took %s", seedTime.Round(time.Second))
	}
	b.WriteString(":\n\n| scenario | rows | runs | p50 | p99 | max | indexes used |\n|---|---:|---:|---:|---:|---:|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %s | %s | %s |\n", r.name, r.rows, r.runs, ms(r.p50), ms(r.p99), ms(r.max), "`"+strings.Join(r.indexes, "`, `")+"`")
	}
	b.WriteString(findings)
	return b.String()
}

// writeSection replaces the section in path (or appends it), keeping the others.
func writeSection(path, section string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(raw)
	if i := strings.Index(doc, sectionTitle); i >= 0 {
		end := len(doc)
		if j := strings.Index(doc[i+len(sectionTitle):], "\n## "); j >= 0 {
			end = i + len(sectionTitle) + j + 1
		}
		rest := doc[end:]
		doc = doc[:i] + section
		if rest != "" {
			doc += "\n" + rest
		}
	} else {
		doc = strings.TrimRight(doc, "\n") + "\n\n" + section
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}

// findings explains the figures; they follow from how PostgreSQL plans under
// row-level security, not from this run.
const findings = `
What the plans show:

- Filters and keyset pages walk an index in list order (` + "`conversations_list_idx`" + ` and the agent, status and lead-colour
  variants) and stop after the page, so a page deep in the list costs what the first one does. Each statement is planned
  with its own values (` + "`plan_cache_mode = force_custom_plan`" + ` for the transaction): a generic plan of the optional
  "$n IS NULL OR …" filters estimated one row and read every conversation (0.9 s for the first page at 5,000 conversations).
- Text search cannot use the trigram indexes under the runtime role's row-level security: PostgreSQL only turns a
  condition into an index scan before the policy when its operator is leakproof, and ` + "`ILIKE`" + ` (` + "`texticlike`" + `)
  is not. Walking the list and checking each conversation's contact and messages took seconds for a rare or absent term
  at this size. The list therefore first calls ` + "`inbox_search_conversations`" + ` (a SECURITY DEFINER function owned by the
  schema owner, which has BYPASSRLS, filtering on the tenant setting itself): a rare term comes back as a handful of
  ids from the trigram indexes and the list reads only those; past 2,000 matches (a common word) the list walks in page
  order as before, which fills a page at once. The "indexes used" column cannot see inside the function.
- The chat's query names the company (` + "`company_id = $1 AND conversation_id = $2`" + `, newest first): the policy's
  condition alone (company OR platform scope) cannot lead ` + "`messages_conversation_idx`" + `, and without it the query read
  every message of the company.
`
