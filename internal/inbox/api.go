package inbox

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/identity"
)

// InboxSettingsView is a company's assignment rules.
type InboxSettingsView struct {
	Strategy             string `json:"strategy" enum:"manual,round_robin,least_workload" doc:"manual: an admin assigns; round_robin: agents in turn; least_workload: the agent with the fewest open chats."`
	MaxOpenPerAgent      int32  `json:"max_open_per_agent" minimum:"0" maximum:"10000" doc:"Open conversations an agent may hold before the rules skip them; 0: no cap."`
	MatchExpertise       bool   `json:"match_expertise" doc:"Prefer agents whose expertise tags match the conversation's category."`
	ReturningToPrevious  bool   `json:"returning_to_previous" doc:"A returning customer goes back to their previous agent if that agent is active and has room."`
	ReassignAfterMinutes int32  `json:"reassign_after_minutes" minimum:"0" maximum:"10080" doc:"Move a chat to another agent when its agent has not replied for this long; 0: never."`
}

func settingsView(s dbgen.AssignmentSetting) InboxSettingsView {
	return InboxSettingsView{Strategy: s.Strategy, MaxOpenPerAgent: s.MaxOpenPerAgent, MatchExpertise: s.MatchExpertise,
		ReturningToPrevious: s.ReturningToPrevious, ReassignAfterMinutes: s.ReassignAfterMinutes}
}

// InboxAgentView is an agent with their workload.
type InboxAgentView struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Email          string     `json:"email"`
	Status         string     `json:"status" enum:"active,inactive"`
	Expertise      []string   `json:"expertise"`
	OpenCount      int32      `json:"open_count" doc:"Open conversations assigned now."`
	Available      bool       `json:"available" doc:"Active and below the cap, so the rules may give them more."`
	LastAssignedAt *time.Time `json:"last_assigned_at" nullable:"true"`
}

// InboxQueueItem is an unassigned conversation waiting for an agent.
type InboxQueueItem struct {
	ID                string    `json:"id"`
	Channel           string    `json:"channel" enum:"telegram,whatsapp"`
	Category          string    `json:"category"`
	ContactName       string    `json:"contact_name"`
	ContactExternalID string    `json:"contact_external_id"`
	LastMessage       string    `json:"last_message"`
	LastKind          string    `json:"last_kind"`
	WaitingSince      time.Time `json:"waiting_since"`
	LastMessageAt     time.Time `json:"last_message_at"`
}

// InboxAssignmentView is one change in a conversation's assignment.
type InboxAssignmentView struct {
	ID        int64     `json:"id"`
	FromID    *string   `json:"from_agent_id" nullable:"true" doc:"null: from the queue."`
	FromName  string    `json:"from_agent_name"`
	ToID      *string   `json:"to_agent_id" nullable:"true" doc:"null: back to the queue."`
	ToName    string    `json:"to_agent_name"`
	ByID      *string   `json:"by_user_id" nullable:"true" doc:"null: the assignment rules."`
	ByName    string    `json:"by_user_name"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
}

// InboxConversationView is a conversation as its assignment stands.
type InboxConversationView struct {
	ID              string     `json:"id"`
	Channel         string     `json:"channel" enum:"telegram,whatsapp"`
	Status          string     `json:"status" enum:"open,closed"`
	Category        string     `json:"category"`
	AssignedAgentID *string    `json:"assigned_agent_id" nullable:"true"`
	AssignedAt      *time.Time `json:"assigned_at" nullable:"true"`
	LastMessageAt   time.Time  `json:"last_message_at"`
	CreatedAt       time.Time  `json:"created_at"`
}

// InboxAgentConversation is a conversation in the agent's inbox.
type InboxAgentConversation struct {
	ID                string     `json:"id"`
	Channel           string     `json:"channel" enum:"telegram,whatsapp"`
	Status            string     `json:"status" enum:"open,closed"`
	ContactName       string     `json:"contact_name"`
	ContactExternalID string     `json:"contact_external_id"`
	LastMessage       string     `json:"last_message"`
	LastKind          string     `json:"last_kind"`
	LastDirection     string     `json:"last_direction"`
	LastMessageAt     time.Time  `json:"last_message_at"`
	AssignedAt        *time.Time `json:"assigned_at" nullable:"true"`
}

func idPtr(id uuid.NullUUID) *string {
	if !id.Valid {
		return nil
	}
	s := id.UUID.String()
	return &s
}

func conversationView(c dbgen.Conversation) InboxConversationView {
	return InboxConversationView{ID: c.ID.String(), Channel: c.Channel, Status: c.Status, Category: c.Category, AssignedAgentID: idPtr(c.AssignedAgentID),
		AssignedAt: c.AssignedAt, LastMessageAt: c.LastMessageAt, CreatedAt: c.CreatedAt}
}

func preview(s string) string {
	r := []rune(s)
	if len(r) > 200 {
		return string(r[:200])
	}
	return s
}

type inboxSettingsOutput struct{ Body InboxSettingsView }

type inboxSettingsInput struct{ Body InboxSettingsView }

type inboxLimitInput struct {
	Limit int32 `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

type inboxQueueOutput struct {
	Body struct {
		Items []InboxQueueItem `json:"items"`
	}
}

type inboxAgentListOutput struct {
	Body struct {
		Items []InboxAgentView `json:"items"`
	}
}

type inboxConversationInput struct {
	ID uuid.UUID `path:"id"`
}

type inboxAssignInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		AgentID uuid.UUID `json:"agent_id"`
		Reason  string    `json:"reason,omitempty" maxLength:"500"`
	}
}

type inboxConversationOutput struct{ Body InboxConversationView }

type inboxBulkAssignInput struct {
	AgentID uuid.UUID `path:"id" doc:"The agent who gets the conversations."`
	Body    struct {
		ConversationIDs []uuid.UUID `json:"conversation_ids" minItems:"1" maxItems:"200"`
		Reason          string      `json:"reason,omitempty" maxLength:"500"`
	}
}

type inboxBulkAssignOutput struct {
	Body struct {
		Assigned int `json:"assigned" doc:"Conversations that changed agent."`
	}
}

type inboxHistoryOutput struct {
	Body struct {
		Items []InboxAssignmentView `json:"items"`
	}
}

type inboxAgentConversationListOutput struct {
	Body struct {
		Items []InboxAgentConversation `json:"items"`
	}
}

// RegisterCompany adds the company admin's assignment operations.
func RegisterCompany(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "inbox-settings-get", Method: http.MethodGet, Path: "/inbox/settings", Summary: "Assignment rules",
	}, func(ctx context.Context, _ *struct{}) (*inboxSettingsOutput, error) {
		set, err := s.Settings(ctx, identity.PrincipalFrom(ctx).CompanyID)
		if err != nil {
			return nil, err
		}
		return &inboxSettingsOutput{Body: settingsView(set)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "inbox-settings-update", Method: http.MethodPut, Path: "/inbox/settings", Summary: "Change the assignment rules",
		Description: "Waiting conversations are assigned under the new rules at once.", Errors: []int{422},
	}, func(ctx context.Context, in *inboxSettingsInput) (*inboxSettingsOutput, error) {
		b := in.Body
		set, err := s.UpdateSettings(ctx, identity.PrincipalFrom(ctx).CompanyID, Rules{Strategy: b.Strategy, MaxOpenPerAgent: b.MaxOpenPerAgent,
			MatchExpertise: b.MatchExpertise, ReturningToPrevious: b.ReturningToPrevious, ReassignAfterMinutes: b.ReassignAfterMinutes})
		if err != nil {
			return nil, err
		}
		return &inboxSettingsOutput{Body: settingsView(set)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "inbox-queue", Method: http.MethodGet, Path: "/inbox/queue", Summary: "Unassigned conversations, longest waiting first",
	}, func(ctx context.Context, in *inboxLimitInput) (*inboxQueueOutput, error) {
		l, err := s.Queue(ctx, identity.PrincipalFrom(ctx).CompanyID, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &inboxQueueOutput{}
		out.Body.Items = make([]InboxQueueItem, len(l))
		for i, c := range l {
			out.Body.Items[i] = InboxQueueItem{ID: c.ID.String(), Channel: c.Channel, Category: c.Category, ContactName: c.ContactName,
				ContactExternalID: c.ContactExternalID, LastMessage: preview(c.LastBody), LastKind: c.LastKind, WaitingSince: c.CreatedAt, LastMessageAt: c.LastMessageAt}
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "inbox-agent-list", Method: http.MethodGet, Path: "/inbox/agents", Summary: "Agents with their workload",
	}, func(ctx context.Context, _ *struct{}) (*inboxAgentListOutput, error) {
		companyID := identity.PrincipalFrom(ctx).CompanyID
		set, err := s.Settings(ctx, companyID)
		if err != nil {
			return nil, err
		}
		l, err := s.Agents(ctx, companyID)
		if err != nil {
			return nil, err
		}
		out := &inboxAgentListOutput{}
		out.Body.Items = make([]InboxAgentView, len(l))
		for i, a := range l {
			v := InboxAgentView{ID: a.ID.String(), Name: a.Name, Email: a.Email, Status: a.Status, Expertise: a.Expertise, OpenCount: a.OpenCount,
				Available: a.Status == "active" && (set.MaxOpenPerAgent == 0 || a.OpenCount < set.MaxOpenPerAgent)}
			if a.LastAssignedAt.After(time.Unix(0, 0)) {
				t := a.LastAssignedAt
				v.LastAssignedAt = &t
			}
			out.Body.Items[i] = v
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "inbox-assign", Method: http.MethodPost, Path: "/conversations/{id}/assignment", Summary: "Assign or reassign a conversation",
		Description: "Gives the conversation to an active agent (admins may go past the cap), recording who did it and why.", Errors: []int{404, 422},
	}, func(ctx context.Context, in *inboxAssignInput) (*inboxConversationOutput, error) {
		p := identity.PrincipalFrom(ctx)
		c, err := s.Assign(ctx, p.CompanyID, p.UserID, in.ID, in.Body.AgentID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &inboxConversationOutput{Body: conversationView(c)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "inbox-bulk-assign", Method: http.MethodPost, Path: "/inbox/agents/{id}/conversations", Summary: "Assign several conversations to one agent",
		Description: "All or none: an unknown conversation fails the whole request.", Errors: []int{404, 422},
	}, func(ctx context.Context, in *inboxBulkAssignInput) (*inboxBulkAssignOutput, error) {
		p := identity.PrincipalFrom(ctx)
		n, err := s.BulkAssign(ctx, p.CompanyID, p.UserID, in.Body.ConversationIDs, in.AgentID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		out := &inboxBulkAssignOutput{}
		out.Body.Assigned = n
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "inbox-history", Method: http.MethodGet, Path: "/conversations/{id}/assignments", Summary: "A conversation's assignment history",
		Errors: []int{404},
	}, func(ctx context.Context, in *inboxConversationInput) (*inboxHistoryOutput, error) {
		l, err := s.History(ctx, identity.PrincipalFrom(ctx).CompanyID, in.ID)
		if err != nil {
			return nil, err
		}
		out := &inboxHistoryOutput{}
		out.Body.Items = make([]InboxAssignmentView, len(l))
		for i, a := range l {
			out.Body.Items[i] = InboxAssignmentView{ID: a.ID, FromID: idPtr(a.FromAgentID), FromName: a.FromName, ToID: idPtr(a.ToAgentID), ToName: a.ToName,
				ByID: idPtr(a.ByUserID), ByName: a.ByName, Reason: a.Reason, CreatedAt: a.CreatedAt}
		}
		return out, nil
	})
}

// RegisterAgent adds the agent's own conversations; anything not assigned to the caller is not found.
func RegisterAgent(agent huma.API, s *Service) {
	huma.Register(agent, huma.Operation{
		OperationID: "inbox-agent-conversation-list", Method: http.MethodGet, Path: "/conversations", Summary: "My conversations",
		Description: "Only the conversations assigned to the caller, most recent first.",
	}, func(ctx context.Context, in *inboxLimitInput) (*inboxAgentConversationListOutput, error) {
		p := identity.PrincipalFrom(ctx)
		l, err := s.AgentConversations(ctx, p.CompanyID, p.UserID, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &inboxAgentConversationListOutput{}
		out.Body.Items = make([]InboxAgentConversation, len(l))
		for i, c := range l {
			out.Body.Items[i] = InboxAgentConversation{ID: c.ID.String(), Channel: c.Channel, Status: c.Status, ContactName: c.ContactName,
				ContactExternalID: c.ContactExternalID, LastMessage: preview(c.LastBody), LastKind: c.LastKind, LastDirection: c.LastDirection,
				LastMessageAt: c.LastMessageAt, AssignedAt: c.AssignedAt}
		}
		return out, nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "inbox-agent-conversation-get", Method: http.MethodGet, Path: "/conversations/{id}", Summary: "One of my conversations",
		Errors: []int{404},
	}, func(ctx context.Context, in *inboxConversationInput) (*inboxConversationOutput, error) {
		p := identity.PrincipalFrom(ctx)
		c, err := s.AgentConversation(ctx, p.CompanyID, p.UserID, in.ID)
		if err != nil {
			return nil, err
		}
		return &inboxConversationOutput{Body: conversationView(c)}, nil
	})
}
