package inbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/realtime"
	"github.com/sembang/sembang/internal/successcase"
)

// LeadStatuses are the steps of the sales pipeline, in order.
var LeadStatuses = []string{"new", "contacted", "qualified", "proposal_sent", "negotiation", "won", "lost"}

// PaymentMethods are how a customer may pay for a sale.
var PaymentMethods = []string{"fpx", "grabpay", "touch_n_go", "bank_transfer", "card", "cash", "other"}

// Conversation outcomes.
const (
	OutcomeWon  = "won"
	OutcomeLost = "lost"
)

// Limits of the chat workspace.
const (
	MaxNoteLen     = 5000
	MaxTags        = 20
	MaxTagLen      = 40
	MaxSaleItems   = 100
	MaxItemQty     = 1_000_000
	MaxLostReason  = 1000
	MaxCategoryLen = 100
)

// Actor is who works in a conversation's workspace: a company admin (any
// conversation of the company) or an agent (only conversations assigned to them).
type Actor struct {
	CompanyID uuid.UUID
	UserID    uuid.UUID
	Admin     bool
}

// Note is an internal note of a conversation with its author's name.
type Note = dbgen.NoteListByConversationRow

// Sale is a won conversation's sale with its items.
type Sale struct {
	dbgen.Sale
	Items []dbgen.SaleItem
}

// Workspace is what the chat sidebar shows: the conversation, its customer and, once won, the sale.
type Workspace struct {
	dbgen.ConversationWorkspaceInfoRow
	Sale *Sale
}

// SaleItemInput is one line of a completed sale: a catalog product or free text.
type SaleItemInput struct {
	ProductID *uuid.UUID
	Name      string
	Quantity  int32
	UnitPrice string // decimal in the company currency; empty takes the product's price
}

// Completion is what an agent records when a conversation ends in a sale.
type Completion struct {
	Amount        string // decimal in the company currency, like "1299.00"
	Items         []SaleItemInput
	PaymentMethod string
	Notes         string
}

// conversationFor loads a conversation a may work in (locked when forUpdate);
// an agent gets not_found for a conversation not assigned to them.
func conversationFor(ctx context.Context, tx *db.Tx, a Actor, id uuid.UUID, forUpdate bool) (dbgen.Conversation, error) {
	var conv dbgen.Conversation
	var err error
	if forUpdate {
		conv, err = tx.ConversationGetForUpdate(ctx, id)
	} else {
		conv, err = tx.ConversationGet(ctx, id)
	}
	if db.IsNotFound(err) || (err == nil && !a.Admin && (!conv.AssignedAgentID.Valid || conv.AssignedAgentID.UUID != a.UserID)) {
		return conv, apperr.NotFound("conversation")
	}
	return conv, err
}

// publishChange tells the company's admins and the conversation's agent that it changed.
func publishChange(ctx context.Context, tx *db.Tx, typ string, conv dbgen.Conversation, ids ...uuid.UUID) error {
	var agents []uuid.UUID
	if conv.AssignedAgentID.Valid {
		agents = append(agents, conv.AssignedAgentID.UUID)
	}
	return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: typ, CompanyID: conv.CompanyID, IDs: append([]uuid.UUID{conv.ID}, ids...), AgentIDs: agents})
}

// workspace reads the sidebar of conversation id inside tx.
func workspace(ctx context.Context, tx *db.Tx, id uuid.UUID) (Workspace, error) {
	info, err := tx.ConversationWorkspaceInfo(ctx, id)
	if err != nil {
		return Workspace{}, err
	}
	out := Workspace{ConversationWorkspaceInfoRow: info}
	sale, err := tx.SaleGetByConversation(ctx, id)
	if db.IsNotFound(err) {
		return out, nil
	} else if err != nil {
		return out, err
	}
	items, err := tx.SaleItemListBySale(ctx, sale.ID)
	if err != nil {
		return out, err
	}
	out.Sale = &Sale{Sale: sale, Items: items}
	return out, nil
}

// inWorkspace runs fn on a conversation a may work in and returns its sidebar afterwards.
func (s *Service) inWorkspace(ctx context.Context, op string, a Actor, id uuid.UUID, fn func(tx *db.Tx, conv dbgen.Conversation) error) (Workspace, error) {
	var out Workspace
	err := s.db.WithTenant(ctx, a.CompanyID, func(tx *db.Tx) error {
		conv, err := conversationFor(ctx, tx, a, id, fn != nil)
		if err != nil {
			return err
		}
		if fn != nil {
			if err := fn(tx, conv); err != nil {
				return err
			}
		}
		out, err = workspace(ctx, tx, id)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.%s: %w", op, err)
	}
	return out, nil
}

// Workspace returns a conversation's sidebar. Codes: not_found.
func (s *Service) Workspace(ctx context.Context, a Actor, conversationID uuid.UUID) (Workspace, error) {
	return s.inWorkspace(ctx, "Workspace", a, conversationID, nil)
}

// Notes lists a conversation's internal notes, oldest first. Codes: not_found.
func (s *Service) Notes(ctx context.Context, a Actor, conversationID uuid.UUID) ([]Note, error) {
	var out []Note
	err := s.db.WithTenant(ctx, a.CompanyID, func(tx *db.Tx) error {
		if _, err := conversationFor(ctx, tx, a, conversationID, false); err != nil {
			return err
		}
		var err error
		out, err = tx.NoteListByConversation(ctx, uuid.NullUUID{UUID: conversationID, Valid: true})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.Notes: %w", err)
	}
	return out, nil
}

// AddNote adds an internal note to a conversation; it is never sent to the
// customer. Codes: not_found, invalid (body.body).
func (s *Service) AddNote(ctx context.Context, a Actor, conversationID uuid.UUID, body string) (Note, error) {
	body = strings.TrimSpace(body)
	if body == "" || utf8.RuneCountInString(body) > MaxNoteLen {
		return Note{}, apperr.Invalid("body.body", fmt.Sprintf("write a note of 1 to %d characters", MaxNoteLen))
	}
	var out Note
	err := s.db.WithTenant(ctx, a.CompanyID, func(tx *db.Tx) error {
		conv, err := conversationFor(ctx, tx, a, conversationID, false)
		if err != nil {
			return err
		}
		n, err := tx.NoteInsert(ctx, dbgen.NoteInsertParams{CompanyID: a.CompanyID, ContactID: conv.ContactID,
			ConversationID: uuid.NullUUID{UUID: conv.ID, Valid: true}, AuthorID: a.UserID, Body: body})
		if err != nil {
			return err
		}
		author, err := tx.UserGet(ctx, a.UserID)
		if err != nil {
			return err
		}
		out = Note{ID: n.ID, ContactID: n.ContactID, ConversationID: n.ConversationID, AuthorID: n.AuthorID, Body: n.Body, CreatedAt: n.CreatedAt, AuthorName: author.Name}
		return publishChange(ctx, tx, "note.created", conv, n.ID)
	})
	if err != nil {
		return Note{}, fmt.Errorf("inbox.AddNote: %w", err)
	}
	return out, nil
}

// setLeadStatus moves a contact to status, recording the change (nothing when it is already there).
func setLeadStatus(ctx context.Context, tx *db.Tx, companyID, contactID uuid.UUID, status string, by uuid.NullUUID) error {
	ct, err := tx.ContactGetForUpdate(ctx, contactID)
	if err != nil {
		return err
	}
	if ct.LeadStatus == status {
		return nil
	}
	if _, err := tx.ContactSetLeadStatus(ctx, dbgen.ContactSetLeadStatusParams{ID: contactID, LeadStatus: status}); err != nil {
		return err
	}
	return tx.ContactStatusChangeInsert(ctx, dbgen.ContactStatusChangeInsertParams{CompanyID: companyID, ContactID: contactID,
		FromStatus: ct.LeadStatus, ToStatus: status, ByUserID: by})
}

// SetLeadStatus moves the conversation's customer through the pipeline, recording
// each change. Codes: not_found, invalid (body.lead_status).
func (s *Service) SetLeadStatus(ctx context.Context, a Actor, conversationID uuid.UUID, status string) (Workspace, error) {
	if !slices.Contains(LeadStatuses, status) {
		return Workspace{}, apperr.Invalid("body.lead_status", "must be one of "+strings.Join(LeadStatuses, ", "))
	}
	return s.inWorkspace(ctx, "SetLeadStatus", a, conversationID, func(tx *db.Tx, conv dbgen.Conversation) error {
		if err := setLeadStatus(ctx, tx, a.CompanyID, conv.ContactID, status, uuid.NullUUID{UUID: a.UserID, Valid: true}); err != nil {
			return err
		}
		return publishChange(ctx, tx, "conversation.updated", conv)
	})
}

// CleanTags trims tags and drops repeats (ignoring case, keeping the first
// spelling). Codes: invalid (body.tags or the tag at fault).
func CleanTags(tags []string) ([]string, error) {
	out := []string{}
	for i, t := range tags {
		t = strings.TrimSpace(t)
		if n := utf8.RuneCountInString(t); n == 0 || n > MaxTagLen {
			return nil, apperr.Invalid(fmt.Sprintf("body.tags[%d]", i), fmt.Sprintf("a tag has 1 to %d characters", MaxTagLen))
		}
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, t) }) {
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, apperr.Invalid("body.tags", fmt.Sprintf("at most %d tags", MaxTags))
	}
	return out, nil
}

// SetTags replaces the customer's tags. Codes: not_found, invalid.
func (s *Service) SetTags(ctx context.Context, a Actor, conversationID uuid.UUID, tags []string) (Workspace, error) {
	clean, err := CleanTags(tags)
	if err != nil {
		return Workspace{}, err
	}
	return s.inWorkspace(ctx, "SetTags", a, conversationID, func(tx *db.Tx, conv dbgen.Conversation) error {
		if _, err := tx.ContactSetTags(ctx, dbgen.ContactSetTagsParams{ID: conv.ContactID, Tags: clean}); err != nil {
			return err
		}
		return publishChange(ctx, tx, "conversation.updated", conv)
	})
}

// SetCategory sets what the conversation is about (matched against agents'
// expertise). Codes: not_found, invalid (body.category).
func (s *Service) SetCategory(ctx context.Context, a Actor, conversationID uuid.UUID, category string) (Workspace, error) {
	category = strings.TrimSpace(category)
	if utf8.RuneCountInString(category) > MaxCategoryLen {
		return Workspace{}, apperr.Invalid("body.category", fmt.Sprintf("at most %d characters", MaxCategoryLen))
	}
	return s.inWorkspace(ctx, "SetCategory", a, conversationID, func(tx *db.Tx, conv dbgen.Conversation) error {
		if _, err := tx.ConversationSetCategory(ctx, dbgen.ConversationSetCategoryParams{ID: conv.ID, Category: category}); err != nil {
			return err
		}
		return publishChange(ctx, tx, "conversation.updated", conv)
	})
}

// validate checks what needs no database; amounts are parsed once the currency is known.
func (c *Completion) validate() error {
	if !slices.Contains(PaymentMethods, c.PaymentMethod) {
		return apperr.Invalid("body.payment_method", "must be one of "+strings.Join(PaymentMethods, ", "))
	}
	c.Notes = strings.TrimSpace(c.Notes)
	if utf8.RuneCountInString(c.Notes) > MaxNoteLen {
		return apperr.Invalid("body.notes", fmt.Sprintf("at most %d characters", MaxNoteLen))
	}
	if len(c.Items) > MaxSaleItems {
		return apperr.Invalid("body.items", fmt.Sprintf("at most %d items", MaxSaleItems))
	}
	for i := range c.Items {
		it := &c.Items[i]
		it.Name = strings.TrimSpace(it.Name)
		field := fmt.Sprintf("body.items[%d]", i)
		if it.ProductID == nil && it.Name == "" {
			return apperr.Invalid(field+".name", fmt.Sprintf("item %d: choose a product or write what was sold", i+1))
		}
		if utf8.RuneCountInString(it.Name) > 200 {
			return apperr.Invalid(field+".name", fmt.Sprintf("item %d: at most 200 characters", i+1))
		}
		if it.Quantity <= 0 || it.Quantity > MaxItemQty {
			return apperr.Invalid(field+".quantity", fmt.Sprintf("item %d: the quantity must be between 1 and %d", i+1, MaxItemQty))
		}
	}
	return nil
}

// parseMoney reads a decimal amount in the company currency into minor units.
func parseMoney(s, currency, field, what string) (int64, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") {
		return 0, apperr.Invalid(field, what+" cannot be negative")
	}
	v, err := catalog.ParsePrice(s, catalog.CurrencyExponent(currency))
	if err != nil {
		return 0, apperr.Invalid(field, fmt.Sprintf("%s in %s: %s", what, currency, strings.TrimSuffix(err.Error(), ".")))
	}
	return v, nil
}

// closeConversation ends an open conversation with outcome, tells everyone
// and gives the agent's freed place to a waiting conversation. A win counts
// as a conversion of every success-case template sent in the conversation.
func closeConversation(ctx context.Context, tx *db.Tx, set *dbgen.AssignmentSetting, a Actor, conv dbgen.Conversation, outcome, reason string) error {
	if _, err := tx.ConversationCloseWithOutcome(ctx, dbgen.ConversationCloseWithOutcomeParams{ID: conv.ID, Outcome: outcome, LostReason: reason,
		ClosedBy: uuid.NullUUID{UUID: a.UserID, Valid: true}}); err != nil {
		return err
	}
	if outcome == OutcomeWon {
		if _, err := successcase.RecordConversions(ctx, tx, a.CompanyID, conv.ID); err != nil {
			return err
		}
	}
	if outcome != "" {
		if err := setLeadStatus(ctx, tx, a.CompanyID, conv.ContactID, outcome, uuid.NullUUID{UUID: a.UserID, Valid: true}); err != nil {
			return err
		}
	}
	if err := publishChange(ctx, tx, "conversation.updated", conv); err != nil {
		return err
	}
	if conv.AssignedAgentID.Valid {
		_, err := backfill(ctx, tx, set)
		return err
	}
	return nil
}

// ending locks the rules (for the backfill, in the same order as Assign) and an
// open conversation a may work in, then runs fn. Codes: not_found, conflict (closed).
func (s *Service) ending(ctx context.Context, op string, a Actor, id uuid.UUID, fn func(tx *db.Tx, set *dbgen.AssignmentSetting, conv dbgen.Conversation) error) (Workspace, error) {
	var out Workspace
	err := s.db.WithTenant(ctx, a.CompanyID, func(tx *db.Tx) error {
		set, err := lockSettings(ctx, tx, a.CompanyID)
		if err != nil {
			return err
		}
		conv, err := conversationFor(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		if conv.Status != "open" {
			switch conv.Outcome {
			case OutcomeWon:
				return apperr.New(apperr.ECONFLICT, "This conversation is already completed with a sale.")
			case OutcomeLost:
				return apperr.New(apperr.ECONFLICT, "This conversation is already marked lost.")
			}
			return apperr.New(apperr.ECONFLICT, "This conversation is already closed.")
		}
		if err := fn(tx, &set, conv); err != nil {
			return err
		}
		out, err = workspace(ctx, tx, id)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.%s: %w", op, err)
	}
	return out, nil
}

// Complete records the sale that won a conversation and closes it, all in one
// transaction: the sale and its items in the company currency, the conversation
// closed as won, the customer's lead status won. Codes: not_found, invalid
// (naming the field or item), conflict (already closed or completed).
func (s *Service) Complete(ctx context.Context, a Actor, conversationID uuid.UUID, c Completion) (Workspace, error) {
	if err := c.validate(); err != nil {
		return Workspace{}, err
	}
	return s.ending(ctx, "Complete", a, conversationID, func(tx *db.Tx, set *dbgen.AssignmentSetting, conv dbgen.Conversation) error {
		settings, err := tx.CompanySettingsGet(ctx, a.CompanyID)
		if err != nil {
			return err
		}
		currency := settings.Currency
		amount, err := parseMoney(c.Amount, currency, "body.amount", "the amount")
		if err != nil {
			return err
		}
		items := make([]dbgen.SaleItemInsertParams, len(c.Items))
		for i, it := range c.Items {
			field := fmt.Sprintf("body.items[%d]", i)
			p := dbgen.SaleItemInsertParams{CompanyID: a.CompanyID, Name: it.Name, Quantity: it.Quantity}
			var price int64 = -1
			if it.ProductID != nil {
				prod, err := tx.ProductGet(ctx, *it.ProductID) // row-level security hides other companies' products
				if db.IsNotFound(err) {
					return apperr.Invalid(field+".product_id", fmt.Sprintf("item %d: not a product of this company", i+1))
				} else if err != nil {
					return err
				}
				p.ProductID = uuid.NullUUID{UUID: prod.ID, Valid: true}
				if p.Name == "" {
					p.Name = prod.Name
				}
				price = prod.PriceMinor
			}
			if strings.TrimSpace(it.UnitPrice) != "" || price < 0 {
				if price, err = parseMoney(it.UnitPrice, currency, field+".unit_price", fmt.Sprintf("item %d: the unit price", i+1)); err != nil {
					return err
				}
			}
			p.UnitPriceMinor = price
			items[i] = p
		}
		sale, err := tx.SaleInsert(ctx, dbgen.SaleInsertParams{CompanyID: a.CompanyID, ConversationID: conv.ID, ContactID: conv.ContactID,
			AgentID: conv.AssignedAgentID, AmountMinor: amount, Currency: currency, PaymentMethod: c.PaymentMethod, Notes: c.Notes, CreatedBy: a.UserID})
		if _, dup := db.UniqueViolation(err); dup {
			return apperr.New(apperr.ECONFLICT, "This conversation is already completed with a sale.")
		} else if err != nil {
			return err
		}
		for _, p := range items {
			p.SaleID = sale.ID
			if err := tx.SaleItemInsert(ctx, p); err != nil {
				return err
			}
		}
		return closeConversation(ctx, tx, set, a, conv, OutcomeWon, "")
	})
}

// MarkLost closes a conversation as lost, with the reason, and moves the
// customer to lost. Codes: not_found, invalid (body.reason), conflict.
func (s *Service) MarkLost(ctx context.Context, a Actor, conversationID uuid.UUID, reason string) (Workspace, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxLostReason {
		return Workspace{}, apperr.Invalid("body.reason", fmt.Sprintf("say why in 1 to %d characters", MaxLostReason))
	}
	return s.ending(ctx, "MarkLost", a, conversationID, func(tx *db.Tx, set *dbgen.AssignmentSetting, conv dbgen.Conversation) error {
		return closeConversation(ctx, tx, set, a, conv, OutcomeLost, reason)
	})
}

// Close closes a conversation without an outcome. Codes: not_found, conflict.
func (s *Service) Close(ctx context.Context, a Actor, conversationID uuid.UUID) (Workspace, error) {
	return s.ending(ctx, "Close", a, conversationID, func(tx *db.Tx, set *dbgen.AssignmentSetting, conv dbgen.Conversation) error {
		return closeConversation(ctx, tx, set, a, conv, "", "")
	})
}

// Unassign sends a conversation back to the queue (an admin's action), recorded
// in its assignment history. Under automatic rules the waiting chats, this one
// included, go at once to agents with room, never back to the agent it left.
// Codes: not_found, conflict (closed).
func (s *Service) Unassign(ctx context.Context, companyID, byUserID, conversationID uuid.UUID) (Workspace, error) {
	a := Actor{CompanyID: companyID, UserID: byUserID, Admin: true}
	var out Workspace
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		set, err := lockSettings(ctx, tx, companyID)
		if err != nil {
			return err
		}
		conv, err := conversationFor(ctx, tx, a, conversationID, true)
		if err != nil {
			return err
		}
		if conv.AssignedAgentID.Valid {
			if conv.Status != "open" {
				return apperr.New(apperr.ECONFLICT, "A closed conversation keeps its agent.")
			}
			if _, err := setAgent(ctx, tx, conv, uuid.NullUUID{}, uuid.NullUUID{UUID: byUserID, Valid: true}, "back to the queue"); err != nil {
				return err
			}
			if err := backfillExcept(ctx, tx, &set, conv.ID, conv.AssignedAgentID.UUID); err != nil {
				return err
			}
		}
		out, err = workspace(ctx, tx, conversationID)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.Unassign: %w", err)
	}
	return out, nil
}

// backfillExcept is backfill where conversation id may not go to agent exclude.
func backfillExcept(ctx context.Context, tx *db.Tx, set *dbgen.AssignmentSetting, id, exclude uuid.UUID) error {
	if set.Strategy == StrategyManual {
		return nil
	}
	waiting, err := tx.ConversationListWaiting(ctx, 500)
	if err != nil {
		return err
	}
	for _, c := range waiting {
		ex := uuid.Nil
		if c.ID == id {
			ex = exclude
		}
		ok, err := autoAssign(ctx, tx, set, c, ex, "")
		if err != nil {
			return err
		}
		if !ok && c.ID != id { // nobody has room (the unassigned one may only lack someone other than its old agent)
			return nil
		}
	}
	return nil
}
