package successcase

import (
	"context"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// Usage events are recorded once per reference: a use per suggestion, a send
// per sent message, a conversion per won conversation. Recording the same
// event again (a retried job, a double click) changes nothing.

// RecordUse counts that templateID was suggested in suggestionID, inside the
// caller's tenant transaction. It reports whether this was the first record.
func RecordUse(ctx context.Context, tx *db.Tx, companyID, templateID, suggestionID uuid.UUID) (bool, error) {
	return recordUsage(ctx, tx, companyID, templateID, "use", suggestionID)
}

// RecordSend counts that the agent sent templateID's reply as messageID.
func RecordSend(ctx context.Context, tx *db.Tx, companyID, templateID, messageID uuid.UUID) (bool, error) {
	return recordUsage(ctx, tx, companyID, templateID, "send", messageID)
}

// RecordConversion counts that conversationID, in which templateID was sent, was won.
func RecordConversion(ctx context.Context, tx *db.Tx, companyID, templateID, conversationID uuid.UUID) (bool, error) {
	return recordUsage(ctx, tx, companyID, templateID, "conversion", conversationID)
}

// RecordConversions counts conversationID, just won, as a conversion of every
// template whose reply was sent in it, inside the caller's tenant transaction.
// A template counts once per conversation: winning it again after it was
// reopened adds nothing for templates already counted. It returns how many
// conversions were new.
func RecordConversions(ctx context.Context, tx *db.Tx, companyID, conversationID uuid.UUID) (int, error) {
	templates, err := tx.CompanyTemplateUsageSentInConversation(ctx, conversationID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range templates {
		first, err := RecordConversion(ctx, tx, companyID, id, conversationID)
		if err != nil {
			return n, err
		}
		if first {
			n++
		}
	}
	return n, nil
}

func recordUsage(ctx context.Context, tx *db.Tx, companyID, templateID uuid.UUID, kind string, ref uuid.UUID) (bool, error) {
	n, err := tx.CompanyTemplateUsageEventInsert(ctx, dbgen.CompanyTemplateUsageEventInsertParams{CompanyID: companyID, Kind: kind, RefID: ref, TemplateID: templateID})
	if err != nil || n == 0 {
		return false, err
	}
	p := dbgen.CompanyTemplateUsageBumpParams{CompanyID: companyID, TemplateID: templateID}
	switch kind {
	case "use":
		p.Used = 1
	case "send":
		p.Sent = 1
	case "conversion":
		p.Converted = 1
	}
	return true, tx.CompanyTemplateUsageBump(ctx, p)
}

// Record runs one of RecordUse, RecordSend or RecordConversion in its own tenant transaction.
func (s *Service) Record(ctx context.Context, companyID uuid.UUID, fn func(context.Context, *db.Tx, uuid.UUID, uuid.UUID, uuid.UUID) (bool, error), templateID, ref uuid.UUID) (bool, error) {
	var first bool
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		first, err = fn(ctx, tx, companyID, templateID, ref)
		return err
	})
	return first, err
}
