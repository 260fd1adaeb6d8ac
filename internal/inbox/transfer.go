package inbox

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/notify"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/realtime"
)

// Transfer request statuses.
const (
	TransferPending   = "pending"
	TransferApproved  = "approved"
	TransferDeclined  = "declined"
	TransferCancelled = "cancelled"
)

// EventTransfer is the realtime event of a new or decided transfer request.
const EventTransfer = "transfer.updated"

// TransferRequest is a transfer request with the names a list shows.
type TransferRequest = dbgen.TransferRequestListRow

// transferRecentDays is how long decided requests stay in the lists.
const transferRecentDays = 7

// reasonText trims a required reason and checks its length. Codes: invalid.
func reasonText(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", apperr.Invalid(field, "give a reason")
	}
	if utf8.RuneCountInString(s) > 500 {
		return "", apperr.Invalid(field, "at most 500 characters")
	}
	return s, nil
}

// contactName is how notifications name a conversation's customer.
func contactName(ctx context.Context, tx *db.Tx, id uuid.UUID) (string, error) {
	ct, err := tx.ContactGet(ctx, id)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(ct.Name) != "" {
		return ct.Name, nil
	}
	return ct.ExternalID, nil
}

func publishTransfer(ctx context.Context, tx *db.Tx, r dbgen.TransferRequest) error {
	return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: EventTransfer, CompanyID: r.CompanyID, IDs: []uuid.UUID{r.ID, r.ConversationID},
		AgentIDs: []uuid.UUID{r.FromAgentID}})
}

// RequestTransfer asks the company's admins to move one of agentID's open
// conversations to toAgentID (uuid.Nil: any agent), for a reason. Every active
// admin is notified. Codes: not_found (not the agent's conversation), invalid
// (reason, target agent), conflict (closed, or a request already pending).
func (s *Service) RequestTransfer(ctx context.Context, companyID, agentID, conversationID, toAgentID uuid.UUID, reason string) (dbgen.TransferRequest, error) {
	var out dbgen.TransferRequest
	reason, err := reasonText("body.reason", reason)
	if err != nil {
		return out, err
	}
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		conv, err := tx.ConversationGetForUpdate(ctx, conversationID)
		if db.IsNotFound(err) || (err == nil && (!conv.AssignedAgentID.Valid || conv.AssignedAgentID.UUID != agentID)) {
			return apperr.NotFound("conversation")
		} else if err != nil {
			return err
		}
		if conv.Status != "open" {
			return apperr.New(apperr.ECONFLICT, "Only an open conversation can be transferred.")
		}
		to := uuid.NullUUID{UUID: toAgentID, Valid: toAgentID != uuid.Nil}
		if to.Valid {
			if toAgentID == agentID {
				return apperr.Invalid("body.to_agent_id", "choose a colleague, not yourself")
			}
			if err := checkAgent(ctx, tx, toAgentID, "body.to_agent_id"); err != nil {
				return err
			}
		}
		out, err = tx.TransferRequestInsert(ctx, dbgen.TransferRequestInsertParams{CompanyID: companyID, ConversationID: conv.ID, FromAgentID: agentID, ToAgentID: to, Reason: reason})
		if c, ok := db.UniqueViolation(err); ok && c == "transfer_requests_pending_key" {
			return apperr.New(apperr.ECONFLICT, "A transfer of this conversation is already waiting for approval; cancel it first to ask again.")
		} else if err != nil {
			return err
		}
		from, err := tx.UserGet(ctx, agentID)
		if err != nil {
			return err
		}
		contact, err := contactName(ctx, tx, conv.ContactID)
		if err != nil {
			return err
		}
		target := "any agent"
		if to.Valid {
			u, err := tx.UserGet(ctx, toAgentID)
			if err != nil {
				return err
			}
			target = u.Name
		}
		admins, err := tx.UserListByCompanyRole(ctx, dbgen.UserListByCompanyRoleParams{CompanyID: uuid.NullUUID{UUID: companyID, Valid: true}, Role: "company_admin"})
		if err != nil {
			return err
		}
		for _, a := range admins {
			if a.Status != "active" {
				continue
			}
			if _, err := notify.Add(ctx, tx, companyID, notify.Note{UserID: a.ID, Kind: notify.KindTransferRequest, ConversationID: conv.ID,
				Title: fmt.Sprintf("%s asks to transfer the chat with %s", from.Name, contact),
				Body:  fmt.Sprintf("To %s: %s", target, reason)}); err != nil {
				return err
			}
		}
		return publishTransfer(ctx, tx, out)
	})
	if err != nil {
		return out, fmt.Errorf("inbox.RequestTransfer: %w", err)
	}
	return out, nil
}

// withdrawTransfers cancels the old agent's pending request once conv has
// left them some other way: nothing is left to approve.
func withdrawTransfers(ctx context.Context, tx *db.Tx, conv dbgen.Conversation, to uuid.NullUUID) error {
	old := conv.AssignedAgentID
	if !old.Valid || (to.Valid && to.UUID == old.UUID) {
		return nil
	}
	l, err := tx.TransferRequestCancelPending(ctx, dbgen.TransferRequestCancelPendingParams{ConversationID: conv.ID, FromAgentID: old.UUID,
		DecisionReason: "The conversation was reassigned."})
	if err != nil {
		return err
	}
	for _, r := range l {
		if err := publishTransfer(ctx, tx, r); err != nil {
			return err
		}
	}
	return nil
}

// pendingTransfer locks request id and checks it still waits for a decision.
// Codes: not_found, conflict.
func pendingTransfer(ctx context.Context, tx *db.Tx, id uuid.UUID) (dbgen.TransferRequest, error) {
	r, err := tx.TransferRequestGetForUpdate(ctx, id)
	if db.IsNotFound(err) {
		return r, apperr.NotFound("transfer request")
	} else if err != nil {
		return r, err
	}
	if r.Status != TransferPending {
		return r, apperr.New(apperr.ECONFLICT, "This transfer request was already "+r.Status+".")
	}
	return r, nil
}

// CancelTransfer withdraws agentID's own pending request. Codes: not_found, conflict (already decided).
func (s *Service) CancelTransfer(ctx context.Context, companyID, agentID, requestID uuid.UUID) (dbgen.TransferRequest, error) {
	var out dbgen.TransferRequest
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := tx.TransferRequestGetForUpdate(ctx, requestID)
		if db.IsNotFound(err) || (err == nil && r.FromAgentID != agentID) {
			return apperr.NotFound("transfer request")
		} else if err != nil {
			return err
		}
		if r.Status != TransferPending {
			return apperr.New(apperr.ECONFLICT, "This transfer request was already "+r.Status+".")
		}
		if out, err = tx.TransferRequestDecide(ctx, dbgen.TransferRequestDecideParams{ID: r.ID, Status: TransferCancelled, DecidedBy: uuid.NullUUID{UUID: agentID, Valid: true}}); err != nil {
			return err
		}
		return publishTransfer(ctx, tx, out)
	})
	if err != nil {
		return out, fmt.Errorf("inbox.CancelTransfer: %w", err)
	}
	return out, nil
}

// ApproveTransfer moves the request's conversation to agentID, or when that is
// uuid.Nil to the agent the request named, or for "any agent" to whoever the
// rules choose (least workload when the company assigns by hand). The move
// goes through the assignment path: a history row with the request's reason
// and notifications to both agents. Codes: not_found, conflict (decided, the
// conversation closed or moved since, nobody available), invalid (agent).
func (s *Service) ApproveTransfer(ctx context.Context, companyID, adminID, requestID, agentID uuid.UUID, note string) (dbgen.TransferRequest, error) {
	var out dbgen.TransferRequest
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 500 {
		return out, apperr.Invalid("body.note", "at most 500 characters")
	}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		set, err := lockSettings(ctx, tx, companyID)
		if err != nil {
			return err
		}
		r, err := pendingTransfer(ctx, tx, requestID)
		if err != nil {
			return err
		}
		conv, err := tx.ConversationGetForUpdate(ctx, r.ConversationID)
		if err != nil {
			return err
		}
		if conv.Status != "open" {
			return apperr.New(apperr.ECONFLICT, "The conversation is closed; decline the request instead.")
		}
		if !conv.AssignedAgentID.Valid || conv.AssignedAgentID.UUID != r.FromAgentID {
			return apperr.New(apperr.ECONFLICT, "The conversation has moved since the request; decline it instead.")
		}
		to := agentID
		if to == uuid.Nil && r.ToAgentID.Valid {
			to = r.ToAgentID.UUID
		}
		if to == uuid.Nil {
			agents, err := tx.UserListAgentWorkload(ctx)
			if err != nil {
				return err
			}
			rules := set
			if rules.Strategy == StrategyManual { // the request still needs someone to go to
				rules.Strategy = StrategyLeastWorkload
			}
			rules.ReturningToPrevious = false
			var ok bool
			if to, ok = choose(rules, agents, conv.Category, uuid.Nil, r.FromAgentID); !ok {
				return apperr.New(apperr.ECONFLICT, "No agent is available to take it: choose one.")
			}
		}
		if to == r.FromAgentID {
			return apperr.Invalid("body.agent_id", "choose an agent other than the one asking")
		}
		if err := checkAgent(ctx, tx, to, "body.agent_id"); err != nil {
			return err
		}
		// Decided before the move, which would otherwise withdraw the request it carries out.
		if out, err = tx.TransferRequestDecide(ctx, dbgen.TransferRequestDecideParams{ID: r.ID, Status: TransferApproved,
			DecidedBy: uuid.NullUUID{UUID: adminID, Valid: true}, DecisionReason: note}); err != nil {
			return err
		}
		if _, err := setAgent(ctx, tx, conv, uuid.NullUUID{UUID: to, Valid: true}, uuid.NullUUID{UUID: adminID, Valid: true}, "Transfer approved: "+r.Reason); err != nil {
			return err
		}
		if err := publishTransfer(ctx, tx, out); err != nil {
			return err
		}
		_, err = backfill(ctx, tx, &set)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.ApproveTransfer: %w", err)
	}
	return out, nil
}

// DeclineTransfer refuses a pending request for a reason the requesting agent
// is notified of; the conversation stays where it is. Codes: not_found,
// conflict (decided), invalid (reason).
func (s *Service) DeclineTransfer(ctx context.Context, companyID, adminID, requestID uuid.UUID, reason string) (dbgen.TransferRequest, error) {
	var out dbgen.TransferRequest
	reason, err := reasonText("body.reason", reason)
	if err != nil {
		return out, err
	}
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := pendingTransfer(ctx, tx, requestID)
		if err != nil {
			return err
		}
		if out, err = tx.TransferRequestDecide(ctx, dbgen.TransferRequestDecideParams{ID: r.ID, Status: TransferDeclined,
			DecidedBy: uuid.NullUUID{UUID: adminID, Valid: true}, DecisionReason: reason}); err != nil {
			return err
		}
		conv, err := tx.ConversationGet(ctx, r.ConversationID)
		if err != nil {
			return err
		}
		contact, err := contactName(ctx, tx, conv.ContactID)
		if err != nil {
			return err
		}
		if _, err := notify.Add(ctx, tx, companyID, notify.Note{UserID: r.FromAgentID, Kind: notify.KindTransferDeclined, ConversationID: r.ConversationID,
			Title: "Transfer declined: " + reason, Body: fmt.Sprintf("The chat with %s stays with you.", contact)}); err != nil {
			return err
		}
		return publishTransfer(ctx, tx, out)
	})
	if err != nil {
		return out, fmt.Errorf("inbox.DeclineTransfer: %w", err)
	}
	return out, nil
}

// Transfers lists pending requests (oldest first) and those decided in the
// last week (newest first); fromAgentID, when set, keeps only that agent's,
// conversationID only that conversation's.
func (s *Service) Transfers(ctx context.Context, companyID, fromAgentID, conversationID uuid.UUID, limit int32) ([]TransferRequest, error) {
	var out []TransferRequest
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.TransferRequestList(ctx, dbgen.TransferRequestListParams{FromAgentID: uuid.NullUUID{UUID: fromAgentID, Valid: fromAgentID != uuid.Nil},
			ConversationID: uuid.NullUUID{UUID: conversationID, Valid: conversationID != uuid.Nil}, Days: transferRecentDays, Lim: limit})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.Transfers: %w", err)
	}
	return out, nil
}
