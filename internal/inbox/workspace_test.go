package inbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/storage"
)

func (b *testBundle) wsAdmin() inbox.Actor {
	return inbox.Actor{CompanyID: b.company.ID, UserID: b.admin.ID, Admin: true}
}

func (b *testBundle) wsAgent(i int) inbox.Actor {
	return inbox.Actor{CompanyID: b.company.ID, UserID: b.agents[i].ID}
}

// assigned opens a conversation and gives it to agent i by hand.
func (b *testBundle) wsAssigned(ctx context.Context, t *testing.T, ext string, i int) dbgen.Conversation {
	t.Helper()
	c := b.open(ctx, t, ext, "")
	c, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, c.ID, b.agents[i].ID, "")
	if err != nil {
		t.Fatalf("assign: %v", err)
	}
	return c
}

// product adds a product to company companyID.
func wsProduct(ctx context.Context, t *testing.T, d *dbtest.DB, companyID uuid.UUID, sku string, price int64) uuid.UUID {
	t.Helper()
	p, err := catalog.NewService(d.DB, storage.Disk{Root: t.TempDir()}).Create(ctx, companyID, uuid.Nil,
		catalog.Input{Name: "Product " + sku, SKU: sku, PriceMinor: price, Active: true})
	if err != nil {
		t.Fatalf("product: %v", err)
	}
	return p.ID
}

func (b *testBundle) wsConversation(ctx context.Context, t *testing.T, id uuid.UUID) dbgen.Conversation {
	t.Helper()
	var c dbgen.Conversation
	if err := b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
		var err error
		c, err = tx.ConversationGet(ctx, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return c
}

func wsWantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	if apperr.Code(err) != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
	if field != "" && !strings.Contains(err.Error(), "("+field+")") {
		t.Fatalf("err = %v, want it to name %s", err, field)
	}
}

func TestWorkspaceNotes(t *testing.T) {
	t.Parallel()

	t.Run("OnlyTheAssignedAgentAndAdminsSeeThem", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		c := b.wsAssigned(ctx, t, "1", 0)
		n, err := b.svc.AddNote(ctx, b.wsAgent(0), c.ID, "  Wants the 8-inch cake  ")
		if err != nil || n.Body != "Wants the 8-inch cake" || n.AuthorName == "" {
			t.Fatalf("AddNote = %+v, %v", n, err)
		}
		if _, err := b.svc.AddNote(ctx, b.wsAgent(1), c.ID, "not mine"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("other agent adds: %v", err)
		}
		if _, err := b.svc.Notes(ctx, b.wsAgent(1), c.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("other agent reads: %v", err)
		}
		if _, err := b.svc.Workspace(ctx, b.wsAgent(1), c.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("other agent's sidebar: %v", err)
		}
		if _, err := b.svc.AddNote(ctx, b.wsAdmin(), c.ID, "Give a 5% discount"); err != nil {
			t.Fatal(err)
		}
		l, err := b.svc.Notes(ctx, b.wsAgent(0), c.ID)
		if err != nil || len(l) != 2 || l[0].Body != "Wants the 8-inch cake" || l[1].Body != "Give a 5% discount" {
			t.Fatalf("Notes = %+v, %v", l, err)
		}
		// A note is never a message to the customer.
		var msgs int
		_ = b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
			return tx.QueryRow(ctx, "SELECT count(*) FROM messages WHERE conversation_id = $1", c.ID).Scan(&msgs)
		})
		if msgs != 0 {
			t.Fatalf("%d messages after adding notes", msgs)
		}
	})

	t.Run("BodyIsOneToFiveThousandCharacters", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		for _, body := range []string{"", "   ", strings.Repeat("a", 5001)} {
			_, err := b.svc.AddNote(ctx, b.wsAgent(0), c.ID, body)
			wsWantCode(t, err, apperr.EINVALID, "body.body")
		}
		if _, err := b.svc.AddNote(ctx, b.wsAgent(0), c.ID, strings.Repeat("é", 5000)); err != nil {
			t.Fatalf("5000 characters: %v", err)
		}
	})
}

func TestWorkspaceSidebar(t *testing.T) {
	t.Parallel()

	t.Run("ShowsCustomerAndAssignment", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		b.exec(ctx, t, "INSERT INTO messages (company_id, conversation_id, direction, body, status) VALUES ($1, $2, 'inbound', 'hi', 'received')", b.company.ID, c.ID)
		w, err := b.svc.Workspace(ctx, b.wsAgent(0), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if w.ContactName != "Customer 1" || w.LeadStatus != "new" || w.MessageCount != 1 || w.ConversationCount != 1 ||
			w.AssignedAgentName != b.agents[0].Name || w.AssignedAt == nil || w.Status != "open" || w.Sale != nil {
			t.Fatalf("workspace = %+v", w)
		}
	})

	t.Run("LeadStatusChangesAreRecorded", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		for _, s := range []string{"contacted", "qualified", "qualified"} {
			if _, err := b.svc.SetLeadStatus(ctx, b.wsAgent(0), c.ID, s); err != nil {
				t.Fatal(err)
			}
		}
		_, err := b.svc.SetLeadStatus(ctx, b.wsAgent(0), c.ID, "hot")
		wsWantCode(t, err, apperr.EINVALID, "body.lead_status")
		rows := b.wsStatusChanges(ctx, t, c.ContactID)
		if len(rows) != 2 || rows[0].FromStatus != "new" || rows[0].ToStatus != "contacted" || rows[1].FromStatus != "contacted" ||
			rows[1].ToStatus != "qualified" || rows[1].ByUserID.UUID != b.agents[0].ID {
			t.Fatalf("changes = %+v", rows)
		}
	})

	t.Run("TagsAreTrimmedAndDeduplicated", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		w, err := b.svc.SetTags(ctx, b.wsAgent(0), c.ID, []string{"  VIP ", "vip", "Kuala Lumpur"})
		if err != nil || strings.Join(w.Tags, "|") != "VIP|Kuala Lumpur" {
			t.Fatalf("tags = %q, %v", w.Tags, err)
		}
		_, err = b.svc.SetTags(ctx, b.wsAgent(0), c.ID, []string{"ok", " "})
		wsWantCode(t, err, apperr.EINVALID, "body.tags[1]")
		_, err = b.svc.SetTags(ctx, b.wsAgent(0), c.ID, []string{strings.Repeat("x", 41)})
		wsWantCode(t, err, apperr.EINVALID, "body.tags[0]")
		many := make([]string, 21)
		for i := range many {
			many[i] = fmt.Sprint("t", i)
		}
		_, err = b.svc.SetTags(ctx, b.wsAgent(0), c.ID, many)
		wsWantCode(t, err, apperr.EINVALID, "body.tags")
		if w, _ := b.svc.Workspace(ctx, b.wsAdmin(), c.ID); len(w.Tags) != 2 {
			t.Fatalf("a refused change was saved: %q", w.Tags)
		}
	})

	t.Run("CategoryFromTheSidebar", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		if w, err := b.svc.SetCategory(ctx, b.wsAgent(0), c.ID, " property "); err != nil || w.Category != "property" {
			t.Fatalf("category = %q, %v", w.Category, err)
		}
		_, err := b.svc.SetCategory(ctx, b.wsAgent(0), c.ID, strings.Repeat("x", 101))
		wsWantCode(t, err, apperr.EINVALID, "body.category")
	})
}

func (b *testBundle) wsStatusChanges(ctx context.Context, t *testing.T, contactID uuid.UUID) []dbgen.ContactStatusChangeListRow {
	t.Helper()
	var out []dbgen.ContactStatusChangeListRow
	if err := b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ContactStatusChangeList(ctx, contactID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWorkspaceComplete(t *testing.T) {
	t.Parallel()

	t.Run("RefusesBadInputAndSavesNothing", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		other := dbtest.Company(t, b.d, "other")
		foreign := wsProduct(ctx, t, b.d, other.ID, "F-1", 100)
		own := wsProduct(ctx, t, b.d, b.company.ID, "O-1", 100)
		ok := func() inbox.Completion {
			return inbox.Completion{Amount: "10.00", PaymentMethod: "cash", Items: []inbox.SaleItemInput{{ProductID: &own, Quantity: 1}}}
		}
		for name, tc := range map[string]struct {
			change func(*inbox.Completion)
			field  string
		}{
			"NegativeAmount":   {func(c *inbox.Completion) { c.Amount = "-0.01" }, "body.amount"},
			"AmountNotANumber": {func(c *inbox.Completion) { c.Amount = "ten" }, "body.amount"},
			"TooManyDecimals":  {func(c *inbox.Completion) { c.Amount = "1.001" }, "body.amount"},
			"BadPaymentMethod": {func(c *inbox.Completion) { c.PaymentMethod = "bitcoin" }, "body.payment_method"},
			"ProductOfOtherCompany": {func(c *inbox.Completion) {
				c.Items = append(c.Items, inbox.SaleItemInput{ProductID: &foreign, Quantity: 1})
			}, "body.items[1].product_id"},
			"ZeroQuantity":        {func(c *inbox.Completion) { c.Items[0].Quantity = 0 }, "body.items[0].quantity"},
			"FreeItemWithoutName": {func(c *inbox.Completion) { c.Items = append(c.Items, inbox.SaleItemInput{Quantity: 1, UnitPrice: "1"}) }, "body.items[1].name"},
			"FreeItemWithoutPrice": {func(c *inbox.Completion) {
				c.Items = append(c.Items, inbox.SaleItemInput{Name: "Gift wrap", Quantity: 1})
			}, "body.items[1].unit_price"},
		} {
			in := ok()
			tc.change(&in)
			_, err := b.svc.Complete(ctx, b.wsAgent(0), c.ID, in)
			if apperr.Code(err) != apperr.EINVALID || !strings.Contains(err.Error(), "("+tc.field+")") {
				t.Errorf("%s: err = %v, want invalid naming %s", name, err, tc.field)
			}
		}
		w, err := b.svc.Workspace(ctx, b.wsAdmin(), c.ID)
		if err != nil || w.Status != "open" || w.Sale != nil || w.LeadStatus != "new" {
			t.Fatalf("after refusals: %+v, %v", w, err)
		}
		if rows := b.wsStatusChanges(ctx, t, c.ContactID); len(rows) != 0 {
			t.Fatalf("status changes after refusals: %+v", rows)
		}
	})

	t.Run("WritesSaleClosesWonOnce", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		cake := wsProduct(ctx, t, b.d, b.company.ID, "CAKE", 8990)
		w, err := b.svc.Complete(ctx, b.wsAgent(0), c.ID, inbox.Completion{Amount: "1,299.00", PaymentMethod: "touch_n_go", Notes: " Loved the demo ",
			Items: []inbox.SaleItemInput{{ProductID: &cake, Quantity: 2, UnitPrice: "85.50"}, {ProductID: &cake, Quantity: 1}, {Name: "Delivery", Quantity: 1, UnitPrice: "15"}}})
		if err != nil {
			t.Fatal(err)
		}
		s := w.Sale
		if s == nil || s.AmountMinor != 129900 || s.Currency != "MYR" || s.PaymentMethod != "touch_n_go" || s.Notes != "Loved the demo" ||
			s.AgentID.UUID != b.agents[0].ID || len(s.Items) != 3 {
			t.Fatalf("sale = %+v", s)
		}
		if it := s.Items[0]; it.Name != "Product CAKE" || it.Quantity != 2 || it.UnitPriceMinor != 8550 || it.ProductID.UUID != cake {
			t.Errorf("item 1 = %+v", it)
		}
		if it := s.Items[1]; it.UnitPriceMinor != 8990 {
			t.Errorf("item 2 takes the catalog price: %+v", it)
		}
		if it := s.Items[2]; it.ProductID.Valid || it.Name != "Delivery" || it.UnitPriceMinor != 1500 {
			t.Errorf("free item = %+v", it)
		}
		if w.Status != "closed" || w.Outcome != inbox.OutcomeWon || w.ClosedAt == nil || w.ClosedByName != b.agents[0].Name || w.LeadStatus != "won" {
			t.Fatalf("conversation = %+v", w.ConversationWorkspaceInfoRow)
		}
		if rows := b.wsStatusChanges(ctx, t, c.ContactID); len(rows) != 1 || rows[0].ToStatus != "won" {
			t.Fatalf("status changes = %+v", rows)
		}
		_, err = b.svc.Complete(ctx, b.wsAdmin(), c.ID, inbox.Completion{Amount: "1", PaymentMethod: "cash"})
		wsWantCode(t, err, apperr.ECONFLICT, "")
		_, err = b.svc.MarkLost(ctx, b.wsAdmin(), c.ID, "changed mind")
		wsWantCode(t, err, apperr.ECONFLICT, "")
	})

	t.Run("ClosedConversationCannotBeCompleted", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		if _, err := b.svc.Close(ctx, b.wsAgent(0), c.ID); err != nil {
			t.Fatal(err)
		}
		_, err := b.svc.Complete(ctx, b.wsAgent(0), c.ID, inbox.Completion{Amount: "0", PaymentMethod: "cash"})
		wsWantCode(t, err, apperr.ECONFLICT, "")
		_, err = b.svc.Close(ctx, b.wsAdmin(), c.ID)
		wsWantCode(t, err, apperr.ECONFLICT, "")
	})

	t.Run("LostKeepsTheReason", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		_, err := b.svc.MarkLost(ctx, b.wsAgent(0), c.ID, "  ")
		wsWantCode(t, err, apperr.EINVALID, "body.reason")
		w, err := b.svc.MarkLost(ctx, b.wsAgent(0), c.ID, "Bought from a competitor")
		if err != nil || w.Outcome != inbox.OutcomeLost || w.LostReason != "Bought from a competitor" || w.LeadStatus != "lost" || w.Status != "closed" {
			t.Fatalf("lost = %+v, %v", w, err)
		}
	})

	t.Run("AgentOnlyEndsOwnConversations", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		c := b.wsAssigned(ctx, t, "1", 0)
		_, err := b.svc.Complete(ctx, b.wsAgent(1), c.ID, inbox.Completion{Amount: "1", PaymentMethod: "cash"})
		wsWantCode(t, err, apperr.ENOTFOUND, "")
		_, err = b.svc.Close(ctx, b.wsAgent(1), c.ID)
		wsWantCode(t, err, apperr.ENOTFOUND, "")
		if got := b.wsConversation(ctx, t, c.ID); got.Status != "open" {
			t.Fatalf("status = %s", got.Status)
		}
	})
}

func TestWorkspaceBackfill(t *testing.T) {
	t.Parallel()

	enders := map[string]func(ctx context.Context, b *testBundle, id uuid.UUID) error{
		"Close": func(ctx context.Context, b *testBundle, id uuid.UUID) error {
			_, err := b.svc.Close(ctx, b.wsAgent(0), id)
			return err
		},
		"Complete": func(ctx context.Context, b *testBundle, id uuid.UUID) error {
			_, err := b.svc.Complete(ctx, b.wsAgent(0), id, inbox.Completion{Amount: "100", PaymentMethod: "fpx"})
			return err
		},
		"Lost": func(ctx context.Context, b *testBundle, id uuid.UUID) error {
			_, err := b.svc.MarkLost(ctx, b.wsAdmin(), id, "no budget")
			return err
		},
	}
	for name, end := range enders {
		t.Run(name+"GivesTheFreedPlaceToAWaitingChat", func(t *testing.T) {
			t.Parallel()
			ctx, b := setup(t, 1)
			b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyLeastWorkload, MaxOpenPerAgent: 1})
			first := b.open(ctx, t, "1", "")
			waiting := b.open(ctx, t, "2", "")
			if agentOf(first) != b.agents[0].ID || waiting.AssignedAgentID.Valid {
				t.Fatalf("setup: first %v, waiting %v", first.AssignedAgentID, waiting.AssignedAgentID)
			}
			if err := end(ctx, b, first.ID); err != nil {
				t.Fatal(err)
			}
			if got := b.wsConversation(ctx, t, waiting.ID); agentOf(got) != b.agents[0].ID {
				t.Fatalf("waiting chat went to %v, want the freed agent", got.AssignedAgentID)
			}
		})
	}

	t.Run("UnassignSendsBackToQueueNeverToTheSameAgent", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyRoundRobin, MaxOpenPerAgent: 1})
		c1 := b.open(ctx, t, "1", "")
		c2 := b.open(ctx, t, "2", "")
		c3 := b.open(ctx, t, "3", "")
		if agentOf(c1) != b.agents[0].ID || agentOf(c2) != b.agents[1].ID || c3.AssignedAgentID.Valid {
			t.Fatalf("setup: %v %v %v", c1.AssignedAgentID, c2.AssignedAgentID, c3.AssignedAgentID)
		}
		w, err := b.svc.Unassign(ctx, b.company.ID, b.admin.ID, c1.ID)
		if err != nil || w.AssignedAgentID.Valid {
			t.Fatalf("Unassign = %v, %v", w.AssignedAgentID, err)
		}
		if got := b.wsConversation(ctx, t, c3.ID); agentOf(got) != b.agents[0].ID {
			t.Fatalf("the waiting chat went to %v, want the freed agent", got.AssignedAgentID)
		}
		h, err := b.svc.History(ctx, b.company.ID, c1.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := h[len(h)-1]
		if last.ToAgentID.Valid || last.FromAgentID.UUID != b.agents[0].ID || last.ByUserID.UUID != b.admin.ID {
			t.Fatalf("history = %+v", last)
		}
	})

	t.Run("UnassignUnderManualRulesLeavesItWaiting", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.wsAssigned(ctx, t, "1", 0)
		if _, err := b.svc.Unassign(ctx, b.company.ID, b.admin.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		q, _ := b.svc.Queue(ctx, b.company.ID, 10)
		if len(q) != 1 || q[0].ID != c.ID {
			t.Fatalf("queue = %+v", q)
		}
	})
}

func TestWorkspaceTenantIsolation(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t, 1)
	c := b.wsAssigned(ctx, t, "1", 0)
	other := dbtest.Company(t, b.d, "other")
	otherAdmin := dbtest.User(t, b.d, other.ID, "company_admin", "admin@other.test")
	stranger := inbox.Actor{CompanyID: other.ID, UserID: otherAdmin.ID, Admin: true}
	checks := map[string]func() error{
		"Workspace": func() error { _, err := b.svc.Workspace(ctx, stranger, c.ID); return err },
		"Notes":     func() error { _, err := b.svc.Notes(ctx, stranger, c.ID); return err },
		"AddNote":   func() error { _, err := b.svc.AddNote(ctx, stranger, c.ID, "x"); return err },
		"Lead":      func() error { _, err := b.svc.SetLeadStatus(ctx, stranger, c.ID, "won"); return err },
		"Complete": func() error {
			_, err := b.svc.Complete(ctx, stranger, c.ID, inbox.Completion{Amount: "1", PaymentMethod: "cash"})
			return err
		},
		"Close":    func() error { _, err := b.svc.Close(ctx, stranger, c.ID); return err },
		"Unassign": func() error { _, err := b.svc.Unassign(ctx, other.ID, otherAdmin.ID, c.ID); return err },
	}
	for name, f := range checks {
		if err := f(); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("%s from another company: %v, want not found", name, err)
		}
	}
	if got := b.wsConversation(ctx, t, c.ID); got.Status != "open" || agentOf(got) != b.agents[0].ID {
		t.Fatalf("changed by another company: %+v", got)
	}
}
