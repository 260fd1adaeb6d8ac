package contact_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/contact"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
)

type bundle struct {
	d              *dbtest.DB
	svc            *contact.Service
	inbox          *inbox.Service
	companyA       uuid.UUID
	companyB       uuid.UUID
	admin, adminB  contact.Viewer
	agent1, agent2 contact.Viewer
}

func setup(t *testing.T) *bundle {
	t.Helper()
	d := dbtest.New(t)
	a := dbtest.Company(t, d, "alpha")
	b := dbtest.Company(t, d, "beta")
	adm := dbtest.User(t, d, a.ID, "company_admin", "admin@alpha.test")
	ag1 := dbtest.User(t, d, a.ID, "company_user", "siti@alpha.test")
	ag2 := dbtest.User(t, d, a.ID, "company_user", "ravi@alpha.test")
	admB := dbtest.User(t, d, b.ID, "company_admin", "admin@beta.test")
	return &bundle{d: d, svc: contact.NewService(d.DB), inbox: inbox.NewService(d.DB), companyA: a.ID, companyB: b.ID,
		admin: contact.Viewer{CompanyID: a.ID, UserID: adm.ID}, adminB: contact.Viewer{CompanyID: b.ID, UserID: admB.ID},
		agent1: contact.Viewer{CompanyID: a.ID, UserID: ag1.ID, Agent: true}, agent2: contact.Viewer{CompanyID: a.ID, UserID: ag2.ID, Agent: true}}
}

// customer creates a contact of company A with one open conversation and returns both ids.
func (b *bundle) customer(t *testing.T, ext, name string) (contactID, convID uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	err := b.d.WithTenant(ctx, b.companyA, func(tx *db.Tx) error {
		c, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: b.companyA, Channel: "telegram", ExternalID: ext, Name: name, Phone: "+60123" + ext})
		if err != nil {
			return err
		}
		v, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: b.companyA, ContactID: c.ID, Channel: "telegram"})
		contactID, convID = c.ID, v.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return contactID, convID
}

func (b *bundle) assign(t *testing.T, conv uuid.UUID, agent contact.Viewer) {
	t.Helper()
	if _, err := b.inbox.Assign(context.Background(), b.companyA, b.admin.UserID, conv, agent.UserID, "test"); err != nil {
		t.Fatal(err)
	}
}

func (b *bundle) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	if err := b.d.WithTenant(ctx, b.companyA, func(tx *db.Tx) error { _, err := tx.Exec(ctx, sql, args...); return err }); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func ids(p *contact.Page) []uuid.UUID {
	var out []uuid.UUID
	for _, r := range p.Items {
		out = append(out, r.ID)
	}
	return out
}

func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != code || (field != "" && e.Field != field) {
		t.Fatalf("error = %v, want %s on %q", err, code, field)
	}
}

func TestAgentSeesOnlyContactsOfTheirConversations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	mine, conv := b.customer(t, "1", "Aminah")
	other, _ := b.customer(t, "2", "Boon")
	b.assign(t, conv, b.agent1)

	page, err := b.svc.List(ctx, b.agent1, contact.Query{})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != mine {
		t.Fatalf("agent list = %v, %v; want only %s", ids(page), err, mine)
	}
	if _, err := b.svc.Get(ctx, b.agent1, other); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("agent gets an unassigned contact: %v", err)
	}
	if _, err := b.svc.SetLeadStatus(ctx, b.agent1, other, "qualified"); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("agent changes an unassigned contact: %v", err)
	}
	if _, err := b.svc.Timeline(ctx, b.agent1, other, "", 10); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("agent reads an unassigned contact's timeline: %v", err)
	}
	if page, _ := b.svc.List(ctx, b.admin, contact.Query{}); len(page.Items) != 2 {
		t.Fatalf("admin list = %v, want both", ids(page))
	}

	// Reassigned to the other agent: the contact leaves the first agent's list at once.
	b.assign(t, conv, b.agent2)
	if page, _ := b.svc.List(ctx, b.agent1, contact.Query{}); len(page.Items) != 0 {
		t.Fatalf("after reassignment the old agent still lists %v", ids(page))
	}
	if _, err := b.svc.Get(ctx, b.agent1, mine); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("after reassignment the old agent gets the contact: %v", err)
	}
	if d, err := b.svc.Get(ctx, b.agent2, mine); err != nil || len(d.Conversations) != 1 {
		t.Fatalf("new agent: %v %v", d, err)
	}
}

func TestListFiltersAndPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	var all, convs []uuid.UUID
	for i, name := range []string{"Nur 100%", "Tan", "Kumar", "Lim", "Wong"} {
		id, conv := b.customer(t, string(rune('a'+i)), name)
		all, convs = append(all, id), append(convs, conv)
	}
	// A new message moves its contact to the top: the list is by last activity.
	err := b.d.WithTenant(ctx, b.companyA, func(tx *db.Tx) error { return tx.ConversationTouch(ctx, convs[2]) })
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := b.svc.List(ctx, b.admin, contact.Query{}); len(p.Items) != 5 || p.Items[0].ID != all[2] {
		t.Fatalf("after a message to %s the list starts with %v", all[2], ids(p))
	}
	if _, err := b.svc.SetTags(ctx, b.admin, all[1], []string{"VIP", " vip ", "Kuala Lumpur"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.SetLeadStatus(ctx, b.admin, all[2], "negotiation"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    contact.Query
		want []uuid.UUID
	}{
		{contact.Query{Text: "100%"}, []uuid.UUID{all[0]}},
		{contact.Query{Text: "10_"}, nil}, // % and _ are literal
		{contact.Query{Tag: "VIP"}, []uuid.UUID{all[1]}},
		{contact.Query{LeadStatus: "negotiation"}, []uuid.UUID{all[2]}},
		{contact.Query{Channel: "whatsapp"}, nil},
	} {
		p, err := b.svc.List(ctx, b.admin, c.q)
		if err != nil || len(p.Items) != len(c.want) || (len(c.want) == 1 && p.Items[0].ID != c.want[0]) {
			t.Errorf("%+v: got %v %v, want %v", c.q, ids(p), err, c.want)
		}
	}
	seen := map[uuid.UUID]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		p, err := b.svc.List(ctx, b.admin, contact.Query{Limit: 2, Cursor: cursor})
		if err != nil || pages > 5 {
			t.Fatal(err, pages)
		}
		for _, id := range ids(p) {
			if seen[id] {
				t.Fatalf("%s on two pages", id)
			}
			seen[id] = true
		}
		if cursor = p.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != 5 {
		t.Fatalf("paged through %d contacts, want 5", len(seen))
	}
	if _, err := b.svc.List(ctx, b.admin, contact.Query{Cursor: "garbage!"}); apperr.Code(err) != apperr.EINVALID {
		t.Fatalf("bad cursor: %v", err)
	}
	if _, err := b.svc.SetTags(ctx, b.admin, all[0], []string{strings.Repeat("x", 41)}); apperr.Code(err) != apperr.EINVALID {
		t.Fatalf("a 41-character tag: %v", err)
	}
	many := make([]string, 21)
	for i := range many {
		many[i] = "t" + string(rune('a'+i))
	}
	if _, err := b.svc.SetTags(ctx, b.admin, all[0], many); apperr.Code(err) != apperr.EINVALID {
		t.Fatalf("21 tags: %v", err)
	}
	d, _ := b.svc.Get(ctx, b.admin, all[1])
	if strings.Join(d.Tags, ",") != "VIP,Kuala Lumpur" {
		t.Fatalf("tags = %q", d.Tags)
	}
}

func TestCustomValuesAreValidatedAgainstTheFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	id, conv := b.customer(t, "1", "Aminah")
	b.assign(t, conv, b.agent1)
	for _, f := range []contact.FieldInput{
		{Label: "Budget (RM)", Type: contact.FieldNumber},
		{Label: "Birthday", Type: contact.FieldDate},
		{Label: "Source", Type: contact.FieldSelect, Options: []string{"Facebook", "Walk-in"}},
		{Key: "remark", Label: "Remark", Type: contact.FieldText},
	} {
		if _, err := b.svc.CreateField(ctx, b.companyA, f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.svc.CreateField(ctx, b.companyA, contact.FieldInput{Label: "Budget rm", Type: contact.FieldText}); apperr.Code(err) != apperr.ECONFLICT {
		t.Fatalf("duplicate key budget_rm: %v", err)
	}
	if _, err := b.svc.CreateField(ctx, b.companyA, contact.FieldInput{Label: "Size", Type: contact.FieldSelect}); apperr.Code(err) != apperr.EINVALID {
		t.Fatalf("select without options: %v", err)
	}

	for _, c := range []struct {
		values map[string]string
		field  string
	}{
		{map[string]string{"nope": "1"}, "body.values.nope"},
		{map[string]string{"budget_rm": "lots"}, "body.values.budget_rm"},
		{map[string]string{"birthday": "31/01/1990"}, "body.values.birthday"},
		{map[string]string{"birthday": "1990-02-30"}, "body.values.birthday"},
		{map[string]string{"source": "TikTok"}, "body.values.source"},
		// One valid value beside an invalid one: nothing is saved.
		{map[string]string{"remark": "saved?", "source": "Radio"}, "body.values.source"},
	} {
		_, err := b.svc.SetValues(ctx, b.agent1, id, c.values)
		wantCode(t, err, apperr.EINVALID, c.field)
	}
	d, err := b.svc.SetValues(ctx, b.agent1, id, map[string]string{"budget_rm": "1,200.50", "birthday": "1990-01-31", "source": "Walk-in", "remark": "=1+1"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Values["budget_rm"] != "1200.5" || d.Values["birthday"] != "1990-01-31" || d.Values["source"] != "Walk-in" || d.Values["remark"] != "=1+1" {
		t.Fatalf("values = %v", d.Values)
	}
	// An empty value clears its field and leaves the others.
	if d, _ = b.svc.SetValues(ctx, b.agent1, id, map[string]string{"remark": ""}); len(d.Values) != 3 {
		t.Fatalf("after clearing remark: %v", d.Values)
	}

	fields, _ := b.svc.Fields(ctx, b.companyA)
	byKey := map[string]contact.Field{}
	for _, f := range fields {
		byKey[f.Key] = f
	}
	if byKey["source"].UsedCount != 1 {
		t.Fatalf("source used by %d", byKey["source"].UsedCount)
	}
	// Dropping the chosen option removes that value; deleting a field removes its values.
	if _, err := b.svc.UpdateField(ctx, b.companyA, byKey["source"].ID, contact.FieldInput{Label: "Lead source", Options: []string{"Facebook"}}); err != nil {
		t.Fatal(err)
	}
	if n, err := b.svc.DeleteField(ctx, b.companyA, byKey["budget_rm"].ID); err != nil || n != 1 {
		t.Fatalf("delete field: %d %v", n, err)
	}
	d, _ = b.svc.Get(ctx, b.admin, id)
	if len(d.Values) != 1 || d.Values["birthday"] != "1990-01-31" {
		t.Fatalf("values after field changes = %v", d.Values)
	}
	if _, err := b.svc.SetValues(ctx, b.admin, id, map[string]string{"budget_rm": "5"}); apperr.Code(err) != apperr.EINVALID {
		t.Fatalf("value for a deleted field: %v", err)
	}
}

func TestLeadStatusChangesAreRecorded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	id, conv := b.customer(t, "1", "Aminah")
	b.assign(t, conv, b.agent1)
	for _, s := range []string{"contacted", "contacted", "proposal_sent"} {
		if _, err := b.svc.SetLeadStatus(ctx, b.agent1, id, s); err != nil {
			t.Fatal(err)
		}
	}
	if d, _ := b.svc.SetLeadStatus(ctx, b.admin, id, "won"); d.LeadStatus != "won" {
		t.Fatalf("status = %s", d.LeadStatus)
	}
	_, err := b.svc.SetLeadStatus(ctx, b.admin, id, "maybe")
	wantCode(t, err, apperr.EINVALID, "body.lead_status")

	var got []string
	err = b.d.WithTenant(ctx, b.companyA, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, "SELECT from_status || '>' || to_status || ':' || (by_user_id = $1)::text FROM contact_status_changes WHERE contact_id = $2 ORDER BY id", b.agent1.UserID, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			got = append(got, s)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "new>contacted:true contacted>proposal_sent:true proposal_sent>won:false" {
		t.Fatalf("status changes = %v", got)
	}
}

func TestTimelineHoldsEveryKindNewestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	id, conv := b.customer(t, "1", "Aminah")
	b.assign(t, conv, b.agent1)
	// A second, earlier conversation handled by someone else, closed as lost.
	var lostConv uuid.UUID
	err := b.d.WithTenant(ctx, b.companyA, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO conversations (company_id, contact_id, channel, status, assigned_agent_id, outcome, lost_reason, closed_at, closed_by)
			VALUES ($1, $2, 'telegram', 'closed', $3, 'lost', 'Too expensive', '2026-01-02T10:00:00Z', $3) RETURNING id`,
			b.companyA, id, b.agent2.UserID).Scan(&lostConv); err != nil {
			return err
		}
		for _, at := range []string{"2026-01-03T01:00:00Z", "2026-01-03T02:00:00Z", "2026-01-03T03:00:00Z"} {
			m, err := tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: b.companyA, ConversationID: conv, Kind: "text", Body: "Ada stok?"})
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE messages SET created_at = $1 WHERE id = $2", at, m.ID); err != nil {
				return err
			}
		}
		_, err := tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: b.companyA, ConversationID: lostConv, Kind: "text", Body: "Mahal"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	b.exec(t, "UPDATE messages SET created_at = '2026-01-02T09:00:00Z' WHERE conversation_id = $1", lostConv)
	b.exec(t, "UPDATE conversation_assignments SET created_at = '2026-01-03T00:30:00Z'")
	if _, err := b.svc.SetLeadStatus(ctx, b.agent1, id, "qualified"); err != nil {
		t.Fatal(err)
	}
	b.exec(t, "UPDATE contact_status_changes SET created_at = '2026-01-04T00:00:00Z'")
	if _, err := b.svc.AddNote(ctx, b.agent1, id, "Prefers WhatsApp calls"); err != nil {
		t.Fatal(err)
	}
	b.exec(t, "UPDATE notes SET created_at = '2026-01-05T00:00:00Z'")
	b.exec(t, `INSERT INTO reminders (company_id, conversation_id, contact_id, user_id, due_at, body, created_at)
		VALUES ($1, $2, $3, $4, '2026-01-09T01:00:00Z', 'Call back', '2026-01-06T00:00:00Z')`, b.companyA, conv, id, b.agent1.UserID)
	b.exec(t, `INSERT INTO sales (company_id, conversation_id, contact_id, agent_id, amount_minor, currency, payment_method, notes, created_by, created_at)
		VALUES ($1, $2, $3, $4, 129900, 'MYR', 'fpx', 'Paid in full', $4, '2026-01-07T00:00:00Z')`, b.companyA, conv, id, b.agent1.UserID)

	want := []string{"sale", "reminder", "note", "status_change", "messages", "assignment", "lost", "messages"}
	page, err := b.svc.Timeline(ctx, b.admin, id, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range page.Items {
		kinds = append(kinds, e.Kind)
	}
	if strings.Join(kinds, ",") != strings.Join(want, ",") {
		t.Fatalf("timeline kinds = %v, want %v", kinds, want)
	}
	it := page.Items
	if it[0].AmountMinor != 129900 || it[0].Currency != "MYR" || it[0].ToValue != "fpx" || it[0].ActorName != "User siti@alpha.test" {
		t.Errorf("sale entry = %+v", it[0])
	}
	if it[1].DueAt != "2026-01-09T01:00:00Z" || it[1].Body != "Call back" {
		t.Errorf("reminder entry = %+v", it[1])
	}
	if it[2].Body != "Prefers WhatsApp calls" || it[2].ConversationID != "" {
		t.Errorf("note entry = %+v", it[2])
	}
	if it[3].FromValue != "new" || it[3].ToValue != "qualified" {
		t.Errorf("status entry = %+v", it[3])
	}
	// Three messages on one day (Kuala Lumpur time) are one entry.
	if it[4].MessageCount != 3 || it[4].InboundCount != 3 || it[4].ConversationID != conv.String() {
		t.Errorf("messages entry = %+v", it[4])
	}
	if it[5].ToValue != "User siti@alpha.test" || it[5].ActorName != "User admin@alpha.test" {
		t.Errorf("assignment entry = %+v", it[5])
	}
	if it[6].Body != "Too expensive" || it[6].ConversationID != lostConv.String() {
		t.Errorf("lost entry = %+v", it[6])
	}

	// Keyset pages of 3 give the same entries in the same order.
	var paged []string
	cursor := ""
	for {
		p, err := b.svc.Timeline(ctx, b.admin, id, cursor, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Items {
			paged = append(paged, e.Kind)
		}
		if cursor = p.NextCursor; cursor == "" {
			break
		}
	}
	if strings.Join(paged, ",") != strings.Join(want, ",") {
		t.Fatalf("paged timeline = %v", paged)
	}

	// The agent sees the contact's own changes and their conversation, not the other agent's lost chat.
	page, _ = b.svc.Timeline(ctx, b.agent1, id, "", 50)
	kinds = nil
	for _, e := range page.Items {
		if e.ConversationID == lostConv.String() {
			t.Errorf("agent sees another agent's conversation: %+v", e)
		}
		kinds = append(kinds, e.Kind)
	}
	if strings.Join(kinds, ",") != "sale,reminder,note,status_change,messages,assignment" {
		t.Fatalf("agent timeline = %v", kinds)
	}
}

func readCSV(t *testing.T, b *bundle, v contact.Viewer) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := b.svc.Export(context.Background(), v, contact.Query{}, &buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestExportRespectsAccessAndDefusesFormulas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	mine, conv := b.customer(t, "1", `=HYPERLINK("http://evil.test","x")`)
	b.customer(t, "2", "Boon")
	b.customer(t, "3", "@Cik Ani")
	b.assign(t, conv, b.agent1)
	if _, err := b.svc.CreateField(ctx, b.companyA, contact.FieldInput{Label: "Remark", Type: contact.FieldText}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.SetValues(ctx, b.admin, mine, map[string]string{"remark": "-2+3"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.SetTags(ctx, b.admin, mine, []string{"+vip"}); err != nil {
		t.Fatal(err)
	}

	all := readCSV(t, b, b.admin)
	if len(all) != 4 {
		t.Fatalf("admin export has %d lines, want header + 3", len(all))
	}
	if h := strings.Join(all[0], ","); !strings.HasPrefix(h, "id,name,phone") || !strings.HasSuffix(h, ",Remark") {
		t.Fatalf("header = %s", h)
	}
	own := readCSV(t, b, b.agent1)
	if len(own) != 2 || own[1][0] != mine.String() {
		t.Fatalf("agent export = %v", own)
	}
	row := own[1]
	if row[1] != `'=HYPERLINK("http://evil.test","x")` || row[2] != "'+601231" || row[7] != "'+vip" || row[len(row)-1] != "'-2+3" {
		t.Fatalf("cells not defused: %q", row)
	}
	if none := readCSV(t, b, b.agent2); len(none) != 1 {
		t.Fatalf("an agent without conversations exports %d lines", len(none))
	}
	for in, want := range map[string]string{"=1": "'=1", "+1": "'+1", "-1": "'-1", "@a": "'@a", "\tx": "'\tx", "a=b": "a=b", "": ""} {
		if got := contact.SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOtherCompanyCannotReachContacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	id, _ := b.customer(t, "1", "Aminah")
	f, err := b.svc.CreateField(ctx, b.companyA, contact.FieldInput{Label: "Budget", Type: contact.FieldNumber})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.Get(ctx, b.adminB, id); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("B gets A's contact: %v", err)
	}
	if _, err := b.svc.SetTags(ctx, b.adminB, id, []string{"x"}); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("B tags A's contact: %v", err)
	}
	if _, err := b.svc.AddNote(ctx, b.adminB, id, "hi"); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("B notes A's contact: %v", err)
	}
	if p, _ := b.svc.List(ctx, b.adminB, contact.Query{}); len(p.Items) != 0 {
		t.Fatalf("B lists %v", ids(p))
	}
	if fs, _ := b.svc.Fields(ctx, b.companyB); len(fs) != 0 {
		t.Fatalf("B sees A's fields: %v", fs)
	}
	if _, err := b.svc.DeleteField(ctx, b.companyB, f.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("B deletes A's field: %v", err)
	}
	if recs := readCSV(t, b, b.adminB); len(recs) != 1 {
		t.Fatalf("B's export has %d lines", len(recs))
	}
	// The same key is free in another company.
	if _, err := b.svc.CreateField(ctx, b.companyB, contact.FieldInput{Label: "Budget", Type: contact.FieldText}); err != nil {
		t.Fatal(err)
	}

}
