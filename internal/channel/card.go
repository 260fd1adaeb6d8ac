package channel

import (
	"bytes"
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// ReplyCard stores a product or package card's image and queues it as an
// image message with its caption and link, recording what it carried, together
// with its delivery job. Returns ENOTFOUND for an unknown conversation (or,
// for an agent, one not assigned to them).
func (s *Service) ReplyCard(ctx context.Context, p dbgen.MessageInsertCardParams, image []byte, agentOnly bool) (dbgen.Message, error) {
	from := Sender{UserID: p.SenderUserID.UUID, Agent: agentOnly}
	if len(image) == 0 || len(image) > MaxMediaBytes {
		return dbgen.Message{}, apperr.Invalid("body", "the card has no image to send")
	}
	var msg dbgen.Message
	err := s.db.WithTenant(ctx, p.CompanyID, func(tx *db.Tx) error {
		conv, err := from.conversation(ctx, tx, p.ConversationID)
		if err != nil {
			return err
		}
		p.MediaKey = "media/" + p.CompanyID.String() + "/out-" + uuid.NewString()
		if err := s.blobs.Put(ctx, p.MediaKey, bytes.NewReader(image)); err != nil {
			return err
		}
		if msg, err = tx.MessageInsertCard(ctx, p); err != nil {
			return err
		}
		if err := tx.ConversationTouch(ctx, conv.ID); err != nil {
			return err
		}
		if err := publishMessage(ctx, tx, "message.created", p.CompanyID, msg); err != nil {
			return err
		}
		return s.enqueueDelivery(ctx, tx, p.CompanyID, msg.ID)
	})
	if err != nil {
		return dbgen.Message{}, fmt.Errorf("channel.ReplyCard: %w", err)
	}
	return msg, nil
}
