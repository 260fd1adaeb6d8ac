package channel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/realtime"
	"github.com/sembang/sembang/internal/storage"
)

// DeliverArgs is the job that sends one outbound message.
type DeliverArgs struct {
	CompanyID uuid.UUID `json:"company_id"`
	MessageID uuid.UUID `json:"message_id"`
}

// Kind names the job for River.
func (DeliverArgs) Kind() string { return "channel_deliver" }

// MaxDeliverAttempts is how often a send is tried before the message fails.
const MaxDeliverAttempts = 6

// InsertOpts gives delivery its attempts.
func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxDeliverAttempts}
}

// DeliverWorker runs Service.Deliver.
type DeliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	Service *Service
}

// Work sends one message. A temporary failure with the provider's
// retry_after snoozes the job for that long; other temporary failures return
// an error so River retries with backoff.
func (w *DeliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	retryAfter, err := w.Service.Deliver(ctx, job.Args.CompanyID, job.Args.MessageID, job.Attempt >= job.MaxAttempts)
	if errors.Is(err, ErrPaced) {
		return river.JobSnooze(retryAfter)
	}
	if err != nil && retryAfter > 0 {
		return river.JobSnooze(retryAfter)
	}
	return err
}

// Deliver sends a queued message with the company's decrypted credentials and
// records sent (with the provider's id) or failed (with the reason). A
// temporary failure (429, 5xx, network) returns an error and the provider's
// retry_after, unless final, when the message is marked failed. A message no
// longer queued is left alone, so a repeated job never sends twice.
func (s *Service) Deliver(ctx context.Context, companyID, messageID uuid.UUID, final bool) (time.Duration, error) {
	var msg dbgen.Message
	var contact dbgen.Contact
	var row dbgen.CompanyIntegration
	var country string
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if msg, err = tx.MessageGet(ctx, messageID); err != nil {
			return err
		}
		conv, err := tx.ConversationGet(ctx, msg.ConversationID)
		if err != nil {
			return err
		}
		if contact, err = tx.ContactGet(ctx, conv.ContactID); err != nil {
			return err
		}
		if settings, err := tx.CompanySettingsGet(ctx, companyID); err == nil {
			country = settings.Country
		}
		row, err = tx.IntegrationGet(ctx, conv.Channel)
		if db.IsNotFound(err) {
			row = dbgen.CompanyIntegration{Channel: conv.Channel}
			err = nil
		}
		return err
	})
	if db.IsNotFound(err) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("channel.Deliver: %w", err)
	}
	if msg.Status != "queued" {
		return 0, nil
	}
	p, err := s.provider(row.Channel)
	if err != nil {
		return 0, s.fail(ctx, companyID, msg, row.Channel, &SendError{Description: err.Error()})
	}
	creds, err := s.credentials(companyID, row)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			return 0, s.fail(ctx, companyID, msg, row.Channel, &SendError{Description: ae.Message})
		}
		return 0, err
	}
	out := Outbound{To: contact.ExternalID, Kind: msg.Kind, Text: msg.Body, Name: msg.MediaName, Mime: msg.MediaMime,
		LinkURL: msg.LinkUrl, LinkText: msg.LinkText}
	if row.Channel == "whatsapp" {
		out.To = NormalizePhone(contact.ExternalID, country)
	}
	if msg.MediaKey != "" {
		key := msg.MediaKey
		out.Media = func() (io.ReadCloser, error) { return s.blobs.Open(ctx, key) }
		out.MediaURL = s.MediaURL(key)
	}
	if wait, err := s.reserve(ctx, companyID, s.paceKeys(companyID, row.Channel, out.To)); err != nil {
		return 0, err
	} else if wait > 0 {
		return wait, ErrPaced
	}
	providerID, sendErr := p.Send(ctx, creds, out)
	if sendErr == nil {
		return 0, s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			if _, err := tx.MessageMarkSent(ctx, dbgen.MessageMarkSentParams{ID: msg.ID, ProviderMessageID: providerID}); err != nil {
				return err
			}
			if err := publishMessage(ctx, tx, "message.updated", companyID, msg); err != nil {
				return err
			}
			if _, err := tx.IntegrationRecordOK(ctx, dbgen.IntegrationRecordOKParams{Channel: row.Channel, PendingUpdateCount: row.PendingUpdateCount}); err != nil && !db.IsNotFound(err) {
				return err
			}
			return logDelivery(ctx, tx, companyID, row.Channel, "outbound", "ok", http.StatusOK, msg.ID, "sent as "+providerID)
		})
	}
	var se *SendError
	if !errors.As(sendErr, &se) {
		se = &SendError{Description: sendErr.Error()}
	}
	if se.Temporary() && !final {
		err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			if err := tx.MessageRecordAttempt(ctx, dbgen.MessageRecordAttemptParams{ID: msg.ID, Error: truncate(se.Error(), 500)}); err != nil {
				return err
			}
			return logDelivery(ctx, tx, companyID, row.Channel, "outbound", "retrying", se.Status, msg.ID, se.Error())
		})
		if err != nil {
			return 0, err
		}
		return se.RetryAfter, fmt.Errorf("channel.Deliver: %w", se)
	}
	return 0, s.fail(ctx, companyID, msg, row.Channel, se)
}

// publishMessage tells browsers (after commit) that a conversation's message changed.
func publishMessage(ctx context.Context, tx *db.Tx, typ string, companyID uuid.UUID, m dbgen.Message) error {
	conv, err := tx.ConversationGet(ctx, m.ConversationID)
	if err != nil {
		return err
	}
	return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: typ, CompanyID: companyID, IDs: []uuid.UUID{m.ConversationID, m.ID}, AgentIDs: agentIDs(conv)})
}

// ErrPaced is returned by Deliver when the send must wait for its slot; nothing was sent.
var ErrPaced = errors.New("channel: paced, try again after the returned wait")

func (s *Service) paceKeys(companyID uuid.UUID, ch, to string) map[string]time.Duration {
	pc := s.set.Pacing
	if ch == "telegram" {
		return map[string]time.Duration{"tg-chat/" + companyID.String() + "/" + to: pc.TelegramPerChat, "tg-bot/" + companyID.String(): pc.TelegramPerBot}
	}
	return map[string]time.Duration{"onsend/" + companyID.String(): pc.OnSendPerDevice}
}

// fail marks the message failed with the provider's reason. Only a refusal of
// the credentials or account (a revoked bot token, OnSend's 401/403) puts the
// integration in error; a refusal about one chat (the customer blocked the
// bot, the chat is gone) fails just this message.
func (s *Service) fail(ctx context.Context, companyID uuid.UUID, msg dbgen.Message, ch string, se *SendError) error {
	status, reason := se.Status, se.Error()
	return s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := tx.MessageMarkFailed(ctx, dbgen.MessageMarkFailedParams{ID: msg.ID, Error: truncate(reason, 500)}); err != nil {
			return err
		}
		if err := publishMessage(ctx, tx, "message.updated", companyID, msg); err != nil {
			return err
		}
		if se.AccountError() {
			if err := tx.IntegrationRecordError(ctx, dbgen.IntegrationRecordErrorParams{Channel: ch, LastError: truncate(reason, 500)}); err != nil {
				return err
			}
		}
		return logDelivery(ctx, tx, companyID, ch, "outbound", "failed", status, msg.ID, reason)
	})
}

// MediaURL is an expiring URL a provider can fetch an outbound blob from, "" without a signer.
func (s *Service) MediaURL(key string) string {
	if s.set.Signer == nil {
		return ""
	}
	return s.set.Signer.URL(key, time.Hour)
}

// MaxMediaBytes is the largest file a reply can carry (Telegram bots upload up to 50 MB, OnSend less).
const MaxMediaBytes = 16 << 20

// ReplyMedia stores a file in the blob store and queues it (an image, video or
// document by its sniffed type, with an optional caption) with its delivery job.
// Returns ENOTFOUND for an unknown conversation, EINVALID for an empty or too large file.
func (s *Service) ReplyMedia(ctx context.Context, companyID uuid.UUID, from Sender, conversationID uuid.UUID, caption, name string, data []byte) (dbgen.Message, error) {
	if len(data) == 0 {
		return dbgen.Message{}, apperr.Invalid("body.file", "choose a file to send")
	}
	if len(data) > MaxMediaBytes {
		return dbgen.Message{}, apperr.Invalid("body.file", "the file is larger than 16 MB")
	}
	mimeType := http.DetectContentType(data)
	kind := "document"
	switch {
	case strings.HasPrefix(mimeType, "image/") && mimeType != "image/svg+xml":
		kind = "image"
	case strings.HasPrefix(mimeType, "video/"):
		kind = "video"
	}
	var msg dbgen.Message
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		conv, err := from.conversation(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		key := "media/" + companyID.String() + "/out-" + uuid.NewString()
		if err := s.blobs.Put(ctx, key, bytes.NewReader(data)); err != nil {
			return err
		}
		if msg, err = tx.MessageInsertOutbound(ctx, dbgen.MessageInsertOutboundParams{CompanyID: companyID, ConversationID: conv.ID, Kind: kind,
			Body: caption, MediaKey: key, MediaName: truncate(name, 200), MediaMime: mimeType, SenderUserID: from.userID()}); err != nil {
			return err
		}
		if err := tx.ConversationTouch(ctx, conv.ID); err != nil {
			return err
		}
		if err := publishMessage(ctx, tx, "message.created", companyID, msg); err != nil {
			return err
		}
		return s.enqueueDelivery(ctx, tx, companyID, msg.ID)
	})
	if err != nil {
		return dbgen.Message{}, fmt.Errorf("channel.ReplyMedia: %w", err)
	}
	return msg, nil
}

// Reply queues a text message in a conversation together with its delivery job.
// Returns ENOTFOUND for a conversation of another company or none, EINVALID for empty text.
func (s *Service) Reply(ctx context.Context, companyID uuid.UUID, from Sender, conversationID uuid.UUID, text string) (dbgen.Message, error) {
	if text == "" {
		return dbgen.Message{}, apperr.Invalid("body.text", "write something to send")
	}
	var msg dbgen.Message
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		msg, err = s.ReplyTx(ctx, tx, companyID, from, conversationID, text)
		return err
	})
	if err != nil {
		return dbgen.Message{}, fmt.Errorf("channel.Reply: %w", err)
	}
	return msg, nil
}

// ReplyTx is Reply inside the caller's transaction, for a sender that records
// more with the message (the auto-reply marks it as the bot's).
func (s *Service) ReplyTx(ctx context.Context, tx *db.Tx, companyID uuid.UUID, from Sender, conversationID uuid.UUID, text string) (dbgen.Message, error) {
	if text == "" {
		return dbgen.Message{}, apperr.Invalid("body.text", "write something to send")
	}
	conv, err := from.conversation(ctx, tx, conversationID)
	if err != nil {
		return dbgen.Message{}, err
	}
	msg, err := tx.MessageInsertOutbound(ctx, dbgen.MessageInsertOutboundParams{CompanyID: companyID, ConversationID: conv.ID, Kind: "text", Body: text,
		SenderUserID: from.userID()})
	if err != nil {
		return msg, err
	}
	if err := tx.ConversationTouch(ctx, conv.ID); err != nil {
		return msg, err
	}
	if err := publishMessage(ctx, tx, "message.created", companyID, msg); err != nil {
		return msg, err
	}
	return msg, s.enqueueDelivery(ctx, tx, companyID, msg.ID)
}

func (s *Service) enqueueDelivery(ctx context.Context, tx *db.Tx, companyID, messageID uuid.UUID) error {
	if s.jobs == nil {
		return errors.New("no job queue")
	}
	_, err := s.jobs.InsertTx(ctx, tx.Tx, DeliverArgs{CompanyID: companyID, MessageID: messageID}, nil)
	return err
}

// Retry queues a failed message again. Returns ENOTFOUND, or ECONFLICT for a message that has not failed.
func (s *Service) Retry(ctx context.Context, companyID, messageID uuid.UUID) (dbgen.Message, error) {
	var msg dbgen.Message
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		cur, err := tx.MessageGetForUpdate(ctx, messageID)
		if db.IsNotFound(err) {
			return apperr.NotFound("message")
		} else if err != nil {
			return err
		}
		if cur.Direction != "outbound" || cur.Status != "failed" {
			return apperr.New(apperr.ECONFLICT, "only a failed outbound message can be retried")
		}
		if msg, err = tx.MessageRequeue(ctx, messageID); err != nil {
			return err
		}
		return s.enqueueDelivery(ctx, tx, companyID, msg.ID)
	})
	if err != nil {
		return dbgen.Message{}, fmt.Errorf("channel.Retry: %w", err)
	}
	return msg, nil
}

// MessagePage is how many of a conversation's latest messages the chat shows.
const MessagePage = 500

// Messages lists a conversation's latest messages, oldest first. Returns ENOTFOUND.
func (s *Service) Messages(ctx context.Context, companyID, conversationID uuid.UUID) ([]dbgen.Message, error) {
	var out []dbgen.Message
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := tx.ConversationGet(ctx, conversationID); db.IsNotFound(err) {
			return apperr.NotFound("conversation")
		} else if err != nil {
			return err
		}
		var err error
		out, err = tx.MessageListByConversation(ctx, dbgen.MessageListByConversationParams{CompanyID: companyID, ConversationID: conversationID, Lim: MessagePage})
		slices.Reverse(out)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("channel.Messages: %w", err)
	}
	return out, nil
}

// Media opens a message's stored media with its name and type. Returns ENOTFOUND
// for a message of another company, without media, or whose blob is gone.
func (s *Service) Media(ctx context.Context, companyID, messageID uuid.UUID) (io.ReadCloser, dbgen.Message, error) {
	var msg dbgen.Message
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		msg, err = tx.MessageGet(ctx, messageID)
		if db.IsNotFound(err) {
			return apperr.NotFound("message")
		}
		return err
	})
	if err != nil {
		return nil, msg, fmt.Errorf("channel.Media: %w", err)
	}
	if msg.MediaKey == "" {
		return nil, msg, apperr.NotFound("media")
	}
	rc, err := s.blobs.Open(ctx, msg.MediaKey)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, msg, apperr.NotFound("media")
	} else if err != nil {
		return nil, msg, fmt.Errorf("channel.Media: %w", err)
	}
	return rc, msg, nil
}
