package inbox

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
)

// Page sizes of the admin's conversation list.
const (
	ListDefaultLimit = 30
	ListMaxLimit     = 100
	// ListMinSearch is the shortest search text: a single character matches
	// nearly everything.
	ListMinSearch = 2
	// AgentUnassigned as ConversationFilter.Agent keeps the conversations nobody has.
	AgentUnassigned = "unassigned"
)

// ConversationFilter narrows the admin's conversation list; zero fields do not filter.
type ConversationFilter struct {
	Agent      string // an agent's id, or AgentUnassigned
	Status     string // open, closed, won or lost (closed with that outcome)
	LeadColour string // hot, warm or cold
	Channel    string // telegram or whatsapp
	From, To   string // days (YYYY-MM-DD, inclusive) of the last message, in the company's time zone
	Query      string // in the contact's name, phone, username or chat id, or in any message
	IDs        []uuid.UUID
	Cursor     string // the previous page's NextCursor
	Limit      int
}

// ConversationPage is one page of the list, newest activity first.
type ConversationPage struct {
	Items      []dbgen.ConversationListFilteredRow
	NextCursor string // "" on the last page
}

// ConversationList returns every conversation of the company matching f, in
// one statement whatever the page size. Codes: invalid (naming the query field).
func (s *Service) ConversationList(ctx context.Context, companyID uuid.UUID, f ConversationFilter) (*ConversationPage, error) {
	if _, err := listParams(companyID, f); err != nil {
		return nil, err
	}
	var page *ConversationPage
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		page, err = ConversationListTx(ctx, tx, companyID, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.ConversationList: %w", err)
	}
	return page, nil
}

// ConversationListTx is ConversationList inside the caller's tenant transaction.
func ConversationListTx(ctx context.Context, tx *db.Tx, companyID uuid.UUID, f ConversationFilter) (*ConversationPage, error) {
	p, err := listParams(companyID, f)
	if err != nil {
		return nil, err
	}
	// Each optional filter is "$n IS NULL OR …": a generic plan cannot know
	// which filters are off, so it estimates one row and reads every
	// conversation. Plan each call with its own values instead.
	if _, err := tx.Exec(ctx, "SET LOCAL plan_cache_mode = force_custom_plan"); err != nil {
		return nil, err
	}
	if p.Pattern != nil {
		done, err := narrowSearch(ctx, tx, &p)
		if err != nil {
			return nil, err
		}
		if done {
			return &ConversationPage{Items: []dbgen.ConversationListFilteredRow{}}, nil
		}
	}
	rows, err := tx.ConversationListFiltered(ctx, p)
	if err != nil {
		return nil, err
	}
	page := &ConversationPage{Items: rows}
	if limit := int(p.PageSize) - 1; len(rows) > limit {
		page.Items = rows[:limit]
		last := page.Items[limit-1]
		page.NextCursor = encodeCursor(last.LastMessageAt, last.ID)
	}
	return page, nil
}

// searchIDLimit is how many matches the indexed search may return before the
// list falls back to checking each conversation in page order (a common word
// fills a page at once that way).
var searchIDLimit = 2000

// narrowSearch turns a text search into a list of ids when the indexed search
// finds all its matches (a rare word), so the list reads only those
// conversations. It reports done when nothing can match.
func narrowSearch(ctx context.Context, tx *db.Tx, p *dbgen.ConversationListFilteredParams) (bool, error) {
	found, err := tx.ConversationSearchIDs(ctx, dbgen.ConversationSearchIDsParams{Pattern: *p.Pattern, Lim: int32(searchIDLimit)})
	if err != nil {
		return false, err
	}
	if len(found) >= searchIDLimit {
		return false, nil // a common word: keep the pattern
	}
	ids := make([]uuid.UUID, 0, len(found))
	seen := make(map[uuid.UUID]bool, len(found))
	var only map[uuid.UUID]bool
	if p.OnlyIds != nil {
		only = make(map[uuid.UUID]bool, len(p.OnlyIds))
		for _, id := range p.OnlyIds {
			only[id] = true
		}
	}
	for _, id := range found {
		if !seen[id] && (only == nil || only[id]) {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return true, nil
	}
	p.Pattern, p.OnlyIds = nil, ids
	return false, nil
}

// listParams validates f into the query's parameters, asking for one row more
// than the page to learn whether another page follows.
func listParams(companyID uuid.UUID, f ConversationFilter) (dbgen.ConversationListFilteredParams, error) {
	p := dbgen.ConversationListFilteredParams{CompanyID: companyID}
	if f.Limit <= 0 {
		f.Limit = ListDefaultLimit
	}
	if f.Limit > ListMaxLimit {
		return p, apperr.Invalid("query.limit", fmt.Sprintf("Show at most %d conversations per page.", ListMaxLimit))
	}
	p.PageSize = int32(f.Limit + 1)
	switch a := strings.TrimSpace(f.Agent); a {
	case "":
	case AgentUnassigned:
		p.UnassignedOnly = true
	default:
		id, err := uuid.Parse(a)
		if err != nil {
			return p, apperr.Invalid("query.agent", `Choose an agent, or "unassigned".`)
		}
		p.AgentID = uuid.NullUUID{UUID: id, Valid: true}
	}
	status, err := oneOf("query.status", f.Status, "open", "closed", "won", "lost")
	if err != nil {
		return p, err
	}
	if status != nil && (*status == "won" || *status == "lost") {
		p.OutcomeFilter = status
	} else {
		p.ConvStatus = status
	}
	if p.Lead, err = oneOf("query.lead_colour", f.LeadColour, "hot", "warm", "cold"); err != nil {
		return p, err
	}
	if p.Chan, err = oneOf("query.channel", f.Channel, "telegram", "whatsapp"); err != nil {
		return p, err
	}
	if p.FromDay, err = day("query.from", f.From); err != nil {
		return p, err
	}
	if p.ToDay, err = day("query.to", f.To); err != nil {
		return p, err
	}
	if p.FromDay.Valid && p.ToDay.Valid && p.ToDay.Time.Before(p.FromDay.Time) {
		return p, apperr.Invalid("query.to", "The last day is before the first day.")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if utf8.RuneCountInString(q) < ListMinSearch {
			return p, apperr.Invalid("query.q", fmt.Sprintf("Search for at least %d characters.", ListMinSearch))
		}
		pattern := "%" + db.EscapeLike(q) + "%"
		p.Pattern = &pattern
	}
	if f.IDs != nil {
		p.OnlyIds = f.IDs
	}
	if f.Cursor != "" {
		at, id, ok := decodeCursor(f.Cursor)
		if !ok {
			return p, apperr.Invalid("query.cursor", "The page cursor is not valid; start from the first page.")
		}
		p.AfterAt, p.AfterID = &at, uuid.NullUUID{UUID: id, Valid: true}
	}
	return p, nil
}

func oneOf(field, v string, allowed ...string) (*string, error) {
	if v == "" {
		return nil, nil
	}
	for _, a := range allowed {
		if v == a {
			return &v, nil
		}
	}
	return nil, apperr.Invalid(field, "Must be one of "+strings.Join(allowed, ", ")+".")
}

func day(field, v string) (pgtype.Date, error) {
	if v == "" {
		return pgtype.Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return pgtype.Date{}, apperr.Invalid(field, "Give a date as YYYY-MM-DD.")
	}
	return pgtype.Date{Time: t, Valid: true}, nil
}

// The cursor is the last row's position, opaque to clients: microseconds since
// the epoch (PostgreSQL's precision) and the id, base64url encoded.
func encodeCursor(at time.Time, id uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at.UnixMicro(), 10) + "." + id.String()))
}

func decodeCursor(s string) (time.Time, uuid.UUID, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, uuid.Nil, false
	}
	micros, idText, ok := strings.Cut(string(raw), ".")
	if !ok {
		return time.Time{}, uuid.Nil, false
	}
	us, err := strconv.ParseInt(micros, 10, 64)
	if err != nil {
		return time.Time{}, uuid.Nil, false
	}
	id, err := uuid.Parse(idText)
	if err != nil {
		return time.Time{}, uuid.Nil, false
	}
	return time.UnixMicro(us).UTC(), id, true
}

// InboxConversationItem is a conversation in the admin's list: its contact,
// agent, last message, and whether the customer waits for a reply.
type InboxConversationItem struct {
	ID                string     `json:"id"`
	Channel           string     `json:"channel" enum:"telegram,whatsapp"`
	Status            string     `json:"status" enum:"open,closed"`
	Outcome           string     `json:"outcome" enum:"won,lost," doc:"How a closed conversation ended; empty while open or closed without a sale decided."`
	LeadColour        *string    `json:"lead_colour" nullable:"true" enum:"hot,warm,cold" doc:"null: not scored yet."`
	ContactID         string     `json:"contact_id"`
	ContactName       string     `json:"contact_name"`
	ContactExternalID string     `json:"contact_external_id" doc:"Telegram chat id or WhatsApp number."`
	ContactPhone      string     `json:"contact_phone"`
	ContactUsername   string     `json:"contact_username"`
	LastMessage       string     `json:"last_message" doc:"The last message's first 200 characters."`
	LastKind          string     `json:"last_kind"`
	LastDirection     string     `json:"last_direction" enum:"inbound,outbound,"`
	LastMessageAt     time.Time  `json:"last_message_at"`
	CreatedAt         time.Time  `json:"created_at"`
	AssignedAgentID   *string    `json:"assigned_agent_id" nullable:"true" doc:"null: waiting in the unassigned queue."`
	AssignedAgentName string     `json:"assigned_agent_name"`
	Unanswered        int32      `json:"unanswered" doc:"Customer messages since the last reply (counted up to 100)."`
	Waiting           bool       `json:"waiting" doc:"Open, and the customer's message is the last one."`
	WaitingSince      *time.Time `json:"waiting_since" nullable:"true" doc:"The first unanswered customer message."`
}

func listItem(r dbgen.ConversationListFilteredRow) InboxConversationItem {
	v := InboxConversationItem{ID: r.ID.String(), Channel: r.Channel, Status: r.Status, Outcome: r.Outcome, LeadColour: r.LeadColour, ContactID: r.ContactID.String(),
		ContactName: r.ContactName, ContactExternalID: r.ContactExternalID, ContactPhone: r.ContactPhone, ContactUsername: r.ContactUsername,
		LastMessage: preview(r.LastBody), LastKind: r.LastKind, LastDirection: r.LastDirection, LastMessageAt: r.LastMessageAt, CreatedAt: r.CreatedAt,
		AssignedAgentID: idPtr(r.AssignedAgentID), AssignedAgentName: r.AssignedAgentName, Unanswered: r.Unanswered}
	if r.Unanswered > 0 {
		t := r.WaitingSince
		v.WaitingSince = &t
		v.Waiting = r.Status == "open"
	}
	return v
}

type inboxConversationListInput struct {
	Agent      string   `query:"agent" maxLength:"36" doc:"Only this agent's conversations, or \"unassigned\" for those nobody has."`
	Status     string   `query:"status" enum:"open,closed,won,lost," doc:"open, closed, or closed as won or lost."`
	LeadColour string   `query:"lead_colour" enum:"hot,warm,cold," doc:"Only conversations of this lead colour."`
	Channel    string   `query:"channel" enum:"telegram,whatsapp," doc:"Only this channel."`
	From       string   `query:"from" format:"date" doc:"Last message on or after this day (YYYY-MM-DD, in the company's time zone)."`
	To         string   `query:"to" format:"date" doc:"Last message on or before this day (YYYY-MM-DD, in the company's time zone)."`
	Q          string   `query:"q" maxLength:"100" doc:"Text in the contact's name, phone, username or chat id, or in any message; at least 2 characters."`
	IDs        []string `query:"ids" maxItems:"100" doc:"Only these conversations (comma-separated ids), still filtered: how a live view refreshes what an event names."`
	Cursor     string   `query:"cursor" maxLength:"200" doc:"next_cursor of the previous page."`
	Limit      int32    `query:"limit" minimum:"1" maximum:"100" default:"30"`
}

type inboxConversationListOutput struct {
	Body struct {
		Items      []InboxConversationItem `json:"items"`
		NextCursor string                  `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page."`
	}
}

// RegisterList adds the company admin's list of every conversation, filtered and paged.
func RegisterList(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "message-conversation-list", Method: http.MethodGet, Path: "/conversations", Summary: "Every conversation, filtered",
		Description: "All conversations of the company whoever handles them, most recent activity first, in pages of up to 100 (keyset: " +
			"pass next_cursor as cursor). Filters combine.", Errors: []int{422},
	}, func(ctx context.Context, in *inboxConversationListInput) (*inboxConversationListOutput, error) {
		f := ConversationFilter{Agent: in.Agent, Status: in.Status, LeadColour: in.LeadColour, Channel: in.Channel, From: in.From, To: in.To,
			Query: in.Q, Cursor: in.Cursor, Limit: int(in.Limit)}
		if in.IDs != nil {
			f.IDs = make([]uuid.UUID, 0, len(in.IDs))
			for _, raw := range in.IDs {
				id, err := uuid.Parse(strings.TrimSpace(raw))
				if err != nil {
					return nil, apperr.Invalid("query.ids", "Not a conversation id: "+raw)
				}
				f.IDs = append(f.IDs, id)
			}
		}
		page, err := s.ConversationList(ctx, identity.PrincipalFrom(ctx).CompanyID, f)
		if err != nil {
			return nil, err
		}
		out := &inboxConversationListOutput{}
		out.Body.Items = make([]InboxConversationItem, len(page.Items))
		for i, r := range page.Items {
			out.Body.Items[i] = listItem(r)
		}
		out.Body.NextCursor = page.NextCursor
		return out, nil
	})
}
