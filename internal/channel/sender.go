package channel

import (
	"context"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Sender is who sends a reply. An agent may send only in a conversation
// assigned to them; the check runs in the transaction that writes the message,
// on the locked conversation row, so a transfer committed a moment earlier
// stops the message instead of letting it through.
type Sender struct {
	UserID uuid.UUID // uuid.Nil: nobody (the auto-reply, the simulator)
	Agent  bool      // only conversations assigned to UserID
}

// Person is an admin replying in any conversation of their company.
func Person(userID uuid.UUID) Sender { return Sender{UserID: userID} }

// Agent is an agent replying in one of their own conversations.
func Agent(userID uuid.UUID) Sender { return Sender{UserID: userID, Agent: true} }

// Bot is a reply no person sent.
var Bot = Sender{}

func (s Sender) userID() uuid.NullUUID {
	return uuid.NullUUID{UUID: s.UserID, Valid: s.UserID != uuid.Nil}
}

// conversation locks the conversation a reply goes into and checks that the
// sender may write there. Errors: ENOTFOUND.
func (s Sender) conversation(ctx context.Context, tx *db.Tx, id uuid.UUID) (dbgen.Conversation, error) {
	var conv dbgen.Conversation
	var err error
	if s.Agent {
		conv, err = tx.ConversationGetForAgentForUpdate(ctx, dbgen.ConversationGetForAgentForUpdateParams{ID: id, AgentID: s.userID()})
	} else {
		conv, err = tx.ConversationGetForUpdate(ctx, id)
	}
	if db.IsNotFound(err) {
		return conv, apperr.NotFound("conversation")
	}
	return conv, err
}
