package channel

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/realtime"
)

// Ingest turns a stored webhook event into a message: find or create the
// contact, find or open a conversation, copy any media into the blob store and
// store the message. Running it again for the same event changes nothing.
func (s *Service) Ingest(ctx context.Context, companyID uuid.UUID, eventID int64) error {
	var ev dbgen.WebhookEvent
	var row dbgen.CompanyIntegration
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if ev, err = tx.WebhookEventGet(ctx, eventID); err != nil {
			return err
		}
		row, err = tx.IntegrationGet(ctx, ev.Channel)
		return err
	})
	if db.IsNotFound(err) {
		return nil // the company or its event is gone
	} else if err != nil {
		return fmt.Errorf("channel.Ingest: %w", err)
	}
	if ev.ProcessedAt != nil {
		return nil
	}
	p, err := s.provider(ev.Channel)
	if err != nil {
		return err
	}
	in, err := p.Parse(ev.Body)
	if err != nil || in.Ignore {
		return s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error { return tx.WebhookEventMarkProcessed(ctx, eventID) })
	}

	var mediaKey, mediaName, mediaMime, refused string
	if in.Media != nil {
		creds, err := s.credentials(companyID, row)
		if err != nil {
			return fmt.Errorf("channel.Ingest: %w", err)
		}
		rc, err := p.FetchMedia(ctx, creds, *in.Media)
		switch {
		case errors.Is(err, ErrRefusedAddress):
			// Never fetched, and trying again cannot help: the message is kept
			// as text saying so (with any caption) and the delivery log says why.
			refused = err.Error()
			note := "[" + in.Kind + " not downloaded: its link points inside our network]"
			in.Kind, in.Text = "text", strings.TrimSpace(note+"\n"+in.Text)
		case err != nil:
			return fmt.Errorf("channel.Ingest: fetch media: %w", err)
		default:
			// The key derives from the event, so a second run overwrites the same blob.
			mediaKey = "media/" + companyID.String() + "/in-" + ev.Channel + "-" + strconv.FormatInt(eventID, 10)
			err = s.blobs.Put(ctx, mediaKey, rc)
			rc.Close()
			if err != nil {
				return fmt.Errorf("channel.Ingest: store media: %w", err)
			}
			mediaName, mediaMime = truncate(in.Media.Name, 200), truncate(in.Media.Mime, 100)
		}
	}

	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		contact, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: companyID, Channel: ev.Channel, ExternalID: truncate(in.ExternalID, 100),
			Name: truncate(in.Name, 200), Phone: truncate(in.Phone, 30), Username: truncate(in.Username, 100)})
		if err != nil {
			return err
		}
		conv, err := tx.ConversationFindOpen(ctx, contact.ID)
		if db.IsNotFound(err) {
			conv, err = tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: companyID, ContactID: contact.ID, Channel: ev.Channel})
			if db.IsNotFound(err) { // opened concurrently
				conv, err = tx.ConversationFindOpen(ctx, contact.ID)
			} else if err == nil {
				conv, err = inbox.OnConversationOpened(ctx, tx, conv)
			}
		}
		if err != nil {
			return err
		}
		id := eventID
		msg, err := tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: companyID, ConversationID: conv.ID, Kind: in.Kind,
			Body: truncate(in.Text, 20000), MediaKey: mediaKey, MediaName: mediaName, MediaMime: mediaMime,
			ProviderMessageID: truncate(in.ProviderMessageID, 200), WebhookEventID: &id})
		if err == nil {
			err = realtime.Publish(ctx, tx.Tx, realtime.Event{Type: "message.created", CompanyID: companyID, IDs: []uuid.UUID{conv.ID, msg.ID}, AgentIDs: agentIDs(conv)})
		}
		if err == nil {
			err = s.enqueueAutoReply(ctx, tx, companyID, conv.ID, msg.ID)
		}
		if err != nil && !db.IsNotFound(err) {
			return err
		}
		if err := tx.ConversationTouch(ctx, conv.ID); err != nil {
			return err
		}
		if refused != "" && msg.ID != uuid.Nil {
			if err := logDelivery(ctx, tx, companyID, ev.Channel, "inbound", "rejected", 0, msg.ID, refused); err != nil {
				return err
			}
		}
		return tx.WebhookEventMarkProcessed(ctx, eventID)
	})
	if err != nil {
		return fmt.Errorf("channel.Ingest: %w", err)
	}
	return nil
}

// agentIDs names the agent who may see conv's events, if any.
func agentIDs(conv dbgen.Conversation) []uuid.UUID {
	if conv.AssignedAgentID.Valid {
		return []uuid.UUID{conv.AssignedAgentID.UUID}
	}
	return nil
}

// AutoReplyArgs asks the AI auto-reply (internal/ai/reply, which registers the
// worker) to consider answering a customer message. The type lives here so the
// ingest can enqueue it without depending on the reply engine.
type AutoReplyArgs struct {
	CompanyID      uuid.UUID `json:"company_id"`
	ConversationID uuid.UUID `json:"conversation_id"`
	MessageID      uuid.UUID `json:"message_id"`
}

// Kind implements river.JobArgs.
func (AutoReplyArgs) Kind() string { return "ai_auto_reply" }

// InsertOpts retries briefly: an answer minutes late is worse than a person answering.
func (AutoReplyArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

// enqueueAutoReply queues the auto-reply for a new customer message, in the
// ingest's transaction (after the conversation was opened and assigned), only
// for companies whose active model version has auto-reply on.
func (s *Service) enqueueAutoReply(ctx context.Context, tx *db.Tx, companyID, conversationID, messageID uuid.UUID) error {
	on, err := tx.AiAutoReplyEnabled(ctx, companyID)
	if db.IsNotFound(err) || (err == nil && !on) || s.jobs == nil {
		return nil
	} else if err != nil {
		return err
	}
	_, err = s.jobs.InsertTx(ctx, tx.Tx, AutoReplyArgs{CompanyID: companyID, ConversationID: conversationID, MessageID: messageID}, nil)
	return err
}
