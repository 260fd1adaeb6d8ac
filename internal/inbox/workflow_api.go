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

// InboxTransferView is a transfer request as the lists show it.
type InboxTransferView struct {
	ID             string     `json:"id"`
	ConversationID string     `json:"conversation_id"`
	ContactName    string     `json:"contact_name"`
	Channel        string     `json:"channel" enum:"telegram,whatsapp"`
	FromAgentID    string     `json:"from_agent_id"`
	FromAgentName  string     `json:"from_agent_name"`
	ToAgentID      *string    `json:"to_agent_id" nullable:"true" doc:"null: any agent."`
	ToAgentName    string     `json:"to_agent_name"`
	Reason         string     `json:"reason"`
	Status         string     `json:"status" enum:"pending,approved,declined,cancelled"`
	DecidedByName  string     `json:"decided_by_name"`
	DecisionReason string     `json:"decision_reason"`
	CreatedAt      time.Time  `json:"created_at"`
	DecidedAt      *time.Time `json:"decided_at" nullable:"true"`
	Stale          bool       `json:"stale" doc:"The conversation has closed or is no longer with the agent who asked (a pending request can then only be declined)."`
}

func transferView(r TransferRequest) InboxTransferView {
	return InboxTransferView{ID: r.ID.String(), ConversationID: r.ConversationID.String(), ContactName: r.ContactName, Channel: r.Channel,
		FromAgentID: r.FromAgentID.String(), FromAgentName: r.FromAgentName, ToAgentID: idPtr(r.ToAgentID), ToAgentName: r.ToAgentName,
		Reason: r.Reason, Status: r.Status, DecidedByName: r.DecidedByName, DecisionReason: r.DecisionReason, CreatedAt: r.CreatedAt,
		DecidedAt: r.DecidedAt, Stale: r.ConversationStatus != "open" || !r.CurrentAgentID.Valid || r.CurrentAgentID.UUID != r.FromAgentID}
}

// InboxTransferState is a transfer request right after a change.
type InboxTransferState struct {
	ID             string     `json:"id"`
	ConversationID string     `json:"conversation_id"`
	Status         string     `json:"status" enum:"pending,approved,declined,cancelled"`
	ToAgentID      *string    `json:"to_agent_id" nullable:"true"`
	Reason         string     `json:"reason"`
	DecisionReason string     `json:"decision_reason"`
	CreatedAt      time.Time  `json:"created_at"`
	DecidedAt      *time.Time `json:"decided_at" nullable:"true"`
}

func transferState(r dbgen.TransferRequest) InboxTransferState {
	return InboxTransferState{ID: r.ID.String(), ConversationID: r.ConversationID.String(), Status: r.Status, ToAgentID: idPtr(r.ToAgentID),
		Reason: r.Reason, DecisionReason: r.DecisionReason, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
}

// InboxReminderView is a reminder (a follow-up on a conversation).
type InboxReminderView struct {
	ID             string     `json:"id"`
	ConversationID string     `json:"conversation_id"`
	ContactName    string     `json:"contact_name"`
	Channel        string     `json:"channel" enum:"telegram,whatsapp"`
	DueAt          time.Time  `json:"due_at"`
	Note           string     `json:"note"`
	Overdue        bool       `json:"overdue"`
	DoneAt         *time.Time `json:"done_at" nullable:"true"`
	CreatedAt      time.Time  `json:"created_at"`
}

func reminderView(r Reminder, now time.Time) InboxReminderView {
	return InboxReminderView{ID: r.ID.String(), ConversationID: r.ConversationID.String(), ContactName: r.ContactName, Channel: r.Channel,
		DueAt: r.DueAt, Note: r.Body, Overdue: r.DueAt.Before(now), DoneAt: r.DoneAt, CreatedAt: r.CreatedAt}
}

// InboxColleagueView is an agent a conversation may be transferred to.
type InboxColleagueView struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	OpenCount int32  `json:"open_count"`
	Available bool   `json:"available" doc:"Below the company's cap of open conversations."`
}

// InboxAgentDashboard is the agent's own figures.
type InboxAgentDashboard struct {
	OpenAssigned      int32 `json:"open_assigned" doc:"Open conversations assigned to me."`
	AwaitingReply     int32 `json:"awaiting_reply" doc:"Of those, the ones whose last message is the customer's."`
	RemindersDueToday int32 `json:"reminders_due_today" doc:"Reminders not done, due today or overdue."`
	SalesThisMonth    int32 `json:"sales_this_month" doc:"Sales I completed this month."`
}

type inboxTransferListInput struct {
	Limit int32 `query:"limit" minimum:"1" maximum:"200" default:"100"`
}

type inboxAgentTransferListInput struct {
	Limit          int32     `query:"limit" minimum:"1" maximum:"200" default:"50"`
	ConversationID uuid.UUID `query:"conversation_id" doc:"Only this conversation's requests."`
}

type inboxTransferListOutput struct {
	Body struct {
		Items []InboxTransferView `json:"items"`
	}
}

type inboxTransferRequestInput struct {
	ID   uuid.UUID `path:"id" doc:"The conversation."`
	Body struct {
		ToAgentID uuid.UUID `json:"to_agent_id,omitempty" doc:"The colleague to hand it to; omit for any agent."`
		Reason    string    `json:"reason" minLength:"1" maxLength:"500"`
	}
}

type inboxTransferInput struct {
	ID uuid.UUID `path:"id" doc:"The transfer request."`
}

type inboxTransferApproveInput struct {
	ID   uuid.UUID `path:"id" doc:"The transfer request."`
	Body struct {
		AgentID uuid.UUID `json:"agent_id,omitempty" doc:"Who gets the conversation; omit to use the agent the request names, or for 'any agent' the assignment rules."`
		Note    string    `json:"note,omitempty" maxLength:"500"`
	}
}

type inboxTransferDeclineInput struct {
	ID   uuid.UUID `path:"id" doc:"The transfer request."`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"Told to the agent who asked."`
	}
}

type inboxTransferOutput struct{ Body InboxTransferState }

type inboxReminderListInput struct {
	Scope string `query:"scope" enum:"today,all" default:"today" doc:"today: due by the end of today (company time zone), overdue included; all: every reminder not done."`
}

type inboxReminderListOutput struct {
	Body struct {
		Items []InboxReminderView `json:"items"`
	}
}

type inboxReminderCreateInput struct {
	ID   uuid.UUID `path:"id" doc:"The conversation."`
	Body struct {
		DueAt time.Time `json:"due_at" doc:"When to be reminded; in the future."`
		Note  string    `json:"note,omitempty" maxLength:"1000"`
	}
}

type inboxReminderInput struct {
	ID uuid.UUID `path:"id" doc:"The reminder."`
}

type inboxReminderOutput struct{ Body InboxReminderView }

type inboxColleagueListOutput struct {
	Body struct {
		Items []InboxColleagueView `json:"items"`
	}
}

type inboxAgentDashboardOutput struct{ Body InboxAgentDashboard }

// RegisterWorkflow adds transfer requests, reminders and the agent's
// dashboard: agents ask for transfers of their own conversations and admins
// decide; everyone keeps their own reminders.
func RegisterWorkflow(company, agent huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "inbox-transfer-list", Method: http.MethodGet, Path: "/transfer-requests", Summary: "Transfer requests",
		Description: "Pending requests, oldest first, then those decided in the last 7 days.",
	}, func(ctx context.Context, in *inboxTransferListInput) (*inboxTransferListOutput, error) {
		l, err := s.Transfers(ctx, identity.PrincipalFrom(ctx).CompanyID, uuid.Nil, uuid.Nil, in.Limit)
		if err != nil {
			return nil, err
		}
		return transferList(l), nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "inbox-transfer-approve", Method: http.MethodPost, Path: "/transfer-requests/{id}/approve", Summary: "Approve a transfer request",
		Description: "Reassigns the conversation (history and notifications included).", Errors: []int{404, 409, 422},
	}, func(ctx context.Context, in *inboxTransferApproveInput) (*inboxTransferOutput, error) {
		p := identity.PrincipalFrom(ctx)
		r, err := s.ApproveTransfer(ctx, p.CompanyID, p.UserID, in.ID, in.Body.AgentID, in.Body.Note)
		if err != nil {
			return nil, err
		}
		return &inboxTransferOutput{Body: transferState(r)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "inbox-transfer-decline", Method: http.MethodPost, Path: "/transfer-requests/{id}/decline", Summary: "Decline a transfer request",
		Description: "The agent who asked is notified with the reason.", Errors: []int{404, 409, 422},
	}, func(ctx context.Context, in *inboxTransferDeclineInput) (*inboxTransferOutput, error) {
		p := identity.PrincipalFrom(ctx)
		r, err := s.DeclineTransfer(ctx, p.CompanyID, p.UserID, in.ID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &inboxTransferOutput{Body: transferState(r)}, nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "inbox-agent-transfer-request", Method: http.MethodPost, Path: "/conversations/{id}/transfer-requests", Summary: "Ask to transfer one of my conversations",
		Description: "Company admins approve or decline; one pending request per conversation.", DefaultStatus: http.StatusCreated, Errors: []int{404, 409, 422},
	}, func(ctx context.Context, in *inboxTransferRequestInput) (*inboxTransferOutput, error) {
		p := identity.PrincipalFrom(ctx)
		r, err := s.RequestTransfer(ctx, p.CompanyID, p.UserID, in.ID, in.Body.ToAgentID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &inboxTransferOutput{Body: transferState(r)}, nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "inbox-agent-transfer-list", Method: http.MethodGet, Path: "/transfer-requests", Summary: "My transfer requests",
		Description: "Pending ones, then those decided in the last 7 days.",
	}, func(ctx context.Context, in *inboxAgentTransferListInput) (*inboxTransferListOutput, error) {
		p := identity.PrincipalFrom(ctx)
		l, err := s.Transfers(ctx, p.CompanyID, p.UserID, in.ConversationID, in.Limit)
		if err != nil {
			return nil, err
		}
		return transferList(l), nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "inbox-agent-transfer-cancel", Method: http.MethodPost, Path: "/transfer-requests/{id}/cancel", Summary: "Cancel my pending transfer request",
		Errors: []int{404, 409},
	}, func(ctx context.Context, in *inboxTransferInput) (*inboxTransferOutput, error) {
		p := identity.PrincipalFrom(ctx)
		r, err := s.CancelTransfer(ctx, p.CompanyID, p.UserID, in.ID)
		if err != nil {
			return nil, err
		}
		return &inboxTransferOutput{Body: transferState(r)}, nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "inbox-agent-colleague-list", Method: http.MethodGet, Path: "/colleagues", Summary: "Active agents I may transfer to",
	}, func(ctx context.Context, _ *struct{}) (*inboxColleagueListOutput, error) {
		p := identity.PrincipalFrom(ctx)
		set, err := s.Settings(ctx, p.CompanyID)
		if err != nil {
			return nil, err
		}
		l, err := s.Agents(ctx, p.CompanyID)
		if err != nil {
			return nil, err
		}
		out := &inboxColleagueListOutput{}
		out.Body.Items = []InboxColleagueView{}
		for _, a := range l {
			if a.Status != "active" || a.ID == p.UserID {
				continue
			}
			out.Body.Items = append(out.Body.Items, InboxColleagueView{ID: a.ID.String(), Name: a.Name, OpenCount: a.OpenCount,
				Available: set.MaxOpenPerAgent == 0 || a.OpenCount < set.MaxOpenPerAgent})
		}
		return out, nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "inbox-agent-dashboard", Method: http.MethodGet, Path: "/dashboard", Summary: "My figures",
	}, func(ctx context.Context, _ *struct{}) (*inboxAgentDashboardOutput, error) {
		p := identity.PrincipalFrom(ctx)
		c, err := s.Counts(ctx, p.CompanyID, p.UserID)
		if err != nil {
			return nil, err
		}
		return &inboxAgentDashboardOutput{Body: InboxAgentDashboard{OpenAssigned: c.OpenAssigned, AwaitingReply: c.AwaitingReply,
			RemindersDueToday: c.RemindersDueToday, SalesThisMonth: c.SalesThisMonth}}, nil
	})

	registerReminders(company, "inbox-reminder", false, s)
	registerReminders(agent, "inbox-agent-reminder", true, s)
}

func transferList(l []TransferRequest) *inboxTransferListOutput {
	out := &inboxTransferListOutput{}
	out.Body.Items = make([]InboxTransferView, len(l))
	for i, r := range l {
		out.Body.Items[i] = transferView(r)
	}
	return out
}

// registerReminders adds the caller's own reminders to a group; an agent
// (ownOnly) sets them only on conversations assigned to them.
func registerReminders(api huma.API, prefix string, ownOnly bool, s *Service) {
	huma.Register(api, huma.Operation{
		OperationID: prefix + "-list", Method: http.MethodGet, Path: "/reminders", Summary: "My reminders",
		Description: "Not done, soonest first: today's tasks (overdue included) or all of them.",
	}, func(ctx context.Context, in *inboxReminderListInput) (*inboxReminderListOutput, error) {
		p := identity.PrincipalFrom(ctx)
		var l []Reminder
		var err error
		if in.Scope == "all" {
			l, err = s.Upcoming(ctx, p.CompanyID, p.UserID, 200)
		} else {
			l, err = s.Tasks(ctx, p.CompanyID, p.UserID)
		}
		if err != nil {
			return nil, err
		}
		out := &inboxReminderListOutput{}
		out.Body.Items = make([]InboxReminderView, len(l))
		now := time.Now()
		for i, r := range l {
			out.Body.Items[i] = reminderView(r, now)
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "-create", Method: http.MethodPost, Path: "/conversations/{id}/reminders", Summary: "Set a reminder on a conversation",
		DefaultStatus: http.StatusCreated, Errors: []int{404, 422},
	}, func(ctx context.Context, in *inboxReminderCreateInput) (*inboxReminderOutput, error) {
		p := identity.PrincipalFrom(ctx)
		r, err := s.CreateReminder(ctx, p.CompanyID, p.UserID, in.ID, ownOnly, in.Body.DueAt, in.Body.Note)
		if err != nil {
			return nil, err
		}
		return &inboxReminderOutput{Body: reminderView(r, time.Now())}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "-done", Method: http.MethodPost, Path: "/reminders/{id}/done", Summary: "Mark my reminder done",
		Errors: []int{404},
	}, func(ctx context.Context, in *inboxReminderInput) (*inboxReminderOutput, error) {
		p := identity.PrincipalFrom(ctx)
		r, err := s.CompleteReminder(ctx, p.CompanyID, p.UserID, in.ID)
		if err != nil {
			return nil, err
		}
		return &inboxReminderOutput{Body: reminderView(r, time.Now())}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "-delete", Method: http.MethodDelete, Path: "/reminders/{id}", Summary: "Delete my reminder",
		DefaultStatus: http.StatusNoContent, Errors: []int{404},
	}, func(ctx context.Context, in *inboxReminderInput) (*struct{}, error) {
		p := identity.PrincipalFrom(ctx)
		return nil, s.DeleteReminder(ctx, p.CompanyID, p.UserID, in.ID)
	})
}
