package inbox_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/successcase"
)

// sendTemplate records that the agent sent template tpl's reply in conversation conv.
func (b *testBundle) sendTemplate(ctx context.Context, t *testing.T, conv, tpl uuid.UUID) {
	t.Helper()
	err := b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
		m, err := tx.MessageInsertOutbound(ctx, dbgen.MessageInsertOutboundParams{CompanyID: b.company.ID, ConversationID: conv, Kind: "text", Body: "Harga kami berbaloi."})
		if err != nil {
			return err
		}
		_, err = successcase.RecordSend(ctx, tx, b.company.ID, tpl, m.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCompleteCountsTemplateConversions(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t, 1)
	tpls := successcase.NewService(b.d.DB)
	tpl, err := tpls.CreateForCompany(ctx, b.company.ID, uuid.Nil, successcase.Input{Name: "Mahal", Category: "objection_handling", Language: "ms",
		Patterns: []string{"mahal sangat"}, Response: "Harga kami berbaloi.", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	converted := func() int64 {
		t.Helper()
		list, err := tpls.ListForCompany(ctx, b.company.ID, successcase.Filter{Owner: "company"})
		if err != nil || len(list) != 1 {
			t.Fatalf("ListForCompany = %+v, %v", list, err)
		}
		return list[0].Usage.Converted
	}

	won := b.wsAssigned(ctx, t, "won", 0)
	b.sendTemplate(ctx, t, won.ID, tpl.ID)
	b.sendTemplate(ctx, t, won.ID, tpl.ID) // sent twice in one conversation: still one conversion
	lost := b.wsAssigned(ctx, t, "lost", 0)
	b.sendTemplate(ctx, t, lost.ID, tpl.ID)
	if _, err := b.svc.MarkLost(ctx, b.wsAgent(0), lost.ID, "Too far"); err != nil {
		t.Fatal(err)
	}
	if n := converted(); n != 0 {
		t.Fatalf("after a lost conversation: %d conversions", n)
	}
	if _, err := b.svc.Complete(ctx, b.wsAgent(0), won.ID, inbox.Completion{Amount: "10.00", PaymentMethod: "cash"}); err != nil {
		t.Fatal(err)
	}
	if n := converted(); n != 1 {
		t.Fatalf("after the sale: %d conversions, want 1", n)
	}
}
