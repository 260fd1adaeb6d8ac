// Package contact is the CRM over a company's contacts: lead status pipeline,
// tags, custom fields, notes, the activity timeline and CSV export. Admins see
// every contact; an agent sees only contacts of conversations assigned to them.
package contact

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/realtime"
)

// LeadStatuses is the pipeline, in order.
var LeadStatuses = []string{"new", "contacted", "qualified", "proposal_sent", "negotiation", "won", "lost"}

// Limits on what a contact holds.
const (
	MaxTags       = 20
	MaxTagLength  = 40
	MaxNoteLength = 5000
)

// EventUpdated is the realtime event sent when a contact's CRM data changes.
const EventUpdated = "contact.updated"

// Service is the CRM over contacts.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// NewService returns a Service.
func NewService(d *db.DB) *Service { return &Service{db: d, now: time.Now} }

// Viewer is who is looking: a company admin sees every contact of the company,
// an agent only those of conversations assigned to them.
type Viewer struct {
	CompanyID uuid.UUID
	UserID    uuid.UUID
	Agent     bool
}

// ViewerFrom returns the viewer of a signed-in principal.
func ViewerFrom(p *identity.Principal) Viewer {
	return Viewer{CompanyID: p.CompanyID, UserID: p.UserID, Agent: p.Role != identity.RoleCompanyAdmin}
}

// agentID is the filter the queries take: the agent, or NULL for an admin.
func (v Viewer) agentID() uuid.NullUUID {
	return uuid.NullUUID{UUID: v.UserID, Valid: v.Agent}
}

// Detail is a contact with its conversations (for an agent: only theirs).
type Detail struct {
	dbgen.Contact
	Values        map[string]string
	Conversations []dbgen.ContactCrmConversationsRow
}

func decodeValues(raw []byte) map[string]string {
	out := map[string]string{}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return out
	}
	for k, v := range m {
		switch x := v.(type) {
		case string:
			out[k] = x
		case nil:
		default:
			b, _ := json.Marshal(x)
			out[k] = string(b)
		}
	}
	return out
}

// Get returns a contact the viewer may see.
// Errors: ENOTFOUND (no such contact, another company's, or for an agent one with no conversation of theirs).
func (s *Service) Get(ctx context.Context, v Viewer, id uuid.UUID) (*Detail, error) {
	var d *Detail
	err := s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		var err error
		d, err = s.detail(ctx, tx, v, id)
		return err
	})
	if err != nil {
		return nil, wrap("contact.Get", err)
	}
	return d, nil
}

func (s *Service) detail(ctx context.Context, tx *db.Tx, v Viewer, id uuid.UUID) (*Detail, error) {
	c, err := tx.ContactCrmGet(ctx, dbgen.ContactCrmGetParams{ID: id, AgentID: v.agentID()})
	if err != nil {
		return nil, err
	}
	convs, err := tx.ContactCrmConversations(ctx, dbgen.ContactCrmConversationsParams{ContactID: id, AgentID: v.agentID()})
	if err != nil {
		return nil, err
	}
	return &Detail{Contact: c, Values: decodeValues(c.CustomValues), Conversations: convs}, nil
}

// lock loads the contact for a change, or ENOTFOUND when the viewer may not see it.
func lock(ctx context.Context, tx *db.Tx, v Viewer, id uuid.UUID) (dbgen.Contact, error) {
	return tx.ContactCrmGetForUpdate(ctx, dbgen.ContactCrmGetForUpdateParams{ID: id, AgentID: v.agentID()})
}

// publish tells the company's admins and the agents holding the contact's conversations.
func publish(ctx context.Context, tx *db.Tx, companyID, contactID uuid.UUID) error {
	agents, err := tx.ContactCrmAgents(ctx, contactID)
	if err != nil {
		return err
	}
	return realtime.Publish(ctx, tx, realtime.Event{Type: EventUpdated, CompanyID: companyID, IDs: []uuid.UUID{contactID}, AgentIDs: agents})
}

func wrap(op string, err error) error {
	if db.IsNotFound(err) {
		return apperr.NotFound("contact")
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// ValidLeadStatus reports whether s is a stage of the pipeline.
func ValidLeadStatus(s string) bool {
	for _, x := range LeadStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// SetLeadStatus moves a contact along the pipeline and records the change.
// Errors: EINVALID (unknown status), ENOTFOUND.
func (s *Service) SetLeadStatus(ctx context.Context, v Viewer, id uuid.UUID, status string) (*Detail, error) {
	status = strings.TrimSpace(status)
	if !ValidLeadStatus(status) {
		return nil, apperr.Invalid("body.lead_status", "Choose a lead status: "+strings.Join(LeadStatuses, ", ")+".")
	}
	var d *Detail
	err := s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		c, err := lock(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if c.LeadStatus != status {
			if err := tx.ContactCrmSetLeadStatus(ctx, dbgen.ContactCrmSetLeadStatusParams{ID: id, LeadStatus: status}); err != nil {
				return err
			}
			if err := tx.ContactCrmStatusChangeInsert(ctx, dbgen.ContactCrmStatusChangeInsertParams{CompanyID: v.CompanyID, ContactID: id,
				FromStatus: c.LeadStatus, ToStatus: status, ByUserID: uuid.NullUUID{UUID: v.UserID, Valid: v.UserID != uuid.Nil}}); err != nil {
				return err
			}
			if err := publish(ctx, tx, v.CompanyID, id); err != nil {
				return err
			}
		}
		d, err = s.detail(ctx, tx, v, id)
		return err
	})
	if err != nil {
		return nil, wrap("contact.SetLeadStatus", err)
	}
	return d, nil
}

// CleanTags trims tags, drops empty ones and duplicates (ignoring case) and checks the limits.
// Errors: EINVALID naming body.tags.
func CleanTags(in []string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" {
			continue
		}
		if utf8.RuneCountInString(t) > MaxTagLength {
			return nil, apperr.Invalid("body.tags", fmt.Sprintf("The tag %q is longer than %d characters.", t, MaxTagLength))
		}
		k := strings.ToLower(t)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return nil, apperr.Invalid("body.tags", fmt.Sprintf("A contact has at most %d tags.", MaxTags))
	}
	return out, nil
}

// SetTags replaces a contact's tags.
// Errors: EINVALID (too many, too long), ENOTFOUND.
func (s *Service) SetTags(ctx context.Context, v Viewer, id uuid.UUID, tags []string) (*Detail, error) {
	tags, err := CleanTags(tags)
	if err != nil {
		return nil, err
	}
	var d *Detail
	err = s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		if _, err := lock(ctx, tx, v, id); err != nil {
			return err
		}
		if err := tx.ContactCrmSetTags(ctx, dbgen.ContactCrmSetTagsParams{ID: id, Tags: tags}); err != nil {
			return err
		}
		if err := publish(ctx, tx, v.CompanyID, id); err != nil {
			return err
		}
		d, err = s.detail(ctx, tx, v, id)
		return err
	})
	if err != nil {
		return nil, wrap("contact.SetTags", err)
	}
	return d, nil
}

// AddNote writes an internal note on the contact itself (not in a conversation).
// Errors: EINVALID (empty or too long), ENOTFOUND.
func (s *Service) AddNote(ctx context.Context, v Viewer, id uuid.UUID, body string) (uuid.UUID, error) {
	body = strings.TrimSpace(body)
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return uuid.Nil, apperr.Invalid("body.body", "Write the note.")
	case n > MaxNoteLength:
		return uuid.Nil, apperr.Invalid("body.body", fmt.Sprintf("A note is at most %d characters.", MaxNoteLength))
	}
	var noteID uuid.UUID
	err := s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		if _, err := lock(ctx, tx, v, id); err != nil {
			return err
		}
		n, err := tx.ContactCrmNoteInsert(ctx, dbgen.ContactCrmNoteInsertParams{CompanyID: v.CompanyID, ContactID: id, AuthorID: v.UserID, Body: body})
		if err != nil {
			return err
		}
		noteID = n.ID
		return publish(ctx, tx, v.CompanyID, id)
	})
	if err != nil {
		return uuid.Nil, wrap("contact.AddNote", err)
	}
	return noteID, nil
}

// Tags lists the tags in use among the contacts the viewer sees.
func (s *Service) Tags(ctx context.Context, v Viewer) ([]string, error) {
	var out []string
	err := s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ContactCrmTagList(ctx, v.agentID())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("contact.Tags: %w", err)
	}
	return out, nil
}
