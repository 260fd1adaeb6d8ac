package inbox

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/platform/identity"
)

// WorkspaceNoteView is an internal note: seen by the team, never by the customer.
type WorkspaceNoteView struct {
	ID         string    `json:"id"`
	AuthorID   string    `json:"author_id"`
	AuthorName string    `json:"author_name" doc:"Empty once the author is deleted."`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// WorkspaceSaleItemView is one line of a sale.
type WorkspaceSaleItemView struct {
	ProductID      *string `json:"product_id" nullable:"true" doc:"null: a free-text item, or a product deleted since."`
	Name           string  `json:"name"`
	Quantity       int32   `json:"quantity"`
	UnitPriceMinor int64   `json:"unit_price_minor" doc:"In minor units of the sale's currency."`
}

// WorkspaceSaleView is the sale that won a conversation.
type WorkspaceSaleView struct {
	ID            string                  `json:"id"`
	AmountMinor   int64                   `json:"amount_minor" doc:"In minor units of currency (sen for MYR)."`
	Currency      string                  `json:"currency"`
	PaymentMethod string                  `json:"payment_method" enum:"fpx,grabpay,touch_n_go,bank_transfer,card,cash,other"`
	Notes         string                  `json:"notes"`
	AgentID       *string                 `json:"agent_id" nullable:"true"`
	Items         []WorkspaceSaleItemView `json:"items"`
	CreatedAt     time.Time               `json:"created_at"`
}

// WorkspaceContactView is the customer as the chat sidebar shows them.
type WorkspaceContactView struct {
	ID                string    `json:"id"`
	Name              string    `json:"name"`
	Phone             string    `json:"phone"`
	Username          string    `json:"username"`
	ExternalID        string    `json:"external_id" doc:"The customer's id on the channel (Telegram chat id, WhatsApp number)."`
	LeadStatus        string    `json:"lead_status" enum:"new,contacted,qualified,proposal_sent,negotiation,won,lost"`
	Tags              []string  `json:"tags"`
	FirstSeenAt       time.Time `json:"first_seen_at"`
	LastInteractionAt time.Time `json:"last_interaction_at" doc:"The latest message of any of the customer's conversations."`
	ConversationCount int32     `json:"conversation_count"`
}

// WorkspaceView is a conversation's sidebar: the conversation, its customer, its agent and, once won, the sale.
type WorkspaceView struct {
	ID                string               `json:"id"`
	Channel           string               `json:"channel" enum:"telegram,whatsapp"`
	Status            string               `json:"status" enum:"open,closed"`
	Category          string               `json:"category"`
	Outcome           string               `json:"outcome" doc:"won, lost, or empty while open or when closed without an outcome."`
	LostReason        string               `json:"lost_reason"`
	ClosedAt          *time.Time           `json:"closed_at" nullable:"true"`
	ClosedByName      string               `json:"closed_by_name"`
	AssignedAgentID   *string              `json:"assigned_agent_id" nullable:"true"`
	AssignedAgentName string               `json:"assigned_agent_name"`
	AssignedAt        *time.Time           `json:"assigned_at" nullable:"true"`
	MessageCount      int32                `json:"message_count" doc:"Messages in this conversation."`
	CreatedAt         time.Time            `json:"created_at"`
	LastMessageAt     time.Time            `json:"last_message_at"`
	Contact           WorkspaceContactView `json:"contact"`
	Sale              *WorkspaceSaleView   `json:"sale,omitempty" doc:"Only once the conversation is won."`
}

func workspaceView(w Workspace) WorkspaceView {
	tags := w.Tags
	if tags == nil {
		tags = []string{}
	}
	v := WorkspaceView{ID: w.ID.String(), Channel: w.Channel, Status: w.Status, Category: w.Category, Outcome: w.Outcome, LostReason: w.LostReason,
		ClosedAt: w.ClosedAt, ClosedByName: w.ClosedByName, AssignedAgentID: idPtr(w.AssignedAgentID), AssignedAgentName: w.AssignedAgentName,
		AssignedAt: w.AssignedAt, MessageCount: w.MessageCount, CreatedAt: w.CreatedAt, LastMessageAt: w.LastMessageAt,
		Contact: WorkspaceContactView{ID: w.ContactID.String(), Name: w.ContactName, Phone: w.ContactPhone, Username: w.ContactUsername,
			ExternalID: w.ContactExternalID, LeadStatus: w.LeadStatus, Tags: tags, FirstSeenAt: w.FirstSeenAt, LastInteractionAt: w.LastInteractionAt,
			ConversationCount: w.ConversationCount}}
	if s := w.Sale; s != nil {
		sv := &WorkspaceSaleView{ID: s.ID.String(), AmountMinor: s.AmountMinor, Currency: s.Currency, PaymentMethod: s.PaymentMethod, Notes: s.Notes,
			AgentID: idPtr(s.AgentID), Items: make([]WorkspaceSaleItemView, len(s.Items)), CreatedAt: s.CreatedAt}
		for i, it := range s.Items {
			sv.Items[i] = WorkspaceSaleItemView{ProductID: idPtr(it.ProductID), Name: it.Name, Quantity: it.Quantity, UnitPriceMinor: it.UnitPriceMinor}
		}
		v.Sale = sv
	}
	return v
}

func noteView(n Note) WorkspaceNoteView {
	return WorkspaceNoteView{ID: n.ID.String(), AuthorID: n.AuthorID.String(), AuthorName: n.AuthorName, Body: n.Body, CreatedAt: n.CreatedAt}
}

type workspaceInput struct {
	ID uuid.UUID `path:"id"`
}

type workspaceOutput struct{ Body WorkspaceView }

type workspaceNoteListOutput struct {
	Body struct {
		Items []WorkspaceNoteView `json:"items"`
	}
}

type workspaceNoteAddInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Body string `json:"body" minLength:"1" maxLength:"5000" doc:"Seen by the team only; never sent to the customer."`
	}
}

type workspaceNoteOutput struct{ Body WorkspaceNoteView }

type workspaceLeadStatusInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		LeadStatus string `json:"lead_status" enum:"new,contacted,qualified,proposal_sent,negotiation,won,lost"`
	}
}

type workspaceTagsInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Tags []string `json:"tags" maxItems:"20" doc:"At most 20 tags of 1 to 40 characters; trimmed, repeats dropped."`
	}
}

type workspaceCategoryInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Category string `json:"category" maxLength:"100" doc:"What the chat is about; matched against agents' expertise. Empty clears it."`
	}
}

// WorkspaceSaleItemInput is one line of a completed sale: a catalog product or free text.
type WorkspaceSaleItemInput struct {
	ProductID *uuid.UUID `json:"product_id,omitempty" nullable:"true" doc:"A product of the company's catalog; omit for a free-text item."`
	Name      string     `json:"name,omitempty" maxLength:"200" doc:"Required for a free-text item; defaults to the product's name."`
	Quantity  int32      `json:"quantity" minimum:"1" maximum:"1000000"`
	UnitPrice string     `json:"unit_price,omitempty" maxLength:"30" doc:"Decimal in the company currency, like 49.90; defaults to the product's price."`
}

type workspaceCompleteInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Amount        string                   `json:"amount" maxLength:"30" doc:"The sale's total, a decimal in the company currency, like 1299.00 (converted exactly to minor units)."`
		Items         []WorkspaceSaleItemInput `json:"items,omitempty" maxItems:"100"`
		PaymentMethod string                   `json:"payment_method" enum:"fpx,grabpay,touch_n_go,bank_transfer,card,cash,other"`
		Notes         string                   `json:"notes,omitempty" maxLength:"5000" doc:"What made the sale; kept for learning."`
	}
}

type workspaceLostInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"1000"`
	}
}

// RegisterWorkspace adds the chat workspace: notes, the customer sidebar, and
// ending a conversation (won, lost, closed), for company admins (any
// conversation of the company) and agents (only their own; others are not
// found). Admins may also send a conversation back to the queue.
func RegisterWorkspace(company, agent huma.API, s *Service) {
	for _, g := range []struct {
		api    huma.API
		prefix string
		admin  bool
	}{{company, "workspace-", true}, {agent, "agent-workspace-", false}} {
		registerWorkspace(g.api, g.prefix, g.admin, s)
	}

	huma.Register(company, huma.Operation{
		OperationID: "workspace-unassign", Method: http.MethodDelete, Path: "/conversations/{id}/assignment", Summary: "Send a conversation back to the queue",
		Description: "Recorded in the assignment history. Under automatic rules waiting chats go at once to agents with room, never back to the agent this one left.",
		Errors:      []int{404, 409},
	}, func(ctx context.Context, in *workspaceInput) (*workspaceOutput, error) {
		p := identity.PrincipalFrom(ctx)
		w, err := s.Unassign(ctx, p.CompanyID, p.UserID, in.ID)
		if err != nil {
			return nil, err
		}
		return &workspaceOutput{Body: workspaceView(w)}, nil
	})
}

func registerWorkspace(api huma.API, prefix string, admin bool, s *Service) {
	actor := func(ctx context.Context) Actor {
		p := identity.PrincipalFrom(ctx)
		return Actor{CompanyID: p.CompanyID, UserID: p.UserID, Admin: admin}
	}
	result := func(w Workspace, err error) (*workspaceOutput, error) {
		if err != nil {
			return nil, err
		}
		return &workspaceOutput{Body: workspaceView(w)}, nil
	}

	huma.Register(api, huma.Operation{
		OperationID: prefix + "get", Method: http.MethodGet, Path: "/conversations/{id}/workspace", Summary: "A conversation's customer sidebar",
		Errors: []int{404},
	}, func(ctx context.Context, in *workspaceInput) (*workspaceOutput, error) {
		return result(s.Workspace(ctx, actor(ctx), in.ID))
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "note-list", Method: http.MethodGet, Path: "/conversations/{id}/notes", Summary: "A conversation's internal notes, oldest first",
		Errors: []int{404},
	}, func(ctx context.Context, in *workspaceInput) (*workspaceNoteListOutput, error) {
		l, err := s.Notes(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, err
		}
		out := &workspaceNoteListOutput{}
		out.Body.Items = make([]WorkspaceNoteView, len(l))
		for i, n := range l {
			out.Body.Items[i] = noteView(n)
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "note-add", Method: http.MethodPost, Path: "/conversations/{id}/notes", Summary: "Add an internal note",
		Description: "Seen by the team only; never sent to the customer.", DefaultStatus: http.StatusCreated, Errors: []int{404, 422},
	}, func(ctx context.Context, in *workspaceNoteAddInput) (*workspaceNoteOutput, error) {
		n, err := s.AddNote(ctx, actor(ctx), in.ID, in.Body.Body)
		if err != nil {
			return nil, err
		}
		return &workspaceNoteOutput{Body: noteView(n)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "lead-status-set", Method: http.MethodPut, Path: "/conversations/{id}/lead-status", Summary: "Move the customer through the pipeline",
		Description: "Each change is recorded with who made it.", Errors: []int{404, 422},
	}, func(ctx context.Context, in *workspaceLeadStatusInput) (*workspaceOutput, error) {
		return result(s.SetLeadStatus(ctx, actor(ctx), in.ID, in.Body.LeadStatus))
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "tags-set", Method: http.MethodPut, Path: "/conversations/{id}/tags", Summary: "Replace the customer's tags",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *workspaceTagsInput) (*workspaceOutput, error) {
		return result(s.SetTags(ctx, actor(ctx), in.ID, in.Body.Tags))
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "category-set", Method: http.MethodPut, Path: "/conversations/{id}/category", Summary: "Set what the conversation is about",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *workspaceCategoryInput) (*workspaceOutput, error) {
		return result(s.SetCategory(ctx, actor(ctx), in.ID, in.Body.Category))
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "complete", Method: http.MethodPost, Path: "/conversations/{id}/complete", Summary: "Complete a conversation with a sale",
		Description: "Records the sale in the company currency (products from the catalog or free text), closes the conversation as won and " +
			"moves the customer to won, in one transaction.", Errors: []int{404, 409, 422},
	}, func(ctx context.Context, in *workspaceCompleteInput) (*workspaceOutput, error) {
		b := in.Body
		c := Completion{Amount: b.Amount, PaymentMethod: b.PaymentMethod, Notes: b.Notes, Items: make([]SaleItemInput, len(b.Items))}
		for i, it := range b.Items {
			c.Items[i] = SaleItemInput{ProductID: it.ProductID, Name: it.Name, Quantity: it.Quantity, UnitPrice: it.UnitPrice}
		}
		return result(s.Complete(ctx, actor(ctx), in.ID, c))
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "lost", Method: http.MethodPost, Path: "/conversations/{id}/lost", Summary: "Close a conversation as lost",
		Description: "Keeps the reason and moves the customer to lost.", Errors: []int{404, 409, 422},
	}, func(ctx context.Context, in *workspaceLostInput) (*workspaceOutput, error) {
		return result(s.MarkLost(ctx, actor(ctx), in.ID, in.Body.Reason))
	})

	huma.Register(api, huma.Operation{
		OperationID: prefix + "close", Method: http.MethodPost, Path: "/conversations/{id}/close", Summary: "Close a conversation without an outcome",
		Description: "The customer's next message opens a new conversation.", Errors: []int{404, 409},
	}, func(ctx context.Context, in *workspaceInput) (*workspaceOutput, error) {
		return result(s.Close(ctx, actor(ctx), in.ID))
	})
}
