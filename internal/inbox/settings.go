package inbox

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Rules are a company's assignment settings as an admin edits them.
type Rules struct {
	Strategy             string
	MaxOpenPerAgent      int32
	MatchExpertise       bool
	ReturningToPrevious  bool
	ReassignAfterMinutes int32
}

// Settings returns the company's assignment rules (manual until changed).
func (s *Service) Settings(ctx context.Context, companyID uuid.UUID) (dbgen.AssignmentSetting, error) {
	var out dbgen.AssignmentSetting
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.AssignmentSettingsGet(ctx, companyID)
		if db.IsNotFound(err) {
			out, err = dbgen.AssignmentSetting{CompanyID: companyID, Strategy: StrategyManual}, nil
		}
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.Settings: %w", err)
	}
	return out, nil
}

// UpdateSettings saves the rules and assigns whatever waits under them. Codes: invalid.
func (s *Service) UpdateSettings(ctx context.Context, companyID uuid.UUID, r Rules) (dbgen.AssignmentSetting, error) {
	var out dbgen.AssignmentSetting
	switch r.Strategy {
	case StrategyManual, StrategyRoundRobin, StrategyLeastWorkload:
	default:
		return out, apperr.Invalid("body.strategy", "must be manual, round_robin or least_workload")
	}
	if r.MaxOpenPerAgent < 0 || r.MaxOpenPerAgent > 10000 {
		return out, apperr.Invalid("body.max_open_per_agent", "must be between 0 (no cap) and 10000")
	}
	if r.ReassignAfterMinutes < 0 || r.ReassignAfterMinutes > 10080 {
		return out, apperr.Invalid("body.reassign_after_minutes", "must be between 0 (off) and 10080 (a week)")
	}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := lockSettings(ctx, tx, companyID); err != nil {
			return err
		}
		var err error
		out, err = tx.AssignmentSettingsUpdate(ctx, dbgen.AssignmentSettingsUpdateParams{CompanyID: companyID, Strategy: r.Strategy,
			MaxOpenPerAgent: r.MaxOpenPerAgent, MatchExpertise: r.MatchExpertise, ReturningToPrevious: r.ReturningToPrevious,
			ReassignAfterMinutes: r.ReassignAfterMinutes})
		if err != nil {
			return err
		}
		_, err = backfill(ctx, tx, &out)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.UpdateSettings: %w", err)
	}
	return out, nil
}

// Queue is the unassigned conversations, longest waiting first.
func (s *Service) Queue(ctx context.Context, companyID uuid.UUID, limit int32) ([]dbgen.ConversationListQueueRow, error) {
	var out []dbgen.ConversationListQueueRow
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ConversationListQueue(ctx, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.Queue: %w", err)
	}
	return out, nil
}

// Agents lists the company's agents with their open conversations.
func (s *Service) Agents(ctx context.Context, companyID uuid.UUID) ([]dbgen.UserListAgentWorkloadRow, error) {
	var out []dbgen.UserListAgentWorkloadRow
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.UserListAgentWorkload(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.Agents: %w", err)
	}
	return out, nil
}

// AgentConversations are the conversations assigned to agentID, most recent first.
func (s *Service) AgentConversations(ctx context.Context, companyID, agentID uuid.UUID, limit int32) ([]dbgen.ConversationListByAgentRow, error) {
	var out []dbgen.ConversationListByAgentRow
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ConversationListByAgent(ctx, dbgen.ConversationListByAgentParams{AgentID: uuid.NullUUID{UUID: agentID, Valid: true}, Lim: limit})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.AgentConversations: %w", err)
	}
	return out, nil
}

// AgentConversation returns a conversation only if it is assigned to agentID. Codes: not_found.
func (s *Service) AgentConversation(ctx context.Context, companyID, agentID, conversationID uuid.UUID) (dbgen.Conversation, error) {
	var out dbgen.Conversation
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ConversationGetForAgent(ctx, dbgen.ConversationGetForAgentParams{ID: conversationID, AgentID: uuid.NullUUID{UUID: agentID, Valid: true}})
		if db.IsNotFound(err) {
			return apperr.NotFound("conversation")
		}
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.AgentConversation: %w", err)
	}
	return out, nil
}
