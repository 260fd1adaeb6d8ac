package notify

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/identity"
)

// NotificationView is one stored notification.
type NotificationView struct {
	ID             string     `json:"id"`
	Kind           string     `json:"kind" doc:"assigned, moved_away, transfer_requested, transfer_approved, transfer_declined or reminder."`
	Title          string     `json:"title"`
	Body           string     `json:"body"`
	ConversationID *string    `json:"conversation_id" nullable:"true" doc:"The conversation it is about, if any."`
	ReadAt         *time.Time `json:"read_at" nullable:"true"`
	CreatedAt      time.Time  `json:"created_at"`
}

func view(n dbgen.Notification) NotificationView {
	v := NotificationView{ID: n.ID.String(), Kind: n.Kind, Title: n.Title, Body: n.Body, ReadAt: n.ReadAt, CreatedAt: n.CreatedAt}
	if n.ConversationID.Valid {
		s := n.ConversationID.UUID.String()
		v.ConversationID = &s
	}
	return v
}

type notificationListInput struct {
	Limit  int32     `query:"limit" minimum:"1" maximum:"100" default:"20"`
	Before uuid.UUID `query:"before" doc:"The id of the last notification of the previous page."`
}

type notificationListOutput struct {
	Body struct {
		Items  []NotificationView `json:"items"`
		Unread int32              `json:"unread" doc:"The caller's unread notifications, all pages."`
		More   bool               `json:"more" doc:"Older notifications follow."`
	}
}

type notificationInput struct {
	ID uuid.UUID `path:"id"`
}

type notificationOutput struct{ Body NotificationView }

type notificationReadAllOutput struct {
	Body struct {
		Marked int64 `json:"marked"`
	}
}

// Register adds the caller's own notifications to both the company admin's
// and the agent's groups; nobody ever reaches another user's.
func Register(company, agent huma.API, s *Service) {
	for _, g := range []struct {
		api    huma.API
		prefix string
	}{{company, "company-"}, {agent, "agent-"}} {
		huma.Register(g.api, huma.Operation{
			OperationID: g.prefix + "notification-list", Method: http.MethodGet, Path: "/notifications", Summary: "My notifications",
			Description: "Newest first, with the unread count.",
		}, func(ctx context.Context, in *notificationListInput) (*notificationListOutput, error) {
			p := identity.PrincipalFrom(ctx)
			page, err := s.List(ctx, p.CompanyID, p.UserID, in.Limit, in.Before)
			if err != nil {
				return nil, err
			}
			out := &notificationListOutput{}
			out.Body.Items = make([]NotificationView, len(page.Items))
			for i, n := range page.Items {
				out.Body.Items[i] = view(n)
			}
			out.Body.Unread, out.Body.More = page.Unread, page.More
			return out, nil
		})

		huma.Register(g.api, huma.Operation{
			OperationID: g.prefix + "notification-read", Method: http.MethodPost, Path: "/notifications/{id}/read", Summary: "Mark a notification read",
			Errors: []int{404},
		}, func(ctx context.Context, in *notificationInput) (*notificationOutput, error) {
			p := identity.PrincipalFrom(ctx)
			n, err := s.MarkRead(ctx, p.CompanyID, p.UserID, in.ID)
			if err != nil {
				return nil, err
			}
			return &notificationOutput{Body: view(n)}, nil
		})

		huma.Register(g.api, huma.Operation{
			OperationID: g.prefix + "notification-read-all", Method: http.MethodPost, Path: "/notifications/read", Summary: "Mark all my notifications read",
		}, func(ctx context.Context, _ *struct{}) (*notificationReadAllOutput, error) {
			p := identity.PrincipalFrom(ctx)
			n, err := s.MarkAllRead(ctx, p.CompanyID, p.UserID)
			if err != nil {
				return nil, err
			}
			out := &notificationReadAllOutput{}
			out.Body.Marked = n
			return out, nil
		})
	}
}
