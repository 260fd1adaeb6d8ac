package inbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// sentNote is a stored notification as a test reads it.
type sentNote struct {
	Kind, Title, Body string
	ConversationID    uuid.NullUUID
}

// notesOf returns userID's notifications, oldest first.
func (b *testBundle) notesOf(ctx context.Context, t *testing.T, userID uuid.UUID) []sentNote {
	t.Helper()
	var out []sentNote
	err := b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, "SELECT kind, title, body, conversation_id FROM notifications WHERE user_id = $1 ORDER BY created_at, id", userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n sentNote
			if err := rows.Scan(&n.Kind, &n.Title, &n.Body, &n.ConversationID); err != nil {
				return err
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatalf("notifications: %v", err)
	}
	return out
}

func lastNote(t *testing.T, notes []sentNote, kind string) sentNote {
	t.Helper()
	for i := len(notes) - 1; i >= 0; i-- {
		if notes[i].Kind == kind {
			return notes[i]
		}
	}
	t.Fatalf("no %s notification in %+v", kind, notes)
	return sentNote{}
}

func (b *testBundle) currentAgent(ctx context.Context, t *testing.T, conv uuid.UUID) uuid.UUID {
	t.Helper()
	var agent uuid.NullUUID
	b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
		c, err := tx.ConversationGet(ctx, conv)
		agent = c.AssignedAgentID
		return err
	})
	return agent.UUID
}

// assignedTo opens a conversation and has the admin give it to agent i.
func (b *testBundle) assignedTo(ctx context.Context, t *testing.T, ext string, i int) uuid.UUID {
	t.Helper()
	conv := b.open(ctx, t, ext, "")
	if _, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, conv.ID, b.agents[i].ID, ""); err != nil {
		t.Fatalf("Assign: %v", err)
	}
	return conv.ID
}

func TestTransfer(t *testing.T) {
	t.Parallel()

	t.Run("AssignmentNotifiesTheAgentsWithTheAdminsName", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		conv := b.assignedTo(ctx, t, "a1", 0)
		n := lastNote(t, b.notesOf(ctx, t, b.agents[0].ID), "assigned")
		if n.Title != "Assigned to you by User admin@acme.test" || n.ConversationID.UUID != conv || !strings.Contains(n.Body, "Customer a1") {
			t.Fatalf("assignment note: %+v", n)
		}
		if _, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, conv, b.agents[1].ID, "speaks Tamil"); err != nil {
			t.Fatal(err)
		}
		if n := lastNote(t, b.notesOf(ctx, t, b.agents[0].ID), "moved_away"); n.Title != "Chat with Customer a1 moved to User agent1@acme.test" || n.Body != "speaks Tamil" {
			t.Fatalf("moved away note: %+v", n)
		}
		if len(b.notesOf(ctx, t, b.agents[1].ID)) != 1 {
			t.Fatalf("new agent: %+v", b.notesOf(ctx, t, b.agents[1].ID))
		}
		// The rules say so when they assign.
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyRoundRobin})
		auto := b.open(ctx, t, "a2", "")
		if n := lastNote(t, b.notesOf(ctx, t, auto.AssignedAgentID.UUID), "assigned"); n.Title != "Assigned to you automatically" {
			t.Fatalf("rules note: %+v", n)
		}
	})

	t.Run("ApproveReassignsWithHistoryAndNotifications", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		conv := b.assignedTo(ctx, t, "t1", 0)
		req, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, b.agents[1].ID, "  Customer speaks Mandarin ")
		if err != nil {
			t.Fatalf("RequestTransfer: %v", err)
		}
		if req.Status != inbox.TransferPending || req.Reason != "Customer speaks Mandarin" {
			t.Fatalf("request: %+v", req)
		}
		if n := lastNote(t, b.notesOf(ctx, t, b.admin.ID), "transfer_requested"); !strings.Contains(n.Title, "User agent0@acme.test") ||
			n.Body != "To User agent1@acme.test: Customer speaks Mandarin" || n.ConversationID.UUID != conv {
			t.Fatalf("admin note: %+v", n)
		}
		list, err := b.svc.Transfers(ctx, b.company.ID, uuid.Nil, uuid.Nil, 50)
		if err != nil || len(list) != 1 || list[0].ToAgentName != "User agent1@acme.test" || list[0].ContactName != "Customer t1" {
			t.Fatalf("list: %v %+v", err, list)
		}

		out, err := b.svc.ApproveTransfer(ctx, b.company.ID, b.admin.ID, req.ID, uuid.Nil, "ok")
		if err != nil {
			t.Fatalf("ApproveTransfer: %v", err)
		}
		if out.Status != inbox.TransferApproved || !out.DecidedBy.Valid || out.DecidedBy.UUID != b.admin.ID || out.DecidedAt == nil {
			t.Fatalf("approved: %+v", out)
		}
		if got := b.currentAgent(ctx, t, conv); got != b.agents[1].ID {
			t.Fatalf("conversation is with %s", got)
		}
		hist, err := b.svc.History(ctx, b.company.ID, conv)
		if err != nil {
			t.Fatal(err)
		}
		last := hist[len(hist)-1]
		if last.Reason != "Transfer approved: Customer speaks Mandarin" || last.ByUserID.UUID != b.admin.ID || last.FromAgentID.UUID != b.agents[0].ID {
			t.Fatalf("history: %+v", last)
		}
		if n := lastNote(t, b.notesOf(ctx, t, b.agents[1].ID), "assigned"); n.Title != "Assigned to you by User admin@acme.test" {
			t.Fatalf("new agent note: %+v", n)
		}
		if n := lastNote(t, b.notesOf(ctx, t, b.agents[0].ID), "moved_away"); !strings.Contains(n.Body, "Transfer approved") {
			t.Fatalf("old agent note: %+v", n)
		}
		// Decided once only.
		if _, err := b.svc.ApproveTransfer(ctx, b.company.ID, b.admin.ID, req.ID, uuid.Nil, ""); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("approve twice: %v", err)
		}
		if _, err := b.svc.DeclineTransfer(ctx, b.company.ID, b.admin.ID, req.ID, "late"); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("decline after approve: %v", err)
		}
	})

	t.Run("ApproveAnyAgentLetsTheAdminOrTheRulesChoose", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 3)
		c1 := b.assignedTo(ctx, t, "any1", 0)
		c2 := b.assignedTo(ctx, t, "any2", 0)
		b.assignedTo(ctx, t, "busy", 1) // agent 1 has more work than agent 2
		r1, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, c1, uuid.Nil, "going on leave")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.svc.ApproveTransfer(ctx, b.company.ID, b.admin.ID, r1.ID, b.agents[0].ID, ""); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("approve to the requester: %v", err)
		}
		if _, err := b.svc.ApproveTransfer(ctx, b.company.ID, b.admin.ID, r1.ID, b.agents[1].ID, ""); err != nil {
			t.Fatal(err)
		}
		if got := b.currentAgent(ctx, t, c1); got != b.agents[1].ID {
			t.Fatalf("admin's pick ignored: %s", got)
		}
		r2, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, c2, uuid.Nil, "going on leave")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.svc.ApproveTransfer(ctx, b.company.ID, b.admin.ID, r2.ID, uuid.Nil, ""); err != nil {
			t.Fatal(err)
		}
		if got := b.currentAgent(ctx, t, c2); got != b.agents[2].ID {
			t.Fatalf("rules chose %s, want the least busy agent %s", got, b.agents[2].ID)
		}
	})

	t.Run("DeclineNotifiesTheAgentWithTheReason", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		conv := b.assignedTo(ctx, t, "d1", 0)
		req, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, uuid.Nil, "too many chats")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.svc.DeclineTransfer(ctx, b.company.ID, b.admin.ID, req.ID, "  "); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("decline without a reason: %v", err)
		}
		out, err := b.svc.DeclineTransfer(ctx, b.company.ID, b.admin.ID, req.ID, "Everyone is busy today")
		if err != nil || out.Status != inbox.TransferDeclined || out.DecisionReason != "Everyone is busy today" {
			t.Fatalf("decline: %v %+v", err, out)
		}
		n := lastNote(t, b.notesOf(ctx, t, b.agents[0].ID), "transfer_declined")
		if n.Title != "Transfer declined: Everyone is busy today" || n.ConversationID.UUID != conv {
			t.Fatalf("declined note: %+v", n)
		}
		if got := b.currentAgent(ctx, t, conv); got != b.agents[0].ID {
			t.Fatalf("declined conversation moved to %s", got)
		}
	})

	t.Run("OnePendingPerConversationAndCancel", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		conv := b.assignedTo(ctx, t, "p1", 0)
		req, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, uuid.Nil, "first")
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, b.agents[1].ID, "second")
		if apperr.Code(err) != apperr.ECONFLICT || !strings.Contains(err.Error(), "already waiting for approval") {
			t.Fatalf("second pending request: %v", err)
		}
		if _, err := b.svc.CancelTransfer(ctx, b.company.ID, b.agents[1].ID, req.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("another agent cancels: %v", err)
		}
		out, err := b.svc.CancelTransfer(ctx, b.company.ID, b.agents[0].ID, req.ID)
		if err != nil || out.Status != inbox.TransferCancelled {
			t.Fatalf("cancel: %v %+v", err, out)
		}
		if _, err := b.svc.CancelTransfer(ctx, b.company.ID, b.agents[0].ID, req.ID); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("cancel twice: %v", err)
		}
		if _, err := b.svc.ApproveTransfer(ctx, b.company.ID, b.admin.ID, req.ID, b.agents[1].ID, ""); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("approve a cancelled request: %v", err)
		}
		if _, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, b.agents[1].ID, "second"); err != nil {
			t.Fatalf("ask again after cancelling: %v", err)
		}
	})

	t.Run("OnlyTheAssignedAgentMayAsk", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		conv := b.assignedTo(ctx, t, "o1", 0)
		if _, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[1].ID, conv, uuid.Nil, "mine now"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("someone else's conversation: %v", err)
		}
		queued := b.open(ctx, t, "o2", "")
		if _, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, queued.ID, uuid.Nil, "x"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("a queued conversation: %v", err)
		}
		for _, c := range []struct {
			to     uuid.UUID
			reason string
		}{{uuid.Nil, ""}, {uuid.Nil, strings.Repeat("x", 501)}, {b.agents[0].ID, "myself"}, {b.admin.ID, "an admin"}, {uuid.New(), "a stranger"}} {
			if _, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, c.to, c.reason); apperr.Code(err) != apperr.EINVALID {
				t.Errorf("to %s reason %.10q: %v, want invalid", c.to, c.reason, err)
			}
		}
		b.exec(ctx, t, "UPDATE conversations SET status = 'closed' WHERE id = $1", conv)
		if _, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, uuid.Nil, "closed"); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("closed conversation: %v", err)
		}
	})

	t.Run("ReassigningTheChatWithdrawsTheRequest", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 3)
		conv := b.assignedTo(ctx, t, "s1", 0)
		req, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, b.agents[1].ID, "please")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, conv, b.agents[2].ID, ""); err != nil {
			t.Fatal(err)
		}
		// The manual move withdrew the request.
		l, err := b.svc.Transfers(ctx, b.company.ID, b.agents[0].ID, conv, 10)
		if err != nil || len(l) != 1 || l[0].Status != inbox.TransferCancelled || l[0].DecisionReason != "The conversation was reassigned." {
			t.Fatalf("after the move: %v %+v", err, l)
		}
		if _, err := b.svc.ApproveTransfer(ctx, b.company.ID, b.admin.ID, req.ID, uuid.Nil, ""); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("approve a withdrawn request: %v", err)
		}
		if got := b.currentAgent(ctx, t, conv); got != b.agents[2].ID {
			t.Fatalf("stale approval moved the chat to %s", got)
		}
	})

	t.Run("AnotherCompanyCannotSeeOrDecide", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		conv := b.assignedTo(ctx, t, "x1", 0)
		req, err := b.svc.RequestTransfer(ctx, b.company.ID, b.agents[0].ID, conv, uuid.Nil, "please")
		if err != nil {
			t.Fatal(err)
		}
		other := dbtest.Company(t, b.d, "other")
		otherAdmin := dbtest.User(t, b.d, other.ID, "company_admin", "admin@other.test")
		if _, err := b.svc.ApproveTransfer(ctx, other.ID, otherAdmin.ID, req.ID, uuid.Nil, ""); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("approve from another company: %v", err)
		}
		if _, err := b.svc.DeclineTransfer(ctx, other.ID, otherAdmin.ID, req.ID, "no"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("decline from another company: %v", err)
		}
		if l, err := b.svc.Transfers(ctx, other.ID, uuid.Nil, uuid.Nil, 50); err != nil || len(l) != 0 {
			t.Fatalf("other company's list: %v %+v", err, l)
		}
	})
}
