package reply_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/onsend"
	"github.com/sembang/sembang/internal/channel/simulator"
	"github.com/sembang/sembang/internal/channel/telegram"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/platform/secretbox"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/successcase"
)

// autoBench is company A with two admins, business hours Monday to Friday
// 09:00–18:00 in Kuala Lumpur, and an engine whose clock the test sets.
type autoBench struct {
	*bench
	model  *fakeModel
	e      *reply.Engine
	admins []uuid.UUID
	now    time.Time
}

var kl, _ = time.LoadLocation("Asia/Kuala_Lumpur")

// wednesday10 is inside business hours (Wednesday 25 November 2026, 10:00 in Kuala Lumpur).
var wednesday10 = time.Date(2026, 11, 25, 10, 0, 0, 0, kl)

func newAutoBench(t *testing.T, model *fakeModel, withTemplates bool, auto versions.AiVersionAutoReply) *autoBench {
	t.Helper()
	b := newBench(t)
	ab := &autoBench{bench: b, model: model, now: wednesday10}
	deps := reply.Deps{DB: b.d.DB, Knowledge: b.know, Channels: b.channels, Provider: model, Now: func() time.Time { return ab.now }}
	if withTemplates {
		deps.Templates = b.tpls
	}
	ab.e = reply.New(deps)
	ab.admins = []uuid.UUID{dbtest.User(t, b.d, b.a.ID, "company_admin", "owner@alpha.test").ID, dbtest.User(t, b.d, b.a.ID, "company_admin", "boss@alpha.test").ID}
	hours := map[string]any{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		hours[d] = map[string]any{"open": true, "start": "09:00", "end": "18:00"}
	}
	for _, d := range []string{"sat", "sun"} {
		hours[d] = map[string]any{"open": false, "start": "09:00", "end": "18:00"}
	}
	raw, _ := json.Marshal(hours)
	ab.exec(b.a.ID, `UPDATE company_settings SET timezone = 'Asia/Kuala_Lumpur', business_hours = $1`, raw)
	ab.setAuto(b.a.ID, auto)
	return ab
}

func (ab *autoBench) exec(companyID uuid.UUID, sql string, args ...any) {
	ab.t.Helper()
	err := ab.d.WithTenant(context.Background(), companyID, func(tx *db.Tx) error {
		_, err := tx.Exec(context.Background(), sql, args...)
		return err
	})
	if err != nil {
		ab.t.Fatalf("%s: %v", sql, err)
	}
}

// setAuto activates a new version of the company with these auto-reply settings.
func (ab *autoBench) setAuto(companyID uuid.UUID, auto versions.AiVersionAutoReply) {
	ab.t.Helper()
	if auto.Triggers == nil {
		auto.Triggers = []string{}
	}
	raw, _ := json.Marshal(auto)
	ab.exec(companyID, `UPDATE ai_model_versions SET status = 'archived' WHERE status = 'active'`)
	ab.exec(companyID, `INSERT INTO ai_model_versions (company_id, number, status, auto_reply, activated_at)
		VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM ai_model_versions), 'active', $2, now())`, companyID, raw)
}

// say adds a customer message to the conversation (a new one when conv is uuid.Nil).
func (ab *autoBench) say(conv uuid.UUID, text string) (uuid.UUID, uuid.UUID) {
	ab.t.Helper()
	ctx := context.Background()
	if conv == uuid.Nil {
		conv = ab.conversation(ab.a.ID)
	}
	var id uuid.UUID
	err := ab.d.WithTenant(ctx, ab.a.ID, func(tx *db.Tx) error {
		m, err := tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: ab.a.ID, ConversationID: conv, Kind: "text", Body: text,
			ProviderMessageID: uuid.NewString()})
		id = m.ID
		return err
	})
	if err != nil {
		ab.t.Fatalf("say: %v", err)
	}
	return conv, id
}

func (ab *autoBench) run(conv, msg uuid.UUID) reply.AutoOutcome {
	ab.t.Helper()
	out, err := ab.e.AutoReply(context.Background(), ab.a.ID, conv, msg)
	if err != nil {
		ab.t.Fatalf("AutoReply: %v", err)
	}
	return out
}

// botMessages are the conversation's outbound messages, oldest first.
func (ab *autoBench) botMessages(conv uuid.UUID) []dbgen.Message {
	ab.t.Helper()
	msgs, err := ab.channels.Messages(context.Background(), ab.a.ID, conv)
	if err != nil {
		ab.t.Fatal(err)
	}
	var out []dbgen.Message
	for _, m := range msgs {
		if m.Direction == "outbound" {
			out = append(out, m)
		}
	}
	return out
}

// notified lists who was notified about the conversation, with the kind.
func (ab *autoBench) notified(conv uuid.UUID) map[uuid.UUID]string {
	ab.t.Helper()
	out := map[uuid.UUID]string{}
	ctx := context.Background()
	err := ab.d.WithTenant(ctx, ab.a.ID, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT user_id, kind FROM notifications WHERE conversation_id = $1`, conv)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id uuid.UUID
			var kind string
			if err := rows.Scan(&id, &kind); err != nil {
				return err
			}
			out[id] = kind
		}
		return rows.Err()
	})
	if err != nil {
		ab.t.Fatal(err)
	}
	return out
}

func (ab *autoBench) suggestions(conv uuid.UUID) []dbgen.AiSuggestion {
	ab.t.Helper()
	ctx := context.Background()
	var out []dbgen.AiSuggestion
	err := ab.d.WithTenant(ctx, ab.a.ID, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, status, sent_message_id, source, created_by FROM ai_suggestions WHERE conversation_id = $1 ORDER BY created_at`, conv)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s dbgen.AiSuggestion
			if err := rows.Scan(&s.ID, &s.Status, &s.SentMessageID, &s.Source, &s.CreatedBy); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		ab.t.Fatal(err)
	}
	return out
}

func (ab *autoBench) assignedAgent(conv uuid.UUID) uuid.NullUUID {
	ab.t.Helper()
	var c dbgen.Conversation
	err := ab.d.WithTenant(context.Background(), ab.a.ID, func(tx *db.Tx) error {
		var err error
		c, err = tx.ConversationGet(context.Background(), conv)
		return err
	})
	if err != nil {
		ab.t.Fatal(err)
	}
	return c.AssignedAgentID
}

func modelSays(text string) *fakeModel {
	return &fakeModel{reply: func(ai.Request) string { return text }}
}

func on() versions.AiVersionAutoReply {
	return versions.AiVersionAutoReply{Enabled: true, MinConfidence: 70}
}

func TestHandoffRequestDetection(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		lang string // "" when it is not a request for a person
	}{
		{"nak cakap dengan orang", "ms"},
		{"Nak cakap dengan ORANG boleh?", "ms"},
		{"我要找人工", "zh"},
		{"请转人工客服", "zh"},
		{"有真人吗", "zh"},
		{"agent", "en"},
		{"Human please!", "en"},
		{"Can I talk to a real person?", "en"},
		{"boleh I talk to someone tak", "en"},
		{"I want to speak with your agent about my order", "en"},
		{"orang?", "ms"},
		{"saya nak ejen", "ms"},
		{"Tolong sambungkan saya dengan manusia", "ms"},
		{"எனக்கு ஒரு மனிதருடன் பேச வேண்டும்", "ta"},
		{"முகவர் வேண்டும்", "ta"},
		{"Saya nak tempah meja untuk 5 orang malam ni", ""},
		{"untuk dua orang", ""},
		{"你们是人工智能吗", ""},
		{"Do you sell travel packages from a licensed agent in Penang?", ""},
		{"berapa harga kek coklat?", ""},
		{"agents", ""},
		{"humanity", ""},
	}
	for _, tc := range cases {
		l, ok := reply.HandoffRequest(tc.text)
		if ok != (tc.lang != "") || (ok && l != tc.lang) {
			t.Errorf("HandoffRequest(%q) = %q, %v; want %q", tc.text, l, ok, tc.lang)
		}
	}
	if !reply.MatchesAny("Berapa HARGA?", []string{"harga"}) || reply.MatchesAny("sharga", []string{"harga"}) ||
		!reply.MatchesAny("这个多少钱", []string{"多少钱"}) || !reply.MatchesAny("do you have it in stock", []string{"in stock"}) {
		t.Error("trigger matching is not word-boundary aware")
	}
}

// Asking for a person, in any language, hands off: the conversation stays in
// the queue, every admin is told, the customer hears it in their language and
// no AI answer is made; later messages are left to the team.
func TestAutoReplyHandsOffWhenAskedForAPerson(t *testing.T) {
	t.Parallel()
	model := modelSays("Model answer.")
	ab := newAutoBench(t, model, true, on())
	cases := []struct{ text, want string }{
		{"nak cakap dengan orang", "sambungkan anda dengan ahli pasukan"},
		{"我要找人工", "转接我们的团队成员"},
		{"Can I talk to a real person please", "connecting you to a member of our team"},
		{"எனக்கு ஒரு மனிதருடன் பேச வேண்டும்", "குழு உறுப்பினருடன் இணைக்கிறேன்"},
	}
	for _, tc := range cases {
		conv, msg := ab.say(uuid.Nil, tc.text)
		out := ab.run(conv, msg)
		if out.Action != reply.AutoHandoff || out.Reason != reply.HandoffRequested {
			t.Errorf("%q: outcome %+v", tc.text, out)
			continue
		}
		bot := ab.botMessages(conv)
		if len(bot) != 1 || !strings.Contains(bot[0].Body, tc.want) || !bot[0].AutoReply || bot[0].SenderUserID.Valid || bot[0].ID != out.MessageID {
			t.Errorf("%q: bot messages %+v", tc.text, bot)
		}
		if ab.assignedAgent(conv).Valid {
			t.Errorf("%q: the conversation left the queue", tc.text)
		}
		got := ab.notified(conv)
		if len(got) != 2 || got[ab.admins[0]] != reply.KindHandoff || got[ab.admins[1]] != reply.KindHandoff {
			t.Errorf("%q: notified %v, want both admins", tc.text, got)
		}
		if s := ab.suggestions(conv); len(s) != 0 {
			t.Errorf("%q: an AI answer was drafted: %+v", tc.text, s)
		}
		// The customer writes again: the bot stays out, nobody is told twice.
		_, next := ab.say(conv, "hello? harga berapa?")
		if out := ab.run(conv, next); out.Action != "" || len(ab.botMessages(conv)) != 1 || len(ab.notified(conv)) != 2 {
			t.Errorf("%q: after the handoff the bot did %+v", tc.text, out)
		}
	}
	if model.calls() != 0 {
		t.Errorf("the model was called %d times", model.calls())
	}
}

// Outside business hours the after-hours message goes out once per closed
// period, not on every message.
func TestAutoReplyAfterHoursOncePerClosedPeriod(t *testing.T) {
	t.Parallel()
	model := modelSays("Model answer.")
	auto := on()
	auto.AfterHoursMessage = "We're closed now; we reply from 9am."
	ab := newAutoBench(t, model, false, auto)

	ab.now = time.Date(2026, 11, 25, 20, 0, 0, 0, kl) // Wednesday evening
	conv, m1 := ab.say(uuid.Nil, "Ada kek coklat?")
	if out := ab.run(conv, m1); out.Action != reply.AutoAfterHours {
		t.Fatalf("first message after hours: %+v", out)
	}
	ab.now = time.Date(2026, 11, 26, 8, 30, 0, 0, kl) // Thursday before opening: the same closed period
	_, m2 := ab.say(conv, "Hello?")
	if out := ab.run(conv, m2); out.Action != "" {
		t.Fatalf("second message in the same closed period: %+v", out)
	}
	bot := ab.botMessages(conv)
	if len(bot) != 1 || bot[0].Body != auto.AfterHoursMessage || !bot[0].AutoReply {
		t.Fatalf("bot messages %+v", bot)
	}
	ab.now = time.Date(2026, 11, 26, 10, 0, 0, 0, kl) // Thursday, open: the bot answers
	_, m3 := ab.say(conv, "Ada kek coklat?")
	if out := ab.run(conv, m3); out.Action != reply.AutoAnswered {
		t.Fatalf("during business hours: %+v", out)
	}
	ab.now = time.Date(2026, 11, 28, 11, 0, 0, 0, kl) // Saturday: the next closed period
	_, m4 := ab.say(conv, "Still there?")
	if out := ab.run(conv, m4); out.Action != reply.AutoAfterHours {
		t.Fatalf("next closed period: %+v", out)
	}
	if n := len(ab.botMessages(conv)); n != 3 {
		t.Errorf("%d bot messages, want after-hours, answer, after-hours", n)
	}
	if model.calls() != 1 {
		t.Errorf("model calls %d, want 1 (the business-hours answer)", model.calls())
	}
}

// A conversation an agent has is left to them, unless the version is always on.
func TestAutoReplyAssignedOnlyWhenAlwaysOn(t *testing.T) {
	t.Parallel()
	model := modelSays("Yes, we deliver.")
	ab := newAutoBench(t, model, false, on())
	conv, msg := ab.say(uuid.Nil, "Do you deliver?")
	ab.exec(ab.a.ID, `UPDATE conversations SET assigned_agent_id = $1 WHERE id = $2`, ab.agentA, conv)
	if out := ab.run(conv, msg); out.Action != "" || model.calls() != 0 || len(ab.botMessages(conv)) != 0 {
		t.Fatalf("assigned conversation: %+v, model calls %d", out, model.calls())
	}
	auto := on()
	auto.AlwaysOn = true
	ab.setAuto(ab.a.ID, auto)
	if out := ab.run(conv, msg); out.Action != reply.AutoAnswered || len(ab.botMessages(conv)) != 1 {
		t.Fatalf("always on: %+v", out)
	}
	// Turned off: nothing at all.
	ab.setAuto(ab.a.ID, versions.AiVersionAutoReply{})
	_, next := ab.say(conv, "Thanks! And to Penang?")
	if out := ab.run(conv, next); out.Action != "" || model.calls() != 1 {
		t.Fatalf("auto-reply off: %+v", out)
	}
}

// A person who answers first keeps the conversation: the bot's job finds the
// reply and sends nothing.
func TestAutoReplyStaysOutWhenAPersonAnswered(t *testing.T) {
	t.Parallel()
	model := modelSays("Yes, we deliver.")
	ab := newAutoBench(t, model, false, on())
	conv, msg := ab.say(uuid.Nil, "Do you deliver?")
	ab.exec(ab.a.ID, `INSERT INTO messages (company_id, conversation_id, direction, body, status, sender_user_id)
		VALUES ($1, $2, 'outbound', 'Yes, anywhere in KL.', 'queued', $3)`, ab.a.ID, conv, ab.agentA)
	if out := ab.run(conv, msg); out.Action != "" || model.calls() != 0 || len(ab.botMessages(conv)) != 1 {
		t.Fatalf("after a person's reply: %+v, model calls %d, outbound %d", out, model.calls(), len(ab.botMessages(conv)))
	}
}

// A draft that is flagged or not confident enough is not sent: the team gets it.
func TestAutoReplyLowConfidenceHandsOff(t *testing.T) {
	t.Parallel()
	// The offline provider with nothing in the catalog or FAQs to answer from.
	offline := &fakeModel{name: ai.ProviderOffline, reply: func(ai.Request) string { return "Let me check with the team." }}
	ab := newAutoBench(t, offline, false, on())
	conv, msg := ab.say(uuid.Nil, "Do you do weddings in Ipoh?")
	out := ab.run(conv, msg)
	if out.Action != reply.AutoHandoff || out.Reason != reply.HandoffLowConfidence || out.Confidence >= 70 {
		t.Fatalf("ungrounded offline answer: %+v", out)
	}
	s := ab.suggestions(conv)
	if len(s) != 1 || s[0].Status != reply.StatusSuggested || s[0].ID != out.SuggestionID {
		t.Errorf("the draft should wait for the agent: %+v", s)
	}
	bot := ab.botMessages(conv)
	if len(bot) != 1 || !strings.Contains(bot[0].Body, "connecting you") || len(ab.notified(conv)) != 2 {
		t.Errorf("handoff message %+v, notified %v", bot, ab.notified(conv))
	}

	// A model that promises a price the catalog does not have is flagged: confidence 0.
	ab2 := newAutoBench(t, modelSays("Special for you: only RM 5 today!"), false, on())
	conv, msg = ab2.say(uuid.Nil, "Any promotion?")
	if out := ab2.run(conv, msg); out.Action != reply.AutoHandoff || out.Reason != reply.HandoffLowConfidence || out.Confidence != 0 {
		t.Fatalf("flagged answer: %+v", out)
	}
	if bot := ab2.botMessages(conv); len(bot) != 1 || strings.Contains(bot[0].Body, "RM 5") {
		t.Errorf("bot messages %+v", bot)
	}

	// The same ungrounded question at a threshold of 10 is answered.
	auto := on()
	auto.MinConfidence = 10
	ab.setAuto(ab.a.ID, auto)
	conv, msg = ab.say(uuid.Nil, "Do you do weddings in Ipoh?")
	if out := ab.run(conv, msg); out.Action != reply.AutoAnswered {
		t.Fatalf("min confidence 10: %+v", out)
	}
}

// A normal question is answered by a template first, else by the model; the
// answer is the bot's message and its suggestion is recorded as sent; running
// the job again, even concurrently, never answers twice.
func TestAutoReplyAnswersOnceAndRecords(t *testing.T) {
	t.Parallel()
	model := modelSays("Yes! Kek Coklat is in stock.")
	ab := newAutoBench(t, model, true, on())
	ctx := context.Background()
	tpl, err := ab.tpls.CreateForCompany(ctx, ab.a.ID, uuid.Nil, successcase.Input{Name: "Mahal", Category: "objection_handling", Language: "ms",
		Patterns: []string{"mahal sangat"}, Examples: []string{"mahal sangat la bos"}, Response: "Harga kami berbaloi, {customer_name}.", Priority: 100, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	conv, msg := ab.say(uuid.Nil, "mahal sangat la bos")
	out := ab.run(conv, msg)
	if out.Action != reply.AutoAnswered || out.Confidence < 70 {
		t.Fatalf("template answer: %+v", out)
	}
	bot := ab.botMessages(conv)
	if len(bot) != 1 || bot[0].Body != "Harga kami berbaloi, Aisyah." || !bot[0].AutoReply || bot[0].SenderUserID.Valid {
		t.Fatalf("bot messages %+v", bot)
	}
	s := ab.suggestions(conv)
	if len(s) != 1 || s[0].Source != reply.SourceTemplate || s[0].Status != reply.StatusSent || s[0].SentMessageID.UUID != bot[0].ID || s[0].CreatedBy.Valid {
		t.Errorf("suggestion %+v", s)
	}
	list, err := ab.tpls.ListForCompany(ctx, ab.a.ID, successcase.Filter{Owner: "company"})
	if err != nil || len(list) != 1 || list[0].Row.ID != tpl.ID || list[0].Usage.Sent != 1 {
		t.Errorf("template usage: %+v %v", list, err)
	}

	// The model path, grounded by the catalog; the job runs three times at once and once more later.
	ab.product("Kek Coklat", 4500, 3)
	conv, msg = ab.say(uuid.Nil, "Ada kek coklat?")
	w := &reply.AutoReplyWorker{Engine: ab.e}
	job := &river.Job[channel.AutoReplyArgs]{Args: channel.AutoReplyArgs{CompanyID: ab.a.ID, ConversationID: conv, MessageID: msg}}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Work(ctx, job); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := w.Work(ctx, job); err != nil {
		t.Fatal(err)
	}
	bot = ab.botMessages(conv)
	if len(bot) != 1 || bot[0].Body != "Yes! Kek Coklat is in stock." || !bot[0].AutoReply {
		t.Fatalf("bot messages after four runs: %+v", bot)
	}
	sent := 0
	for _, s := range ab.suggestions(conv) {
		if s.Status == reply.StatusSent {
			sent++
			if s.Source != reply.SourceModel || s.SentMessageID.UUID != bot[0].ID {
				t.Errorf("sent suggestion %+v", s)
			}
		}
	}
	if sent != 1 {
		t.Errorf("%d suggestions sent", sent)
	}
	if n := len(ab.notified(conv)); n != 0 {
		t.Errorf("an answered question notified %d people", n)
	}
}

// Triggers: a message that matches none is handed to the team; one that matches is answered.
func TestAutoReplyTriggers(t *testing.T) {
	t.Parallel()
	auto := on()
	auto.Triggers = []string{"harga", "price"}
	ab := newAutoBench(t, modelSays("Harga kami RM 45.00."), false, auto)
	ab.product("Kek Coklat", 4500, 3)
	conv, msg := ab.say(uuid.Nil, "Saya nak tanya pasal kek coklat")
	if out := ab.run(conv, msg); out.Action != reply.AutoHandoff || out.Reason != reply.HandoffNoTrigger {
		t.Fatalf("no trigger: %+v", out)
	}
	if bot := ab.botMessages(conv); len(bot) != 1 || !strings.Contains(bot[0].Body, "sambungkan") {
		t.Errorf("handoff in Malay: %+v", bot)
	}
	conv, msg = ab.say(uuid.Nil, "Berapa harga kek coklat?")
	if out := ab.run(conv, msg); out.Action != reply.AutoAnswered {
		t.Fatalf("trigger matched: %+v", out)
	}
}

// A photo or voice note without text goes to the team, and so does a question
// the AI cannot answer for its budget.
func TestAutoReplyMediaAndBudgetHandOff(t *testing.T) {
	t.Parallel()
	model := modelSays("Nice photo!")
	ab := newAutoBench(t, model, false, on())
	ctx := context.Background()
	conv := ab.conversation(ab.a.ID)
	var photo uuid.UUID
	err := ab.d.WithTenant(ctx, ab.a.ID, func(tx *db.Tx) error {
		m, err := tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: ab.a.ID, ConversationID: conv, Kind: "image",
			MediaKey: "media/x", ProviderMessageID: uuid.NewString()})
		photo = m.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if out := ab.run(conv, photo); out.Action != reply.AutoHandoff || out.Reason != reply.HandoffMedia || model.calls() != 0 {
		t.Fatalf("photo: %+v", out)
	}
	// The provider refuses: the spend limit reads like a used-up budget.
	ab = newAutoBench(t, &fakeModel{err: ai.ErrSpendLimit}, false, on())
	conv, msg := ab.say(uuid.Nil, "Do you deliver to Penang?")
	if out := ab.run(conv, msg); out.Action != reply.AutoHandoff || out.Reason != reply.HandoffUnavailable {
		t.Fatalf("budget used up: %+v", out)
	}
}

// A company whose rules assign automatically gets its handoffs assigned.
func TestAutoReplyHandoffRunsAssignmentRules(t *testing.T) {
	t.Parallel()
	ab := newAutoBench(t, modelSays("x"), false, on())
	conv, msg := ab.say(uuid.Nil, "agent please")
	ab.exec(ab.a.ID, `INSERT INTO assignment_settings (company_id, strategy) VALUES ($1, 'least_workload')
		ON CONFLICT (company_id) DO UPDATE SET strategy = 'least_workload'`, ab.a.ID)
	if out := ab.run(conv, msg); out.Action != reply.AutoHandoff {
		t.Fatalf("outcome %+v", out)
	}
	if got := ab.assignedAgent(conv); !got.Valid || got.UUID != ab.agentA {
		t.Errorf("assigned to %v, want the only agent", got)
	}
	if n := ab.notified(conv); n[ab.admins[0]] != reply.KindHandoff || n[ab.agentA] == "" {
		t.Errorf("notified %v", n)
	}
}

// The ingest queues the auto-reply in the transaction that stores a customer
// message, only while the active version has it on; the worker then answers.
func TestAutoReplyQueuedByIngest(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	sim := httptest.NewServer(simulator.New())
	t.Cleanup(sim.Close)
	mux := http.NewServeMux()
	hook := httptest.NewServer(mux)
	t.Cleanup(hook.Close)
	keys, _ := secretbox.Parse(secretbox.NewKey("k1"))
	svc := channel.NewService(d.DB, keys, storage.Disk{Root: t.TempDir()}, channel.Settings{PublicURL: hook.URL, Pacing: &channel.Pacing{}},
		telegram.New(sim.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
	queue, _ := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{})
	svc.SetJobs(queue)
	mux.HandleFunc("POST /webhook/{company}/{channel}", svc.WebhookHandler())
	c := dbtest.Company(t, d, "sim")
	admin := dbtest.User(t, d, c.ID, "company_admin", "admin@sim.test")
	ctx := identity.WithPrincipal(context.Background(), &identity.Principal{CompanyID: c.ID, Role: "company_admin"})
	const token = "424242:SIMULATED-TOKEN"
	if _, err := svc.SetToken(ctx, c.ID, "telegram", token, ""); err != nil {
		t.Fatal(err)
	}
	if res, err := svc.Connect(ctx, c.ID, "telegram"); err != nil || !res.Health.OK {
		t.Fatalf("Connect = %+v, %v", res, err)
	}
	jobs := func(kind string) []string {
		rows, err := d.Pool.Query(ctx, "SELECT args::text FROM river_job WHERE kind = $1 ORDER BY id", kind)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			_ = rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	say := func(text string) {
		t.Helper()
		b, _ := json.Marshal(map[string]string{"channel": "telegram", "token": token, "from": "5550001", "name": "Mei", "text": text})
		res, err := http.Post(sim.URL+"/sim/say", "application/json", strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		ingest := jobs("channel_ingest")
		var args struct {
			EventID int64 `json:"event_id"`
		}
		_ = json.Unmarshal([]byte(ingest[len(ingest)-1]), &args)
		if err := svc.Ingest(ctx, c.ID, args.EventID); err != nil {
			t.Fatal(err)
		}
	}

	say("你好")
	if n := len(jobs("ai_auto_reply")); n != 0 {
		t.Fatalf("auto-reply off, yet %d jobs queued", n)
	}
	raw, _ := json.Marshal(on())
	err := d.WithTenant(ctx, c.ID, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO ai_model_versions (company_id, number, status, auto_reply, activated_at) VALUES ($1, 1, 'active', $2, now())`, c.ID, raw)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	say("我要找人工")
	queued := jobs("ai_auto_reply")
	if len(queued) != 1 {
		t.Fatalf("%d auto-reply jobs, want 1", len(queued))
	}
	var args channel.AutoReplyArgs
	if err := json.Unmarshal([]byte(queued[0]), &args); err != nil || args.CompanyID != c.ID {
		t.Fatalf("args %s: %v", queued[0], err)
	}
	// During business hours, whatever the clock says: after hours the after-hours message would answer instead.
	e := reply.New(reply.Deps{DB: d.DB, Channels: svc, Provider: modelSays("x"), Now: func() time.Time { return wednesday10 }})
	if err := (&reply.AutoReplyWorker{Engine: e}).Work(ctx, &river.Job[channel.AutoReplyArgs]{Args: args}); err != nil {
		t.Fatal(err)
	}
	msgs, err := svc.Messages(ctx, c.ID, args.ConversationID)
	if err != nil {
		t.Fatal(err)
	}
	last := msgs[len(msgs)-1]
	if last.Direction != "outbound" || !last.AutoReply || !strings.Contains(last.Body, "转接") {
		t.Fatalf("last message %+v", last)
	}
	var kind string
	err = d.WithTenant(ctx, c.ID, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, `SELECT kind FROM notifications WHERE user_id = $1 AND conversation_id = $2`, admin.ID, args.ConversationID).Scan(&kind)
	})
	if err != nil || kind != reply.KindHandoff {
		t.Fatalf("admin notification %q, %v", kind, err)
	}
}
