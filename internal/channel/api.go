package channel

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
)

// IntegrationView is a channel's configuration for a company admin. The token is only ever masked.
type IntegrationView struct {
	Channel                 string     `json:"channel" enum:"telegram,whatsapp"`
	Status                  string     `json:"status" enum:"not_configured,configured,connected,error,revoked"`
	TokenMasked             string     `json:"token_masked" doc:"The token's last four characters, e.g. ****1234; empty when none is stored."`
	BaseURL                 string     `json:"base_url" doc:"OnSend API base URL; empty means https://onsend.io/api/v1."`
	BotUsername             string     `json:"bot_username"`
	DevicePhone             string     `json:"device_phone"`
	DeviceState             string     `json:"device_state" doc:"OnSend device state: connected, not_connected, connecting, disabled, disconnected, logged_out."`
	WebhookURL              string     `json:"webhook_url"`
	WebhookSecret           string     `json:"webhook_secret" doc:"WhatsApp: paste into OnSend (as ?secret= or the X-Webhook-Secret header). Telegram: empty, we register it with setWebhook."`
	PreviousSecretExpiresAt *time.Time `json:"previous_secret_expires_at" nullable:"true" doc:"Until when the replaced secret is still accepted."`
	SignatureHeader         string     `json:"signature_header" doc:"WhatsApp: header that must carry HMAC-SHA256 of the body, if set."`
	WebhookRegistered       bool       `json:"webhook_registered"`
	PendingUpdateCount      int32      `json:"pending_update_count"`
	LastOKAt                *time.Time `json:"last_ok_at" nullable:"true"`
	LastError               string     `json:"last_error"`
	LastErrorAt             *time.Time `json:"last_error_at" nullable:"true"`
	UpdatedAt               time.Time  `json:"updated_at"`
}

func integrationView(i Integration) IntegrationView {
	r := i.Row
	v := IntegrationView{Channel: r.Channel, Status: r.Status, TokenMasked: i.TokenMasked, BaseURL: r.BaseUrl, BotUsername: r.BotUsername,
		DevicePhone: r.DevicePhone, DeviceState: r.DeviceState, WebhookURL: i.WebhookURL, PreviousSecretExpiresAt: i.PreviousSecretExpiresAt,
		SignatureHeader: r.SignatureHeader, WebhookRegistered: r.WebhookRegistered, PendingUpdateCount: r.PendingUpdateCount,
		LastOKAt: r.LastOkAt, LastError: r.LastError, LastErrorAt: r.LastErrorAt, UpdatedAt: r.UpdatedAt}
	if r.Channel == "whatsapp" {
		v.WebhookSecret = i.WebhookSecret
	}
	return v
}

// IntegrationTestView is a connection test's outcome.
type IntegrationTestView struct {
	OK                 bool            `json:"ok"`
	Error              string          `json:"error" doc:"What went wrong, in the provider's words; never holds the token."`
	Username           string          `json:"username"`
	Phone              string          `json:"phone"`
	State              string          `json:"state"`
	WebhookURL         string          `json:"webhook_url" doc:"Telegram: where updates are delivered now."`
	PendingUpdateCount int             `json:"pending_update_count"`
	Integration        IntegrationView `json:"integration"`
}

// IntegrationDeliveryEntry is one webhook call or send.
type IntegrationDeliveryEntry struct {
	ID         int64     `json:"id"`
	Channel    string    `json:"channel"`
	Direction  string    `json:"direction" enum:"inbound,outbound"`
	Status     string    `json:"status" enum:"ok,duplicate,rejected,failed,retrying"`
	HTTPStatus int32     `json:"http_status"`
	MessageID  *string   `json:"message_id" nullable:"true"`
	Detail     string    `json:"detail"`
	CreatedAt  time.Time `json:"created_at"`
}

// IntegrationAuditEntry is one change to an integration.
type IntegrationAuditEntry struct {
	ID         int64          `json:"id"`
	Channel    string         `json:"channel"`
	Action     string         `json:"action"`
	ActorEmail string         `json:"actor_email"`
	IP         string         `json:"ip"`
	UserAgent  string         `json:"user_agent"`
	Metadata   map[string]any `json:"metadata"`
	CreatedAt  time.Time      `json:"created_at"`
}

// MessageView is one message in a conversation.
type MessageView struct {
	ID                string     `json:"id"`
	ConversationID    string     `json:"conversation_id"`
	Direction         string     `json:"direction" enum:"inbound,outbound"`
	Kind              string     `json:"kind"`
	Body              string     `json:"body"`
	HasMedia          bool       `json:"has_media"`
	MediaName         string     `json:"media_name"`
	MediaMime         string     `json:"media_mime"`
	Status            string     `json:"status" enum:"received,queued,sent,failed"`
	ProviderMessageID string     `json:"provider_message_id"`
	Error             string     `json:"error"`
	Attempts          int32      `json:"attempts"`
	CreatedAt         time.Time  `json:"created_at"`
	SentAt            *time.Time `json:"sent_at" nullable:"true"`
	ProductID         *string    `json:"product_id" nullable:"true" doc:"The product a card carried."`
	PackageID         *string    `json:"package_id" nullable:"true" doc:"The package a card carried."`
	LinkURL           string     `json:"link_url" doc:"A card's link (button on Telegram, after the caption on WhatsApp)."`
	AutoReply         bool       `json:"auto_reply" doc:"Sent by the AI auto-reply, not by a person."`
}

func messageView(m dbgen.Message) MessageView {
	return MessageView{ID: m.ID.String(), ConversationID: m.ConversationID.String(), Direction: m.Direction, Kind: m.Kind, Body: m.Body,
		HasMedia: m.MediaKey != "", MediaName: m.MediaName, MediaMime: m.MediaMime, Status: m.Status, ProviderMessageID: m.ProviderMessageID,
		Error: m.Error, Attempts: m.Attempts, CreatedAt: m.CreatedAt, SentAt: m.SentAt,
		ProductID: optionalID(m.ProductID), PackageID: optionalID(m.PackageID), LinkURL: m.LinkUrl, AutoReply: m.AutoReply}
}

func optionalID(id uuid.NullUUID) *string {
	if !id.Valid {
		return nil
	}
	s := id.UUID.String()
	return &s
}

type integrationListOutput struct {
	Body struct {
		Items []IntegrationView `json:"items"`
	}
}

type integrationSetTokenInput struct {
	Body struct {
		Token   string `json:"token" minLength:"8" maxLength:"512" doc:"Telegram bot token from @BotFather, or the OnSend device API token."`
		BaseURL string `json:"base_url,omitempty" maxLength:"300" doc:"OnSend only: another API base URL."`
	}
}

type integrationSignatureInput struct {
	Body struct {
		Header string `json:"header" maxLength:"64" doc:"Header carrying hex HMAC-SHA256(secret, body); empty to turn signature checking off."`
	}
}

type integrationOutput struct {
	Body IntegrationView
}

type integrationTestOutput struct {
	Body IntegrationTestView
}

type integrationTestWebhookOutput struct {
	Body struct {
		Status int    `json:"status" doc:"How our webhook endpoint answered (200 when stored)."`
		Answer string `json:"answer"`
	}
}

type integrationDeliveryLogInput struct {
	Channel string `query:"channel" enum:"telegram,whatsapp," doc:"Only this channel."`
	Limit   int32  `query:"limit" minimum:"1" maximum:"500" default:"100"`
}

type integrationDeliveryLogOutput struct {
	Body struct {
		Items []IntegrationDeliveryEntry `json:"items"`
	}
}

type integrationAuditLogInput struct {
	Limit int32 `query:"limit" minimum:"1" maximum:"500" default:"100"`
}

type integrationAuditLogOutput struct {
	Body struct {
		Items []IntegrationAuditEntry `json:"items"`
	}
}

type messageConversationInput struct {
	ID uuid.UUID `path:"id"`
}

type messageListOutput struct {
	Body struct {
		Items []MessageView `json:"items"`
	}
}

type messageReplyInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Text string `json:"text" minLength:"1" maxLength:"20000"`
	}
}

type messageReplyMediaInput struct {
	RawBody huma.MultipartFormFiles[struct {
		ConversationID string        `form:"conversation_id" required:"true" doc:"The conversation to reply in."`
		Caption        string        `form:"caption" maxLength:"4096"`
		File           huma.FormFile `form:"file" required:"true" doc:"An image, video or document, at most 16 MB."`
	}]
}

type messageIDInput struct {
	ID uuid.UUID `path:"id"`
}

type messageOutput struct {
	Body MessageView
}

func testView(r TestResult) IntegrationTestView {
	return IntegrationTestView{OK: r.Error == "" && r.Health.OK, Error: r.Error, Username: r.Health.Username, Phone: r.Health.Phone, State: r.Health.State,
		WebhookURL: r.Health.WebhookURL, PendingUpdateCount: r.Health.PendingUpdateCount, Integration: integrationView(r.Integration)}
}

// Register adds the company admin's integration and message operations.
func Register(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "integration-list", Method: http.MethodGet, Path: "/integrations", Summary: "List the channel integrations",
	}, func(ctx context.Context, _ *struct{}) (*integrationListOutput, error) {
		l, err := s.List(ctx, identity.PrincipalFrom(ctx).CompanyID)
		if err != nil {
			return nil, err
		}
		out := &integrationListOutput{}
		out.Body.Items = make([]IntegrationView, len(l))
		for i, v := range l {
			out.Body.Items[i] = integrationView(v)
		}
		return out, nil
	})

	for _, ch := range []string{"telegram", "whatsapp"} {
		base := "/integrations/" + ch
		huma.Register(company, huma.Operation{
			OperationID: "integration-" + ch + "-set-token", Method: http.MethodPut, Path: base + "/token", Summary: "Store the " + ch + " token (encrypted)",
			Errors: []int{422},
		}, func(ctx context.Context, in *integrationSetTokenInput) (*integrationOutput, error) {
			v, err := s.SetToken(ctx, identity.PrincipalFrom(ctx).CompanyID, ch, in.Body.Token, in.Body.BaseURL)
			if err != nil {
				return nil, err
			}
			return &integrationOutput{Body: integrationView(v)}, nil
		})
		huma.Register(company, huma.Operation{
			OperationID: "integration-" + ch + "-test", Method: http.MethodPost, Path: base + "/test", Summary: "Test the " + ch + " connection",
			Description: "Telegram: getMe and getWebhookInfo. WhatsApp: OnSend GET /status. Fails with conflict when no token is stored.",
			Errors:      []int{409},
		}, func(ctx context.Context, _ *struct{}) (*integrationTestOutput, error) {
			r, err := s.Test(ctx, identity.PrincipalFrom(ctx).CompanyID, ch)
			if err != nil {
				return nil, err
			}
			return &integrationTestOutput{Body: testView(r)}, nil
		})
		huma.Register(company, huma.Operation{
			OperationID: "integration-" + ch + "-connect", Method: http.MethodPost, Path: base + "/connect", Summary: "Connect " + ch + " to our webhook",
			Description: "Telegram: setWebhook with our URL, the secret token and allowed_updates, then a test. WhatsApp: a test (paste the URL and secret into OnSend).",
			Errors:      []int{409},
		}, func(ctx context.Context, _ *struct{}) (*integrationTestOutput, error) {
			r, err := s.Connect(ctx, identity.PrincipalFrom(ctx).CompanyID, ch)
			if err != nil {
				return nil, err
			}
			return &integrationTestOutput{Body: testView(r)}, nil
		})
		huma.Register(company, huma.Operation{
			OperationID: "integration-" + ch + "-send-test-webhook", Method: http.MethodPost, Path: base + "/send-test-webhook",
			Summary:     "Push a synthetic customer message through our " + ch + " webhook",
			Description: "Signed with the current secret, it goes through verification, storage and ingest like a real call. Fails with conflict when no token is stored.",
			Errors:      []int{409},
		}, func(ctx context.Context, _ *struct{}) (*integrationTestWebhookOutput, error) {
			r, err := s.SendTestWebhook(ctx, identity.PrincipalFrom(ctx).CompanyID, ch)
			if err != nil {
				return nil, err
			}
			out := &integrationTestWebhookOutput{}
			out.Body.Status, out.Body.Answer = r.Status, r.Answer
			return out, nil
		})
		huma.Register(company, huma.Operation{
			OperationID: "integration-" + ch + "-revoke", Method: http.MethodPost, Path: base + "/revoke", Summary: "Remove the " + ch + " credentials (and webhook)",
		}, func(ctx context.Context, _ *struct{}) (*integrationOutput, error) {
			v, err := s.Revoke(ctx, identity.PrincipalFrom(ctx).CompanyID, ch)
			if err != nil {
				return nil, err
			}
			return &integrationOutput{Body: integrationView(v)}, nil
		})
		huma.Register(company, huma.Operation{
			OperationID: "integration-" + ch + "-regenerate-secret", Method: http.MethodPost, Path: base + "/regenerate-secret",
			Summary: "Regenerate the " + ch + " webhook secret", Description: "The previous secret stays valid for a grace period (24 hours by default).",
		}, func(ctx context.Context, _ *struct{}) (*integrationOutput, error) {
			v, err := s.RegenerateSecret(ctx, identity.PrincipalFrom(ctx).CompanyID, ch)
			if err != nil {
				return nil, err
			}
			return &integrationOutput{Body: integrationView(v)}, nil
		})
	}

	huma.Register(company, huma.Operation{
		OperationID: "integration-whatsapp-set-signature", Method: http.MethodPut, Path: "/integrations/whatsapp/signature",
		Summary: "Require an HMAC-SHA256 signature on WhatsApp webhooks", Errors: []int{422},
	}, func(ctx context.Context, in *integrationSignatureInput) (*integrationOutput, error) {
		v, err := s.SetSignatureHeader(ctx, identity.PrincipalFrom(ctx).CompanyID, "whatsapp", in.Body.Header)
		if err != nil {
			return nil, err
		}
		return &integrationOutput{Body: integrationView(v)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "integration-delivery-log", Method: http.MethodGet, Path: "/integrations/delivery-log", Summary: "Recent webhook calls and sends",
	}, func(ctx context.Context, in *integrationDeliveryLogInput) (*integrationDeliveryLogOutput, error) {
		l, err := s.DeliveryLog(ctx, identity.PrincipalFrom(ctx).CompanyID, in.Channel, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &integrationDeliveryLogOutput{}
		out.Body.Items = make([]IntegrationDeliveryEntry, len(l))
		for i, e := range l {
			v := IntegrationDeliveryEntry{ID: e.ID, Channel: e.Channel, Direction: e.Direction, Status: e.Status, HTTPStatus: e.HttpStatus, Detail: e.Detail, CreatedAt: e.CreatedAt}
			if e.MessageID.Valid {
				id := e.MessageID.UUID.String()
				v.MessageID = &id
			}
			out.Body.Items[i] = v
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "integration-audit-log", Method: http.MethodGet, Path: "/integrations/audit-log", Summary: "Who changed the integrations",
	}, func(ctx context.Context, in *integrationAuditLogInput) (*integrationAuditLogOutput, error) {
		l, err := s.AuditLog(ctx, identity.PrincipalFrom(ctx).CompanyID, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &integrationAuditLogOutput{}
		out.Body.Items = make([]IntegrationAuditEntry, len(l))
		for i, e := range l {
			meta := map[string]any{}
			_ = json.Unmarshal(e.Metadata, &meta)
			out.Body.Items[i] = IntegrationAuditEntry{ID: e.ID, Channel: e.Channel, Action: e.Action, ActorEmail: e.ActorEmail, IP: e.Ip, UserAgent: e.UserAgent, Metadata: meta, CreatedAt: e.CreatedAt}
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "message-list", Method: http.MethodGet, Path: "/conversations/{id}/messages", Summary: "A conversation's messages", Errors: []int{404},
	}, func(ctx context.Context, in *messageConversationInput) (*messageListOutput, error) {
		l, err := s.Messages(ctx, identity.PrincipalFrom(ctx).CompanyID, in.ID)
		if err != nil {
			return nil, err
		}
		out := &messageListOutput{}
		out.Body.Items = make([]MessageView, len(l))
		for i, m := range l {
			out.Body.Items[i] = messageView(m)
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "message-reply", Method: http.MethodPost, Path: "/conversations/{id}/messages", Summary: "Reply in a conversation",
		Description: "Queues the message; it shows queued, then sent or failed.", DefaultStatus: http.StatusAccepted, Errors: []int{404, 422},
	}, func(ctx context.Context, in *messageReplyInput) (*messageOutput, error) {
		p := identity.PrincipalFrom(ctx)
		m, err := s.Reply(ctx, p.CompanyID, Person(p.UserID), in.ID, in.Body.Text)
		if err != nil {
			return nil, err
		}
		return &messageOutput{Body: messageView(m)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "message-media", Method: http.MethodGet, Path: "/messages/{id}/media", Summary: "A message's photo, document or voice note",
		Description: "Images are shown inline; anything else is a download. Sandboxed by Content-Security-Policy.", Errors: []int{404},
		Responses: map[string]*huma.Response{"200": {Description: "The media", Content: map[string]*huma.MediaType{"application/octet-stream": {}}}},
	}, func(ctx context.Context, in *messageIDInput) (*huma.StreamResponse, error) {
		rc, m, err := s.Media(ctx, identity.PrincipalFrom(ctx).CompanyID, in.ID)
		if err != nil {
			return nil, err
		}
		return mediaResponse(rc, m), nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "message-reply-media", Method: http.MethodPost, Path: "/messages/media", Summary: "Reply with an image, video or document",
		Description: "Multipart form: conversation_id, optional caption, file. Queued like a text reply.", DefaultStatus: http.StatusAccepted,
		MaxBodyBytes: MaxMediaBytes + 64<<10, Errors: []int{404, 413, 422},
	}, func(ctx context.Context, in *messageReplyMediaInput) (*messageOutput, error) {
		return replyMedia(ctx, s, in, Person(identity.PrincipalFrom(ctx).UserID), nil)
	})

	huma.Register(company, huma.Operation{
		OperationID: "message-retry", Method: http.MethodPost, Path: "/messages/{id}/retry", Summary: "Send a failed message again",
		DefaultStatus: http.StatusAccepted, Errors: []int{404, 409},
	}, func(ctx context.Context, in *messageIDInput) (*messageOutput, error) {
		m, err := s.Retry(ctx, identity.PrincipalFrom(ctx).CompanyID, in.ID)
		if err != nil {
			return nil, err
		}
		return &messageOutput{Body: messageView(m)}, nil
	})
}

// mediaResponse streams a message's media: images inline, anything else as a download, sandboxed.
func mediaResponse(rc io.ReadCloser, m dbgen.Message) *huma.StreamResponse {
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		defer rc.Close()
		head := make([]byte, 512)
		n, _ := io.ReadFull(rc, head)
		ct := http.DetectContentType(head[:n])
		hctx.SetHeader("Content-Type", ct)
		hctx.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox")
		hctx.SetHeader("X-Content-Type-Options", "nosniff")
		hctx.SetHeader("Cache-Control", "private, max-age=3600")
		if !strings.HasPrefix(ct, "image/") {
			name := m.MediaName
			if name == "" {
				name = m.Kind
			}
			hctx.SetHeader("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		}
		w := hctx.BodyWriter()
		_, _ = w.Write(head[:n])
		_, _ = io.Copy(w, rc)
	}}
}

// RegisterAgent adds an agent's message operations; a conversation not
// assigned to the caller is not found.
func RegisterAgent(agent huma.API, s *Service, in *inbox.Service) {
	huma.Register(agent, huma.Operation{
		OperationID: "agent-message-list", Method: http.MethodGet, Path: "/conversations/{id}/messages", Summary: "Messages of one of my conversations", Errors: []int{404},
	}, func(ctx context.Context, req *messageConversationInput) (*messageListOutput, error) {
		p := identity.PrincipalFrom(ctx)
		if _, err := in.AgentConversation(ctx, p.CompanyID, p.UserID, req.ID); err != nil {
			return nil, err
		}
		l, err := s.Messages(ctx, p.CompanyID, req.ID)
		if err != nil {
			return nil, err
		}
		out := &messageListOutput{}
		out.Body.Items = make([]MessageView, len(l))
		for i, m := range l {
			out.Body.Items[i] = messageView(m)
		}
		return out, nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "agent-message-reply", Method: http.MethodPost, Path: "/conversations/{id}/messages", Summary: "Reply in one of my conversations",
		DefaultStatus: http.StatusAccepted, Errors: []int{404, 422},
	}, func(ctx context.Context, req *messageReplyInput) (*messageOutput, error) {
		p := identity.PrincipalFrom(ctx)
		m, err := s.Reply(ctx, p.CompanyID, Agent(p.UserID), req.ID, req.Body.Text)
		if err != nil {
			return nil, err
		}
		return &messageOutput{Body: messageView(m)}, nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "agent-message-reply-media", Method: http.MethodPost, Path: "/messages/media", Summary: "Reply with an image, video or document in one of my conversations",
		Description: "Multipart form: conversation_id, optional caption, file. Queued like a text reply.", DefaultStatus: http.StatusAccepted,
		MaxBodyBytes: MaxMediaBytes + 64<<10, Errors: []int{404, 413, 422},
	}, func(ctx context.Context, req *messageReplyMediaInput) (*messageOutput, error) {
		p := identity.PrincipalFrom(ctx)
		return replyMedia(ctx, s, req, Agent(p.UserID), func(convID uuid.UUID) error {
			_, err := in.AgentConversation(ctx, p.CompanyID, p.UserID, convID)
			return err
		})
	})

	huma.Register(agent, huma.Operation{
		OperationID: "agent-message-media", Method: http.MethodGet, Path: "/messages/{id}/media", Summary: "Media of a message in one of my conversations",
		Errors:    []int{404},
		Responses: map[string]*huma.Response{"200": {Description: "The media", Content: map[string]*huma.MediaType{"application/octet-stream": {}}}},
	}, func(ctx context.Context, req *messageIDInput) (*huma.StreamResponse, error) {
		p := identity.PrincipalFrom(ctx)
		rc, m, err := s.Media(ctx, p.CompanyID, req.ID)
		if err != nil {
			return nil, err
		}
		if _, err := in.AgentConversation(ctx, p.CompanyID, p.UserID, m.ConversationID); err != nil {
			rc.Close()
			return nil, apperr.NotFound("message")
		}
		return mediaResponse(rc, m), nil
	})
}

// replyMedia sends a multipart reply from the sender; check, when set, refuses
// a conversation before the file is read.
func replyMedia(ctx context.Context, s *Service, in *messageReplyMediaInput, from Sender, check func(convID uuid.UUID) error) (*messageOutput, error) {
	form := in.RawBody.Data()
	convID, err := uuid.Parse(form.ConversationID)
	if err != nil {
		return nil, apperr.Invalid("body.conversation_id", "not a conversation id")
	}
	if check != nil {
		if err := check(convID); err != nil {
			return nil, err
		}
	}
	if !form.File.IsSet {
		return nil, apperr.Invalid("body.file", "choose a file to send")
	}
	data, err := io.ReadAll(io.LimitReader(form.File, MaxMediaBytes+1))
	if err != nil {
		return nil, err
	}
	m, err := s.ReplyMedia(ctx, identity.PrincipalFrom(ctx).CompanyID, from, convID, form.Caption, form.File.Filename, data)
	if err != nil {
		return nil, err
	}
	return &messageOutput{Body: messageView(m)}, nil
}
