// Package inbox routes conversations to agents: the assignment rules, the
// admin's assign and reassign, the queue of unassigned chats, and the agent's
// view of only the conversations assigned to them.
package inbox

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/notify"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/realtime"
)

// Assignment strategies.
const (
	StrategyManual        = "manual"
	StrategyRoundRobin    = "round_robin"
	StrategyLeastWorkload = "least_workload"
)

// Service assigns conversations.
type Service struct {
	db *db.DB
}

// NewService returns a Service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// agent is one candidate for a conversation.
type agent = dbgen.UserListAgentWorkloadRow

// choose picks the agent for a conversation under set, or false when nobody
// may take it. agents come ordered by creation (the round-robin order); exclude
// is never picked (the agent a stale conversation moves away from).
func choose(set dbgen.AssignmentSetting, agents []agent, category string, previous, exclude uuid.UUID) (uuid.UUID, bool) {
	var avail []agent
	for _, a := range agents {
		if a.Status == "active" && a.ID != exclude && (set.MaxOpenPerAgent == 0 || a.OpenCount < set.MaxOpenPerAgent) {
			avail = append(avail, a)
		}
	}
	if len(avail) == 0 {
		return uuid.Nil, false
	}
	if set.ReturningToPrevious && previous != uuid.Nil {
		if i := slices.IndexFunc(avail, func(a agent) bool { return a.ID == previous }); i >= 0 {
			return previous, true
		}
	}
	if set.Strategy == StrategyManual { // only the returning-customer rule assigns on its own
		return uuid.Nil, false
	}
	if set.MatchExpertise && category != "" {
		var experts []agent
		for _, a := range avail {
			if slices.ContainsFunc(a.Expertise, func(e string) bool { return strings.EqualFold(strings.TrimSpace(e), strings.TrimSpace(category)) }) {
				experts = append(experts, a)
			}
		}
		if len(experts) > 0 { // nobody with the expertise: anyone may take it
			avail = experts
		}
	}
	switch set.Strategy {
	case StrategyRoundRobin:
		last := -1
		if set.LastAgentID.Valid {
			last = slices.IndexFunc(agents, func(a agent) bool { return a.ID == set.LastAgentID.UUID })
		}
		for _, a := range avail {
			if slices.IndexFunc(agents, func(b agent) bool { return b.ID == a.ID }) > last {
				return a.ID, true
			}
		}
		return avail[0].ID, true
	default: // least workload
		best := avail[0]
		for _, a := range avail[1:] {
			if a.OpenCount < best.OpenCount || (a.OpenCount == best.OpenCount && a.LastAssignedAt.Before(best.LastAssignedAt)) {
				best = a
			}
		}
		return best.ID, true
	}
}

// lockSettings returns the company's rules, holding the row lock that
// serialises every assignment of the company until tx ends.
func lockSettings(ctx context.Context, tx *db.Tx, companyID uuid.UUID) (dbgen.AssignmentSetting, error) {
	if err := tx.AssignmentSettingsEnsure(ctx, companyID); err != nil {
		return dbgen.AssignmentSetting{}, err
	}
	return tx.AssignmentSettingsLock(ctx, companyID)
}

// autoAssign applies set to conv (open and unassigned); it reports whether
// anyone took it. exclude is an agent who must not get it.
func autoAssign(ctx context.Context, tx *db.Tx, set *dbgen.AssignmentSetting, conv dbgen.Conversation, exclude uuid.UUID, reason string) (bool, error) {
	agents, err := tx.UserListAgentWorkload(ctx)
	if err != nil {
		return false, err
	}
	var previous uuid.UUID
	if set.ReturningToPrevious {
		p, err := tx.ConversationPreviousAgent(ctx, dbgen.ConversationPreviousAgentParams{ContactID: conv.ContactID, ID: conv.ID})
		if err != nil && !db.IsNotFound(err) {
			return false, err
		}
		previous = p.UUID
	}
	to, ok := choose(*set, agents, conv.Category, previous, exclude)
	if !ok {
		return false, nil
	}
	if reason == "" {
		reason = "rules: " + set.Strategy
		if to == previous {
			reason = "rules: returning customer"
		}
	}
	if _, err := setAgent(ctx, tx, conv, uuid.NullUUID{UUID: to, Valid: true}, uuid.NullUUID{}, reason); err != nil {
		return false, err
	}
	if err := tx.AssignmentSettingsSetLastAgent(ctx, dbgen.AssignmentSettingsSetLastAgentParams{CompanyID: conv.CompanyID, LastAgentID: uuid.NullUUID{UUID: to, Valid: true}}); err != nil {
		return false, err
	}
	set.LastAgentID = uuid.NullUUID{UUID: to, Valid: true}
	return true, nil
}

// setAgent moves conv to agent `to`, records the change and tells the old and the new agent.
func setAgent(ctx context.Context, tx *db.Tx, conv dbgen.Conversation, to, by uuid.NullUUID, reason string) (dbgen.Conversation, error) {
	out, err := tx.ConversationSetAgent(ctx, dbgen.ConversationSetAgentParams{ID: conv.ID, AgentID: to})
	if err != nil {
		return out, err
	}
	if _, err := tx.ConversationAssignmentInsert(ctx, dbgen.ConversationAssignmentInsertParams{CompanyID: conv.CompanyID, ConversationID: conv.ID,
		FromAgentID: conv.AssignedAgentID, ToAgentID: to, ByUserID: by, Reason: reason}); err != nil {
		return out, err
	}
	if err := notifyAssignment(ctx, tx, conv, to, by, reason); err != nil {
		return out, err
	}
	if err := withdrawTransfers(ctx, tx, conv, to); err != nil {
		return out, err
	}
	var agents []uuid.UUID
	for _, a := range []uuid.NullUUID{conv.AssignedAgentID, to} {
		if a.Valid {
			agents = append(agents, a.UUID)
		}
	}
	return out, realtime.Publish(ctx, tx.Tx, realtime.Event{Type: "conversation.assigned", CompanyID: conv.CompanyID, IDs: []uuid.UUID{conv.ID}, AgentIDs: agents})
}

// notifyAssignment tells the new agent the conversation is theirs ("Assigned
// to you by <name>", or automatically when the rules chose) and the old agent
// where it went, inside the assignment's transaction.
func notifyAssignment(ctx context.Context, tx *db.Tx, conv dbgen.Conversation, to, by uuid.NullUUID, reason string) error {
	contact := "a customer"
	if ct, err := tx.ContactGet(ctx, conv.ContactID); err == nil && strings.TrimSpace(ct.Name) != "" {
		contact = ct.Name
	} else if err == nil && ct.ExternalID != "" {
		contact = ct.ExternalID
	} else if err != nil && !db.IsNotFound(err) {
		return err
	}
	name := func(id uuid.NullUUID) string {
		if !id.Valid {
			return ""
		}
		if u, err := tx.UserGet(ctx, id.UUID); err == nil {
			return u.Name
		}
		return ""
	}
	if to.Valid {
		title := "Assigned to you automatically"
		if by.Valid {
			title = "Assigned to you"
			if n := name(by); n != "" {
				title = "Assigned to you by " + n
			}
		}
		body := fmt.Sprintf("Chat with %s on %s.", contact, channelName(conv.Channel))
		if by.Valid && reason != "" {
			body += " " + reason
		}
		if _, err := notify.Add(ctx, tx, conv.CompanyID, notify.Note{UserID: to.UUID, Kind: notify.KindAssigned, Title: title, Body: body, ConversationID: conv.ID}); err != nil {
			return err
		}
	}
	if old := conv.AssignedAgentID; old.Valid && (!to.Valid || old.UUID != to.UUID) {
		title := fmt.Sprintf("Chat with %s moved back to the queue", contact)
		if to.Valid {
			title = fmt.Sprintf("Chat with %s moved to %s", contact, name(to))
		}
		if _, err := notify.Add(ctx, tx, conv.CompanyID, notify.Note{UserID: old.UUID, Kind: notify.KindMovedAway, Title: title, Body: reason, ConversationID: conv.ID}); err != nil {
			return err
		}
	}
	return nil
}

// channelName is how a notification names a channel.
func channelName(ch string) string {
	if ch == "whatsapp" {
		return "WhatsApp"
	}
	return "Telegram"
}

// OnConversationOpened assigns a conversation the ingest path has just opened,
// inside the ingest's transaction, following the company's rules. It returns
// the conversation as it now is.
func OnConversationOpened(ctx context.Context, tx *db.Tx, conv dbgen.Conversation) (dbgen.Conversation, error) {
	// Manual companies (the default) skip the lock, so their ingest never waits on it.
	if set, err := tx.AssignmentSettingsGet(ctx, conv.CompanyID); db.IsNotFound(err) || (err == nil && set.Strategy == StrategyManual && !set.ReturningToPrevious) {
		return conv, nil
	} else if err != nil {
		return conv, fmt.Errorf("inbox.OnConversationOpened: %w", err)
	}
	set, err := lockSettings(ctx, tx, conv.CompanyID)
	if err != nil {
		return conv, fmt.Errorf("inbox.OnConversationOpened: %w", err)
	}
	if set.Strategy == StrategyManual && !set.ReturningToPrevious {
		return conv, nil
	}
	ok, err := autoAssign(ctx, tx, &set, conv, uuid.Nil, "")
	if err != nil || !ok {
		return conv, err
	}
	return tx.ConversationGet(ctx, conv.ID)
}

// backfill gives waiting conversations, oldest first, to agents with room. It
// needs the settings lock; it returns how many it assigned.
func backfill(ctx context.Context, tx *db.Tx, set *dbgen.AssignmentSetting) (int, error) {
	if set.Strategy == StrategyManual {
		return 0, nil
	}
	waiting, err := tx.ConversationListWaiting(ctx, 500)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range waiting {
		ok, err := autoAssign(ctx, tx, set, c, uuid.Nil, "")
		if err != nil {
			return n, err
		}
		if !ok {
			break // nobody has room
		}
		n++
	}
	return n, nil
}

// Backfill assigns waiting conversations to agents who have room, for when an
// agent frees capacity or becomes available.
func (s *Service) Backfill(ctx context.Context, companyID uuid.UUID) (int, error) {
	n := 0
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		set, err := lockSettings(ctx, tx, companyID)
		if err != nil {
			return err
		}
		n, err = backfill(ctx, tx, &set)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("inbox.Backfill: %w", err)
	}
	return n, nil
}

// ReassignStale moves conversations whose agent has not replied within the
// company's limit to another agent with room; it returns how many moved.
func (s *Service) ReassignStale(ctx context.Context, companyID uuid.UUID) (int, error) {
	n := 0
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		set, err := lockSettings(ctx, tx, companyID)
		if err != nil || set.ReassignAfterMinutes == 0 {
			return err
		}
		if set.Strategy == StrategyManual { // the rule still needs someone to move the chat to
			set.Strategy = StrategyLeastWorkload
		}
		stale, err := tx.ConversationListNoReply(ctx, set.ReassignAfterMinutes)
		if err != nil {
			return err
		}
		for _, c := range stale {
			ok, err := autoAssign(ctx, tx, &set, c, c.AssignedAgentID.UUID, fmt.Sprintf("no reply in %d minutes", set.ReassignAfterMinutes))
			if err != nil {
				return err
			}
			if ok {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("inbox.ReassignStale: %w", err)
	}
	return n, nil
}

// Assign gives a conversation to an agent (assign or reassign) on behalf of
// byUserID, with an optional reason, then lets the rules refill the previous
// agent's freed place. Codes: not_found (conversation), invalid (agent).
func (s *Service) Assign(ctx context.Context, companyID, byUserID, conversationID, agentID uuid.UUID, reason string) (dbgen.Conversation, error) {
	var out dbgen.Conversation
	if len(reason) > 500 {
		return out, apperr.Invalid("body.reason", "at most 500 characters")
	}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		set, err := lockSettings(ctx, tx, companyID)
		if err != nil {
			return err
		}
		conv, err := tx.ConversationGetForUpdate(ctx, conversationID)
		if db.IsNotFound(err) {
			return apperr.NotFound("conversation")
		} else if err != nil {
			return err
		}
		if err := checkAgent(ctx, tx, agentID, "body.agent_id"); err != nil {
			return err
		}
		if conv.AssignedAgentID.Valid && conv.AssignedAgentID.UUID == agentID {
			out = conv
			return nil
		}
		if out, err = setAgent(ctx, tx, conv, uuid.NullUUID{UUID: agentID, Valid: true}, uuid.NullUUID{UUID: byUserID, Valid: true}, strings.TrimSpace(reason)); err != nil {
			return err
		}
		if conv.AssignedAgentID.Valid {
			_, err = backfill(ctx, tx, &set)
		}
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.Assign: %w", err)
	}
	return out, nil
}

// checkAgent fails with invalid(field) unless id is an active agent of the company.
func checkAgent(ctx context.Context, tx *db.Tx, id uuid.UUID, field string) error {
	u, err := tx.UserGet(ctx, id)
	if db.IsNotFound(err) || (err == nil && u.Role != "company_user") {
		return apperr.Invalid(field, "not an agent of this company")
	} else if err != nil {
		return err
	}
	if u.Status != "active" {
		return apperr.Invalid(field, "this agent is inactive")
	}
	return nil
}

// History is a conversation's assignment changes, oldest first. Codes: not_found.
func (s *Service) History(ctx context.Context, companyID, conversationID uuid.UUID) ([]dbgen.ConversationAssignmentListRow, error) {
	var out []dbgen.ConversationAssignmentListRow
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := tx.ConversationGet(ctx, conversationID); db.IsNotFound(err) {
			return apperr.NotFound("conversation")
		} else if err != nil {
			return err
		}
		var err error
		out, err = tx.ConversationAssignmentList(ctx, conversationID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.History: %w", err)
	}
	return out, nil
}

// BulkAssign gives several conversations to one agent at once, all or none.
// Codes: not_found (the agent, a conversation), invalid (inactive agent, too many).
func (s *Service) BulkAssign(ctx context.Context, companyID, byUserID uuid.UUID, conversationIDs []uuid.UUID, agentID uuid.UUID, reason string) (int, error) {
	if len(conversationIDs) == 0 || len(conversationIDs) > 200 {
		return 0, apperr.Invalid("body.conversation_ids", "give between 1 and 200 conversations")
	}
	if len(reason) > 500 {
		return 0, apperr.Invalid("body.reason", "at most 500 characters")
	}
	n := 0
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		set, err := lockSettings(ctx, tx, companyID)
		if err != nil {
			return err
		}
		if err := checkAgent(ctx, tx, agentID, "path.id"); apperr.Code(err) == apperr.EINVALID && !isAgent(ctx, tx, agentID) {
			return apperr.NotFound("agent")
		} else if err != nil {
			return err
		}
		freed := false
		for _, id := range conversationIDs {
			conv, err := tx.ConversationGetForUpdate(ctx, id)
			if db.IsNotFound(err) {
				return apperr.NotFound("conversation " + id.String())
			} else if err != nil {
				return err
			}
			if conv.AssignedAgentID.Valid && conv.AssignedAgentID.UUID == agentID {
				continue
			}
			if _, err := setAgent(ctx, tx, conv, uuid.NullUUID{UUID: agentID, Valid: true}, uuid.NullUUID{UUID: byUserID, Valid: true}, strings.TrimSpace(reason)); err != nil {
				return err
			}
			freed = freed || conv.AssignedAgentID.Valid
			n++
		}
		if freed {
			_, err = backfill(ctx, tx, &set)
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("inbox.BulkAssign: %w", err)
	}
	return n, nil
}

// isAgent reports whether id is an agent of the company, active or not.
func isAgent(ctx context.Context, tx *db.Tx, id uuid.UUID) bool {
	u, err := tx.UserGet(ctx, id)
	return err == nil && u.Role == "company_user"
}
