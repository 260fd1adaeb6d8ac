package reply_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/successcase"
)

// companyTemplate adds an active company-only template to company A.
func (b *bench) companyTemplate(in successcase.Input) dbgen.SuccessCaseTemplate {
	b.t.Helper()
	in.Category, in.Active, in.Priority = "closing", true, 100
	if in.Language == "" {
		in.Language = "en"
	}
	r, err := b.tpls.CreateForCompany(context.Background(), b.a.ID, uuid.Nil, in)
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

// usage is company A's usage of template id, as its templates screen shows it.
func (b *bench) usage(id uuid.UUID) successcase.Usage {
	b.t.Helper()
	list, err := b.tpls.ListForCompany(context.Background(), b.a.ID, successcase.Filter{Owner: "company"})
	if err != nil {
		b.t.Fatal(err)
	}
	for _, ct := range list {
		if ct.Row.ID == id {
			return ct.Usage
		}
	}
	b.t.Fatalf("template %s not listed", id)
	return successcase.Usage{}
}

// exec runs SQL in company A's tenant.
func (b *bench) exec(sql string, args ...any) {
	b.t.Helper()
	ctx := context.Background()
	if err := b.d.WithTenant(ctx, b.a.ID, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, sql, args...)
		return err
	}); err != nil {
		b.t.Fatal(err)
	}
}

// admin adds a company admin to company A, as the actor of the chat workspace.
func (b *bench) admin(email string) inbox.Actor {
	b.t.Helper()
	u := dbtest.User(b.t, b.d, b.a.ID, "company_admin", email)
	return inbox.Actor{CompanyID: b.a.ID, UserID: u.ID, Admin: true}
}

// suggestAndSend suggests a reply in conversation conv and sends it as the agent.
func suggestAndSend(t *testing.T, e *reply.Engine, b *bench, conv uuid.UUID) *reply.Suggestion {
	t.Helper()
	ctx := context.Background()
	s, err := e.Suggest(ctx, b.a.ID, conv, b.agentA)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Send(ctx, b.a.ID, channel.Person(b.agentA), s.ID, ""); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTemplateConversionWhenWon(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	tpl := b.companyTemplate(successcase.Input{Name: "Deal", Patterns: []string{"blorp deal"}, Response: "Great, I'll prepare your order."})
	other := b.companyTemplate(successcase.Input{Name: "Stock", Patterns: []string{"ada blorp"}, Language: "ms", Response: "Ada, stok masih ada."})
	model := &fakeModel{reply: func(ai.Request) string { return "Model answer." }}
	e := b.engine(model, true)
	admin := b.admin("admin@alpha.test")
	inb := inbox.NewService(b.d.DB)
	sale := inbox.Completion{Amount: "100.00", PaymentMethod: "cash"}

	won := b.conversation(b.a.ID, "blorp deal")
	if s := suggestAndSend(t, e, b, won); !s.TemplateID.Valid || s.TemplateID.UUID != tpl.ID {
		t.Fatalf("suggestion %+v, want template Deal", s.AiSuggestion)
	}
	// Suggested but never sent: no conversion for it.
	if s, err := e.Suggest(ctx, b.a.ID, b.conversation(b.a.ID, "ada blorp tak?"), b.agentA); err != nil || s.TemplateID.UUID != other.ID {
		t.Fatalf("suggestion %+v, %v", s, err)
	}
	if u := b.usage(tpl.ID); u.Sent != 1 || u.Converted != 0 {
		t.Fatalf("before the sale: %+v", u)
	}
	if _, err := inb.Complete(ctx, admin, won, sale); err != nil {
		t.Fatal(err)
	}
	if u := b.usage(tpl.ID); u.Used != 1 || u.Sent != 1 || u.Converted != 1 {
		t.Errorf("after the sale: %+v, want 1 use, 1 send, 1 conversion", u)
	}
	if u := b.usage(other.ID); u.Converted != 0 {
		t.Errorf("a template suggested elsewhere converted: %+v", u)
	}

	// Completing again is refused and counts nothing; reopened and won again, it still counts once.
	if _, err := inb.Complete(ctx, admin, won, sale); apperr.Code(err) != apperr.ECONFLICT {
		t.Fatalf("second completion: %v", err)
	}
	b.exec("DELETE FROM sales WHERE conversation_id = $1", won)
	b.exec("UPDATE conversations SET status = 'open', outcome = '', closed_at = NULL WHERE id = $1", won)
	if _, err := inb.Complete(ctx, admin, won, sale); err != nil {
		t.Fatal(err)
	}
	if u := b.usage(tpl.ID); u.Converted != 1 {
		t.Errorf("won twice: %d conversions, want 1", u.Converted)
	}

	// A lost conversation converts nothing.
	lost := b.conversation(b.a.ID, "blorp deal")
	suggestAndSend(t, e, b, lost)
	if _, err := inb.MarkLost(ctx, admin, lost, "Bought elsewhere"); err != nil {
		t.Fatal(err)
	}
	if u := b.usage(tpl.ID); u.Sent != 2 || u.Converted != 1 {
		t.Errorf("after a lost conversation: %+v, want 2 sends, 1 conversion", u)
	}
}

func TestTemplateStageIsTheLeadStatus(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	tpl := b.companyTemplate(successcase.Input{Name: "Close", Patterns: []string{"blorp deal"}, Response: "Great, I'll prepare your order.",
		Stages: []string{"negotiation"}})
	model := &fakeModel{reply: func(ai.Request) string { return "Model answer." }}
	e := b.engine(model, true)

	inStage := b.conversation(b.a.ID, "blorp deal")
	b.exec("UPDATE contacts SET lead_status = 'negotiation' WHERE id = (SELECT contact_id FROM conversations WHERE id = $1)", inStage)
	s, err := e.Suggest(ctx, b.a.ID, inStage, b.agentA)
	if err != nil || s.Source != reply.SourceTemplate || s.TemplateID.UUID != tpl.ID {
		t.Fatalf("customer in negotiation: %+v, %v; want the template", s, err)
	}
	s, err = e.Suggest(ctx, b.a.ID, b.conversation(b.a.ID, "blorp deal"), b.agentA) // a new lead
	if err != nil || s.Source != reply.SourceModel {
		t.Fatalf("new customer: %+v, %v; want the model", s, err)
	}
}

func TestTemplatePersonalisedWithAgentAndProduct(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	b.companyTemplate(successcase.Input{Name: "Price", Patterns: []string{"blorp price"},
		Response: "Hi {customer_name}, I'm {agent_name}. The {product_name} is {price}."})
	model := &fakeModel{reply: func(ai.Request) string { return "Model answer." }}
	e := b.engine(model, true)
	other := b.admin("admin@alpha.test")

	// The person asking signs when nobody has the conversation; no product card: no product or price.
	conv := b.conversation(b.a.ID, "blorp price")
	s, err := e.Suggest(ctx, b.a.ID, conv, b.agentA)
	if err != nil || s.Text != "Hi Aisyah, I'm User agent@alpha.test. The is." {
		t.Fatalf("agent asking, no product: %q, %v", s.Text, err)
	}

	// The conversation's agent signs, whoever asks; the last product card names the product and its price.
	var product uuid.UUID
	qty := int32(3)
	if err := b.d.WithTenant(ctx, b.a.ID, func(tx *db.Tx) error {
		p, err := tx.ProductCreate(ctx, dbgen.ProductCreateParams{CompanyID: b.a.ID, Name: "Rice Cooker", Sku: "RC-1", PriceMinor: 129900, StockStatus: "in_stock",
			Quantity: &qty, Tags: []string{}, Links: []string{}, CustomFields: []byte("{}"), Active: true})
		if err != nil {
			return err
		}
		product = p.ID
		_, err = tx.MessageInsertCard(ctx, dbgen.MessageInsertCardParams{CompanyID: b.a.ID, ConversationID: conv, Body: "Rice Cooker",
			ProductID: uuid.NullUUID{UUID: product, Valid: true}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	b.exec("UPDATE conversations SET assigned_agent_id = $1 WHERE id = $2", b.agentA, conv)
	b.exec("INSERT INTO messages (company_id, conversation_id, direction, kind, body, status) VALUES ($1, $2, 'inbound', 'text', 'blorp price', 'received')", b.a.ID, conv)
	s, err = e.Suggest(ctx, b.a.ID, conv, other.UserID)
	if err != nil || s.Text != "Hi Aisyah, I'm User agent@alpha.test. The Rice Cooker is RM 1,299.00." {
		t.Fatalf("assigned, after a product card: %q, %v", s.Text, err)
	}

	// The bot on an unassigned conversation has no name to sign with: the placeholder goes.
	b.exec("UPDATE conversations SET assigned_agent_id = NULL WHERE id = $1", conv)
	s, err = e.Suggest(ctx, b.a.ID, conv, uuid.Nil)
	if err != nil || s.Text != "Hi Aisyah, I'm. The Rice Cooker is RM 1,299.00." {
		t.Fatalf("bot: %q, %v", s.Text, err)
	}
}
