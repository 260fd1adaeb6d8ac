package contact

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/identity"
)

// ContactsListItem is a contact in the list.
type ContactsListItem struct {
	ID                string            `json:"id"`
	Channel           string            `json:"channel" enum:"telegram,whatsapp"`
	ExternalID        string            `json:"external_id" doc:"The chat id on the channel."`
	Name              string            `json:"name"`
	Phone             string            `json:"phone"`
	Username          string            `json:"username"`
	LeadStatus        string            `json:"lead_status" enum:"new,contacted,qualified,proposal_sent,negotiation,won,lost"`
	Tags              []string          `json:"tags"`
	CustomValues      map[string]string `json:"custom_values" doc:"Values by field key."`
	ConversationCount int32             `json:"conversation_count" doc:"For an agent: their own conversations with this contact."`
	LastActivityAt    time.Time         `json:"last_activity_at"`
	CreatedAt         time.Time         `json:"created_at"`
}

// ContactsConversation is one of a contact's conversations.
type ContactsConversation struct {
	ID                string    `json:"id"`
	Channel           string    `json:"channel" enum:"telegram,whatsapp"`
	Status            string    `json:"status" enum:"open,closed"`
	Outcome           string    `json:"outcome" doc:"\"\", won or lost."`
	AssignedAgentID   *string   `json:"assigned_agent_id" nullable:"true"`
	AssignedAgentName string    `json:"assigned_agent_name"`
	LastMessageAt     time.Time `json:"last_message_at"`
	CreatedAt         time.Time `json:"created_at"`
}

// ContactsDetail is a contact with its conversations.
type ContactsDetail struct {
	ContactsListItem
	Conversations []ContactsConversation `json:"conversations"`
	UpdatedAt     time.Time              `json:"updated_at"`
}

// ContactsTimelineEntry is one thing that happened with a contact.
type ContactsTimelineEntry struct {
	Kind           string    `json:"kind" enum:"messages,assignment,status_change,note,reminder,sale,lost"`
	At             time.Time `json:"at"`
	Ref            string    `json:"ref" doc:"Unique within the kind."`
	ConversationID string    `json:"conversation_id" doc:"Empty for the contact's own changes and notes."`
	ActorName      string    `json:"actor_name" doc:"Who did it; empty for the customer or the rules."`
	Body           string    `json:"body" doc:"Note or reminder text, assignment reason, sale notes, lost reason."`
	From           string    `json:"from" doc:"Previous status, or the previous agent's name (empty: the queue)."`
	To             string    `json:"to" doc:"New status; the new agent's name; payment method of a sale; \"done\" for a finished reminder."`
	MessageCount   int32     `json:"message_count"`
	InboundCount   int32     `json:"inbound_count" doc:"Of message_count, those from the customer."`
	AmountMinor    int64     `json:"amount_minor" doc:"Sale amount in minor units of currency."`
	Currency       string    `json:"currency"`
	DueAt          string    `json:"due_at" doc:"A reminder's due time (RFC 3339, UTC)."`
}

// ContactsField is a custom contact field.
type ContactsField struct {
	ID        string    `json:"id"`
	Key       string    `json:"key"`
	Label     string    `json:"label"`
	Type      string    `json:"type" enum:"text,number,date,select"`
	Options   []string  `json:"options"`
	Position  int32     `json:"position"`
	UsedCount int32     `json:"used_count" doc:"Contacts holding a value; deleting the field removes them."`
	CreatedAt time.Time `json:"created_at"`
}

func itemView(r dbgen.ContactCrmListRow) ContactsListItem {
	tags := r.Tags
	if tags == nil {
		tags = []string{}
	}
	return ContactsListItem{ID: r.ID.String(), Channel: r.Channel, ExternalID: r.ExternalID, Name: r.Name, Phone: r.Phone, Username: r.Username,
		LeadStatus: r.LeadStatus, Tags: tags, CustomValues: decodeValues(r.CustomValues), ConversationCount: r.ConversationCount,
		LastActivityAt: r.LastActivityAt, CreatedAt: r.CreatedAt}
}

func detailView(d *Detail) ContactsDetail {
	c := d.Contact
	v := ContactsDetail{ContactsListItem: itemView(dbgen.ContactCrmListRow{ID: c.ID, Channel: c.Channel, ExternalID: c.ExternalID, Name: c.Name, Phone: c.Phone,
		Username: c.Username, LeadStatus: c.LeadStatus, Tags: c.Tags, CustomValues: c.CustomValues, ConversationCount: int32(len(d.Conversations)),
		LastActivityAt: c.LastActivityAt, CreatedAt: c.CreatedAt}), Conversations: []ContactsConversation{}, UpdatedAt: c.UpdatedAt}
	for _, cv := range d.Conversations {
		x := ContactsConversation{ID: cv.ID.String(), Channel: cv.Channel, Status: cv.Status, Outcome: cv.Outcome, AssignedAgentName: cv.AssignedAgentName,
			LastMessageAt: cv.LastMessageAt, CreatedAt: cv.CreatedAt}
		if cv.AssignedAgentID.Valid {
			s := cv.AssignedAgentID.UUID.String()
			x.AssignedAgentID = &s
		}
		v.Conversations = append(v.Conversations, x)
	}
	return v
}

func fieldView(f Field) ContactsField {
	opts := f.Options
	if opts == nil {
		opts = []string{}
	}
	return ContactsField{ID: f.ID.String(), Key: f.Key, Label: f.Label, Type: f.Type, Options: opts, Position: f.Position, UsedCount: f.UsedCount, CreatedAt: f.CreatedAt}
}

type contactsListInput struct {
	Query      string `query:"q" maxLength:"200" doc:"Matched in name, phone, username and chat id."`
	LeadStatus string `query:"lead_status" enum:"new,contacted,qualified,proposal_sent,negotiation,won,lost,"`
	Tag        string `query:"tag" maxLength:"40"`
	Channel    string `query:"channel" enum:"telegram,whatsapp,"`
	Cursor     string `query:"cursor" maxLength:"500"`
	Limit      int    `query:"limit" minimum:"0" maximum:"100"`
}

func (in *contactsListInput) query() Query {
	return Query{Text: in.Query, LeadStatus: in.LeadStatus, Tag: in.Tag, Channel: in.Channel, Cursor: in.Cursor, Limit: in.Limit}
}

type contactsExportInput struct {
	Query      string `query:"q" maxLength:"200"`
	LeadStatus string `query:"lead_status" enum:"new,contacted,qualified,proposal_sent,negotiation,won,lost,"`
	Tag        string `query:"tag" maxLength:"40"`
	Channel    string `query:"channel" enum:"telegram,whatsapp,"`
}

type contactsPageOutput struct {
	Body struct {
		Items      []ContactsListItem `json:"items"`
		NextCursor string             `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page."`
	}
}

type contactsIDInput struct {
	ID uuid.UUID `path:"id"`
}

type contactsDetailOutput struct{ Body ContactsDetail }

type contactsTimelineInput struct {
	ID     uuid.UUID `path:"id"`
	Cursor string    `query:"cursor" maxLength:"500"`
	Limit  int       `query:"limit" minimum:"0" maximum:"100"`
}

type contactsTimelineOutput struct {
	Body struct {
		Items      []ContactsTimelineEntry `json:"items"`
		NextCursor string                  `json:"next_cursor"`
	}
}

type contactsLeadStatusInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		LeadStatus string `json:"lead_status" enum:"new,contacted,qualified,proposal_sent,negotiation,won,lost"`
	}
}

type contactsTagsInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Tags []string `json:"tags" maxItems:"100" doc:"At most 20 after removing duplicates, each 1 to 40 characters."`
	}
}

type contactsValuesInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Values map[string]string `json:"values" doc:"Values by field key; an empty value clears the field; keys not given are unchanged."`
	}
}

type contactsNoteInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Body string `json:"body" maxLength:"5000"`
	}
}

type contactsNoteOutput struct {
	Body struct {
		ID string `json:"id"`
	}
}

type contactsTagsOutput struct {
	Body struct {
		Tags []string `json:"tags"`
	}
}

type contactsFieldListOutput struct {
	Body struct {
		Items []ContactsField `json:"items"`
	}
}

// ContactsFieldBody is a custom field as an admin writes it.
type ContactsFieldBody struct {
	Key      string   `json:"key,omitempty" maxLength:"40" doc:"Made from the label when empty; fixed once created."`
	Label    string   `json:"label" maxLength:"80"`
	Type     string   `json:"type,omitempty" enum:"text,number,date,select," doc:"Fixed once created."`
	Options  []string `json:"options,omitempty" maxItems:"100" doc:"The choices of a select field."`
	Position int32    `json:"position,omitempty" minimum:"0" maximum:"10000"`
}

type contactsFieldCreateInput struct{ Body ContactsFieldBody }

type contactsFieldUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body ContactsFieldBody
}

type contactsFieldOutput struct{ Body ContactsField }

type contactsFieldDeleteOutput struct {
	Body struct {
		ValuesRemoved int64 `json:"values_removed" doc:"Contacts whose value for the field was removed."`
	}
}

func viewer(ctx context.Context) Viewer { return ViewerFrom(identity.PrincipalFrom(ctx)) }

// registerShared adds the operations admins and agents share; each sees only what Viewer allows.
func registerShared(g huma.API, s *Service, prefix string) {
	id := func(name string) string { return prefix + name }

	huma.Register(g, huma.Operation{
		OperationID: id("contact-list"), Method: http.MethodGet, Path: "/contacts", Summary: "Contacts, most recent activity first",
		Description: "Admins see every contact; agents only contacts of conversations assigned to them.", Errors: []int{422},
	}, func(ctx context.Context, in *contactsListInput) (*contactsPageOutput, error) {
		p, err := s.List(ctx, viewer(ctx), in.query())
		if err != nil {
			return nil, err
		}
		out := &contactsPageOutput{}
		out.Body.Items = make([]ContactsListItem, len(p.Items))
		for i, r := range p.Items {
			out.Body.Items[i] = itemView(r)
		}
		out.Body.NextCursor = p.NextCursor
		return out, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-export"), Method: http.MethodGet, Path: "/contacts/export", Summary: "The contacts as CSV, filtered like the list",
		Description: "Streamed. Cells that a spreadsheet would read as a formula start with a quote.", Errors: []int{422},
		Responses: map[string]*huma.Response{"200": {Description: "CSV", Content: map[string]*huma.MediaType{"text/csv": {}}}},
	}, func(ctx context.Context, in *contactsExportInput) (*huma.StreamResponse, error) {
		v := viewer(ctx)
		q := Query{Text: in.Query, LeadStatus: in.LeadStatus, Tag: in.Tag, Channel: in.Channel}
		if _, err := q.params(v); err != nil {
			return nil, err
		}
		return &huma.StreamResponse{Body: func(hctx huma.Context) {
			hctx.SetHeader("Content-Type", "text/csv; charset=utf-8")
			hctx.SetHeader("Content-Disposition", `attachment; filename="contacts-`+time.Now().UTC().Format("20060102")+`.csv"`)
			hctx.SetHeader("Cache-Control", "no-store")
			hctx.SetStatus(http.StatusOK)
			// Headers are gone once rows flow; a failure mid-way can only cut the file short.
			_ = s.Export(ctx, v, q, hctx.BodyWriter())
		}}, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-tags"), Method: http.MethodGet, Path: "/contact-tags", Summary: "Tags in use, for filters",
	}, func(ctx context.Context, _ *struct{}) (*contactsTagsOutput, error) {
		tags, err := s.Tags(ctx, viewer(ctx))
		if err != nil {
			return nil, err
		}
		out := &contactsTagsOutput{}
		out.Body.Tags = tags
		return out, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-get"), Method: http.MethodGet, Path: "/contacts/{id}", Summary: "A contact with its conversations",
		Errors: []int{404},
	}, func(ctx context.Context, in *contactsIDInput) (*contactsDetailOutput, error) {
		d, err := s.Get(ctx, viewer(ctx), in.ID)
		if err != nil {
			return nil, err
		}
		return &contactsDetailOutput{Body: detailView(d)}, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-timeline"), Method: http.MethodGet, Path: "/contacts/{id}/timeline", Summary: "A contact's activity, newest first",
		Description: "Messages are summed per conversation per day. Agents see only the activity of their own conversations.", Errors: []int{404, 422},
	}, func(ctx context.Context, in *contactsTimelineInput) (*contactsTimelineOutput, error) {
		p, err := s.Timeline(ctx, viewer(ctx), in.ID, in.Cursor, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &contactsTimelineOutput{}
		out.Body.Items = make([]ContactsTimelineEntry, len(p.Items))
		for i, r := range p.Items {
			out.Body.Items[i] = ContactsTimelineEntry{Kind: r.Kind, At: r.At, Ref: r.Ref, ConversationID: r.ConversationID, ActorName: r.ActorName,
				Body: r.Body, From: r.FromValue, To: r.ToValue, MessageCount: r.MessageCount, InboundCount: r.InboundCount,
				AmountMinor: r.AmountMinor, Currency: r.Currency, DueAt: r.DueAt}
		}
		out.Body.NextCursor = p.NextCursor
		return out, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-set-lead-status"), Method: http.MethodPut, Path: "/contacts/{id}/lead-status", Summary: "Move a contact along the pipeline",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *contactsLeadStatusInput) (*contactsDetailOutput, error) {
		d, err := s.SetLeadStatus(ctx, viewer(ctx), in.ID, in.Body.LeadStatus)
		if err != nil {
			return nil, err
		}
		return &contactsDetailOutput{Body: detailView(d)}, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-set-tags"), Method: http.MethodPut, Path: "/contacts/{id}/tags", Summary: "Replace a contact's tags",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *contactsTagsInput) (*contactsDetailOutput, error) {
		d, err := s.SetTags(ctx, viewer(ctx), in.ID, in.Body.Tags)
		if err != nil {
			return nil, err
		}
		return &contactsDetailOutput{Body: detailView(d)}, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-set-values"), Method: http.MethodPut, Path: "/contacts/{id}/custom-values", Summary: "Set custom field values",
		Description: "All or nothing: an unknown key or an invalid value fails the request, naming the field.", Errors: []int{404, 422},
	}, func(ctx context.Context, in *contactsValuesInput) (*contactsDetailOutput, error) {
		d, err := s.SetValues(ctx, viewer(ctx), in.ID, in.Body.Values)
		if err != nil {
			return nil, err
		}
		return &contactsDetailOutput{Body: detailView(d)}, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-note-create"), Method: http.MethodPost, Path: "/contacts/{id}/notes", Summary: "Add an internal note to a contact",
		DefaultStatus: http.StatusCreated, Errors: []int{404, 422},
	}, func(ctx context.Context, in *contactsNoteInput) (*contactsNoteOutput, error) {
		nid, err := s.AddNote(ctx, viewer(ctx), in.ID, in.Body.Body)
		if err != nil {
			return nil, err
		}
		out := &contactsNoteOutput{}
		out.Body.ID = nid.String()
		return out, nil
	})

	huma.Register(g, huma.Operation{
		OperationID: id("contact-field-list"), Method: http.MethodGet, Path: "/contact-fields", Summary: "The company's custom contact fields",
	}, func(ctx context.Context, _ *struct{}) (*contactsFieldListOutput, error) {
		v := viewer(ctx)
		l, err := s.Fields(ctx, v.CompanyID)
		if err != nil {
			return nil, err
		}
		out := &contactsFieldListOutput{}
		out.Body.Items = make([]ContactsField, len(l))
		for i, f := range l {
			if v.Agent {
				f.UsedCount = 0 // a count over the whole company is not the agent's to see
			}
			out.Body.Items[i] = fieldView(f)
		}
		return out, nil
	})
}

// RegisterCompany adds the company admin's CRM: every contact, and the custom field definitions.
func RegisterCompany(company huma.API, s *Service) {
	registerShared(company, s, "")

	huma.Register(company, huma.Operation{
		OperationID: "contact-field-create", Method: http.MethodPost, Path: "/contact-fields", Summary: "Add a custom contact field",
		DefaultStatus: http.StatusCreated, Errors: []int{409, 422},
	}, func(ctx context.Context, in *contactsFieldCreateInput) (*contactsFieldOutput, error) {
		b := in.Body
		f, err := s.CreateField(ctx, viewer(ctx).CompanyID, FieldInput{Key: b.Key, Label: b.Label, Type: b.Type, Options: b.Options, Position: b.Position})
		if err != nil {
			return nil, err
		}
		return &contactsFieldOutput{Body: fieldView(*f)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "contact-field-update", Method: http.MethodPut, Path: "/contact-fields/{id}", Summary: "Rename a field, change its options or place",
		Description: "A select field's values that are no longer an option are removed. Key and type do not change.", Errors: []int{404, 422},
	}, func(ctx context.Context, in *contactsFieldUpdateInput) (*contactsFieldOutput, error) {
		b := in.Body
		f, err := s.UpdateField(ctx, viewer(ctx).CompanyID, in.ID, FieldInput{Label: b.Label, Options: b.Options, Position: b.Position})
		if err != nil {
			return nil, err
		}
		return &contactsFieldOutput{Body: fieldView(*f)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "contact-field-delete", Method: http.MethodDelete, Path: "/contact-fields/{id}", Summary: "Delete a field and every contact's value for it",
		Errors: []int{404},
	}, func(ctx context.Context, in *contactsIDInput) (*contactsFieldDeleteOutput, error) {
		n, err := s.DeleteField(ctx, viewer(ctx).CompanyID, in.ID)
		if err != nil {
			return nil, err
		}
		out := &contactsFieldDeleteOutput{}
		out.Body.ValuesRemoved = n
		return out, nil
	})
}

// RegisterAgent adds the agent's CRM: only contacts of conversations assigned to them; anything else is not found.
func RegisterAgent(agent huma.API, s *Service) {
	registerShared(agent, s, "agent-")
}
