package reply

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/notify"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/successcase"
)

// What the auto-reply did with a customer message.
const (
	AutoAnswered   = "answered"
	AutoHandoff    = "handoff"
	AutoAfterHours = "after_hours"
)

// Why the auto-reply handed a conversation to a person.
const (
	HandoffRequested     = "requested"      // the customer asked for a person
	HandoffLowConfidence = "low_confidence" // the draft was flagged or not sure enough
	HandoffNoTrigger     = "no_trigger"     // the message matched none of the version's triggers
	HandoffUnavailable   = "unavailable"    // no draft: the AI budget is used up or the provider failed
	HandoffMedia         = "media"          // a photo, voice note or file without text, which the bot cannot read
)

// KindHandoff is the notification company admins get when the bot hands a chat over.
const KindHandoff = "ai_handoff"

// AutoOutcome is what AutoReply did; Action is empty when it did nothing.
type AutoOutcome struct {
	Action       string
	Reason       string
	Confidence   int
	SuggestionID uuid.UUID
	MessageID    uuid.UUID // the bot's message
}

// autoState is what AutoReply reads before it decides.
type autoState struct {
	companyID uuid.UUID
	conv      dbgen.Conversation
	msg       dbgen.Message
	cfg       versions.AiVersionAutoReply
	primary   string
	hours     company.BusinessHours
	loc       *time.Location
}

// errSkip rolls back a send whose conditions no longer hold once the conversation is locked.
var errSkip = errors.New("auto-reply: nothing to do")

// AutoReply lets the bot answer a customer message itself when the active
// version's auto-reply is on and no agent has the conversation (or always_on):
//
//  1. auto-reply off, the conversation closed or with an agent (unless
//     always_on), already handed to a person, or a newer customer message
//     waiting (its own job answers with the whole context) → nothing;
//  2. a message without text (a photo, a voice note) or asking for a person → hand off;
//  3. outside business hours with an after-hours message → send it, once per
//     conversation and closed period;
//  4. triggers set and none matches → hand off;
//  5. a suggestion (template first, else the model): flagged or less
//     confident than min_confidence → hand off; otherwise send it as the bot.
//
// Handing off keeps the conversation in the unassigned queue (or lets the
// assignment rules pick an agent), tells the customer a person is coming and
// notifies every company admin. Each message is acted on at most once,
// however often its job runs.
func (e *Engine) AutoReply(ctx context.Context, companyID, conversationID, messageID uuid.UUID) (AutoOutcome, error) {
	st, ok, err := e.autoLoad(ctx, companyID, conversationID, messageID)
	if err != nil || !ok {
		return AutoOutcome{}, err
	}
	text := st.msg.Body
	if strings.TrimSpace(text) == "" {
		return e.handoff(ctx, st, HandoffMedia, customerLanguage("", "", st.primary), nil, 0)
	}
	if phraseLang, asked := HandoffRequest(text); asked {
		return e.handoff(ctx, st, HandoffRequested, customerLanguage(text, phraseLang, st.primary), nil, 0)
	}
	if open, since := businessOpen(st.hours, st.loc, e.d.Now()); !open && st.cfg.AfterHoursMessage != "" {
		return e.commit(ctx, st, autoSend{action: AutoAfterHours, text: st.cfg.AfterHoursMessage, closedSince: since})
	}
	if len(st.cfg.Triggers) > 0 && !MatchesAny(text, st.cfg.Triggers) {
		return e.handoff(ctx, st, HandoffNoTrigger, customerLanguage(text, "", st.primary), nil, 0)
	}

	sug, err := e.autoSuggestion(ctx, st)
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.ENOTFOUND {
		return AutoOutcome{}, nil // the conversation is gone
	} else if errors.As(err, &ae) && (ae.Code == apperr.ELIMIT || ae.Code == apperr.ECONFLICT) {
		return e.handoff(ctx, st, HandoffUnavailable, customerLanguage(text, "", st.primary), nil, 0)
	} else if err != nil {
		return AutoOutcome{}, fmt.Errorf("reply.AutoReply: %w", err)
	}
	conf, err := e.confidence(ctx, st, sug)
	if err != nil {
		return AutoOutcome{}, fmt.Errorf("reply.AutoReply: %w", err)
	}
	if len(sug.Flags) > 0 || conf < st.cfg.MinConfidence {
		// The draft stays in the panel for the agent who takes over.
		return e.handoff(ctx, st, HandoffLowConfidence, customerLanguage(text, "", st.primary), &sug, conf)
	}
	return e.commit(ctx, st, autoSend{action: AutoAnswered, text: sug.Text, suggestion: &sug, confidence: conf})
}

// autoLoad reads what AutoReply decides on; false means there is nothing to do.
func (e *Engine) autoLoad(ctx context.Context, companyID, conversationID, messageID uuid.UUID) (autoState, bool, error) {
	st := autoState{companyID: companyID}
	ok := false
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		v, err := versions.Active(ctx, tx)
		if err != nil {
			return err
		}
		cfg := versions.ConfigOf(v)
		st.cfg, st.primary = cfg.AutoReply, cfg.PrimaryLanguage
		if !st.cfg.Enabled {
			return nil
		}
		if st.msg, err = tx.MessageGet(ctx, messageID); db.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		if st.conv, err = tx.ConversationGet(ctx, conversationID); db.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		if st.msg.Direction != "inbound" || st.msg.ConversationID != conversationID {
			return nil
		}
		if ok, err = stillEligible(ctx, tx, st); err != nil || !ok {
			return err
		}
		cs, err := tx.CompanySettingsGet(ctx, companyID)
		if err != nil {
			return err
		}
		st.hours = company.DefaultBusinessHours()
		if len(cs.BusinessHours) > 2 {
			st.hours = company.BusinessHours{}
			_ = json.Unmarshal(cs.BusinessHours, &st.hours)
		}
		if st.loc, err = time.LoadLocation(cs.Timezone); err != nil || cs.Timezone == "" {
			st.loc = time.UTC
		}
		return nil
	})
	if err != nil {
		return st, false, fmt.Errorf("reply.AutoReply: %w", err)
	}
	return st, ok, nil
}

// stillEligible checks, with the conversation as tx sees it, that the bot may act on st.msg.
func stillEligible(ctx context.Context, tx *db.Tx, st autoState) (bool, error) {
	if st.conv.Status != "open" || (st.conv.AssignedAgentID.Valid && !st.cfg.AlwaysOn) {
		return false, nil
	}
	if _, err := tx.AiAutoReplyGet(ctx, st.msg.ID); err == nil {
		return false, nil // already acted on
	} else if !db.IsNotFound(err) {
		return false, err
	}
	handed, err := tx.AiAutoReplyLastAction(ctx, dbgen.AiAutoReplyLastActionParams{CompanyID: st.companyID, ConversationID: st.conv.ID, Action: AutoHandoff})
	if err != nil {
		return false, err
	}
	if handed.After(time.Unix(0, 0)) {
		return false, nil // a person has it from here
	}
	latest, err := tx.AiAutoReplyLatestInbound(ctx, dbgen.AiAutoReplyLatestInboundParams{CompanyID: st.companyID, ConversationID: st.conv.ID})
	if err != nil || latest != st.msg.ID {
		return false, err
	}
	// A person answered while the job waited: the bot stays out of it.
	answered, err := tx.AiAutoReplyAnsweredSince(ctx, dbgen.AiAutoReplyAnsweredSinceParams{CompanyID: st.companyID, ConversationID: st.conv.ID, Since: st.msg.CreatedAt})
	return err == nil && !answered, err
}

// autoSuggestion is the bot's draft for the message: one it already made in an
// earlier run of the job, else a new one with no user.
func (e *Engine) autoSuggestion(ctx context.Context, st autoState) (dbgen.AiSuggestion, error) {
	var row dbgen.AiSuggestion
	found := false
	err := e.d.DB.WithTenant(ctx, st.companyID, func(tx *db.Tx) error {
		var err error
		row, err = tx.AiAutoReplyPendingSuggestion(ctx, uuid.NullUUID{UUID: st.msg.ID, Valid: true})
		if db.IsNotFound(err) {
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil || found {
		return row, err
	}
	s, err := e.Suggest(ctx, st.companyID, st.conv.ID, uuid.Nil)
	if err != nil {
		return row, err
	}
	return s.AiSuggestion, nil
}

// Confidence of a model reply (0..100). A model draft is grounded when the
// company's knowledge covers the customer's question: an FAQ or training
// passage is retrieved for it, or it names a catalog product. A hosted model
// may still answer well without grounding (greetings, small talk); the offline
// provider cannot, it only says the team will check.
const (
	confidenceGrounded        = 80
	confidenceModelUngrounded = 70
	confidenceOfflineAlone    = 20
)

// confidence is how sure the bot is of a suggestion, 0..100: a template's match
// score (pattern and example similarity, see successcase.Match) × 100; for the
// model, 0 when the safety check replaced the draft by the neutral fallback,
// else the grounding heuristic above.
func (e *Engine) confidence(ctx context.Context, st autoState, s dbgen.AiSuggestion) (int, error) {
	inbound, sm, err := e.recentInbound(ctx, st)
	if err != nil {
		return 0, err
	}
	last := st.msg.Body
	if s.Source == SourceTemplate {
		if e.d.Templates == nil {
			return int(successcase.Threshold * 100), nil
		}
		sm.Message, sm.Language = last, lang.Conversation(inbound).Language
		out, err := e.d.Templates.MatchForCompany(ctx, st.companyID, sm)
		if err != nil {
			return 0, err
		}
		if w := out.Result.Winner; w != nil && w.Template.ID == s.TemplateID.UUID {
			return clampPercent(w.Score), nil
		}
		// The templates changed since the suggestion: it passed the threshold then.
		return int(successcase.Threshold * 100), nil
	}
	if len(s.Flags) > 0 || strings.TrimSpace(s.Text) == Fallback(s.Language) {
		return 0, nil
	}
	grounded, err := e.grounded(ctx, st.companyID, last)
	if err != nil {
		return 0, err
	}
	switch {
	case grounded:
		return confidenceGrounded, nil
	case s.Provider == ai.ProviderOffline:
		return confidenceOfflineAlone, nil
	}
	return confidenceModelUngrounded, nil
}

func clampPercent(score float64) int {
	return int(math.Max(0, math.Min(100, math.Round(score*100))))
}

// recentInbound is the conversation's recent customer messages, oldest first,
// and what template matching knows about the conversation, as the bot's
// suggestion was matched with (see templateSample).
func (e *Engine) recentInbound(ctx context.Context, st autoState) ([]string, successcase.Sample, error) {
	var out []string
	var sm successcase.Sample
	err := e.d.DB.WithTenant(ctx, st.companyID, func(tx *db.Tx) error {
		msgs, err := tx.MessageListByConversation(ctx, dbgen.MessageListByConversationParams{CompanyID: st.companyID, ConversationID: st.conv.ID, Lim: HistoryTurns * 2})
		if err != nil {
			return err
		}
		for i := len(msgs) - 1; i >= 0; i-- {
			if msgs[i].Direction == "inbound" {
				out = append(out, msgs[i].Body)
			}
		}
		sm, err = templateSample(ctx, tx, st.conv, uuid.Nil, msgs)
		return err
	})
	return out, sm, err
}

// grounded reports whether the company's knowledge covers text (see confidence).
func (e *Engine) grounded(ctx context.Context, companyID uuid.UUID, text string) (bool, error) {
	if strings.TrimSpace(text) == "" {
		return false, nil
	}
	if e.d.Knowledge != nil {
		hits, err := e.d.Knowledge.Search(ctx, companyID, text, 1)
		if err != nil {
			return false, err
		}
		if len(hits) > 0 {
			return true, nil
		}
	}
	words := map[string]bool{}
	for _, w := range lang.Words(text) {
		if len([]rune(w)) >= 3 {
			words[w] = true
		}
	}
	named := false
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		products, err := tx.ProductSearch(ctx, dbgen.ProductSearchParams{ActiveOnly: true, RowLimit: 500})
		for _, p := range products {
			for _, w := range lang.Words(p.Name) {
				if words[w] {
					named = true
					return nil
				}
			}
		}
		return err
	})
	return named, err
}

// handoff hands the conversation to a person. sug is the draft the bot did not
// trust, when there is one.
func (e *Engine) handoff(ctx context.Context, st autoState, reason, language string, sug *dbgen.AiSuggestion, conf int) (AutoOutcome, error) {
	open, _ := businessOpen(st.hours, st.loc, e.d.Now())
	return e.commit(ctx, st, autoSend{action: AutoHandoff, reason: reason, text: handoffText(language, open), draft: sug, confidence: conf})
}

// autoSend is one thing the bot says, with what it records.
type autoSend struct {
	action, reason string
	text           string
	suggestion     *dbgen.AiSuggestion // the draft sent as the answer
	draft          *dbgen.AiSuggestion // a draft not sent (handoff)
	confidence     int
	closedSince    time.Time // after hours: when the closed period began
}

// commit sends what the bot decided, in one transaction with the conversation
// locked: the message (as the bot's), the suggestion marked sent, the handoff's
// assignment and notifications, and the record that makes it happen once.
func (e *Engine) commit(ctx context.Context, st autoState, s autoSend) (AutoOutcome, error) {
	if e.d.Channels == nil {
		return AutoOutcome{}, errors.New("reply.AutoReply: no channel service")
	}
	out := AutoOutcome{Action: s.action, Reason: s.reason}
	err := e.d.DB.WithTenant(ctx, st.companyID, func(tx *db.Tx) error {
		conv, err := tx.ConversationGetForUpdate(ctx, st.conv.ID)
		if err != nil {
			return err
		}
		cur := st
		cur.conv = conv
		if ok, err := stillEligible(ctx, tx, cur); err != nil {
			return err
		} else if !ok {
			return errSkip
		}
		if s.action == AutoAfterHours {
			last, err := tx.AiAutoReplyLastAction(ctx, dbgen.AiAutoReplyLastActionParams{CompanyID: st.companyID, ConversationID: conv.ID, Action: AutoAfterHours})
			if err != nil {
				return err
			}
			if last.After(time.Unix(0, 0)) && !last.Before(s.closedSince) {
				return errSkip // already told during this closed period
			}
		}
		msg, err := e.d.Channels.ReplyTx(ctx, tx, st.companyID, channel.Bot, conv.ID, s.text)
		if err != nil {
			return err
		}
		if err := tx.AiAutoReplyMarkMessage(ctx, msg.ID); err != nil {
			return err
		}
		out.MessageID = msg.ID
		rec := dbgen.AiAutoReplyInsertParams{CompanyID: st.companyID, MessageID: st.msg.ID, ConversationID: conv.ID, Action: s.action, Reason: s.reason,
			ReplyMessageID: uuid.NullUUID{UUID: msg.ID, Valid: true}, CreatedAt: e.d.Now()}
		if sg := s.suggestion; sg != nil {
			if _, err := tx.AiSuggestionMarkSent(ctx, dbgen.AiSuggestionMarkSentParams{ID: sg.ID, Status: StatusSent, FinalText: s.text,
				SentMessageID: uuid.NullUUID{UUID: msg.ID, Valid: true}}); err != nil {
				return err
			}
			if sg.TemplateID.Valid {
				if _, err := successcase.RecordSend(ctx, tx, st.companyID, sg.TemplateID.UUID, msg.ID); err != nil {
					return err
				}
			}
		}
		for _, sg := range []*dbgen.AiSuggestion{s.suggestion, s.draft} {
			if sg != nil {
				rec.SuggestionID = uuid.NullUUID{UUID: sg.ID, Valid: true}
				out.SuggestionID = sg.ID
				c := int16(s.confidence)
				rec.Confidence, out.Confidence = &c, s.confidence
			}
		}
		if s.action == AutoHandoff {
			if err := handOver(ctx, tx, conv, s.reason); err != nil {
				return err
			}
		}
		_, err = tx.AiAutoReplyInsert(ctx, rec)
		return err
	})
	if errors.Is(err, errSkip) {
		return AutoOutcome{}, nil
	} else if err != nil {
		return AutoOutcome{}, fmt.Errorf("reply.AutoReply: %w", err)
	}
	return out, nil
}

// handOver leaves conv in the queue, or lets the company's assignment rules
// give it to an agent, and tells every company admin (and the agent who has
// it) that a person is needed.
func handOver(ctx context.Context, tx *db.Tx, conv dbgen.Conversation, reason string) error {
	if !conv.AssignedAgentID.Valid {
		var err error
		if conv, err = inbox.OnConversationOpened(ctx, tx, conv); err != nil {
			return err
		}
	}
	who := "A customer"
	if ct, err := tx.ContactGet(ctx, conv.ContactID); err == nil {
		if n := strings.TrimSpace(ct.Name); n != "" {
			who = n
		} else if ct.ExternalID != "" {
			who = ct.ExternalID
		}
	} else if !db.IsNotFound(err) {
		return err
	}
	title := who + " needs a person"
	body := handoffReasons[reason]
	if conv.AssignedAgentID.Valid {
		body += " The chat is assigned."
	} else {
		body += " The chat waits in the unassigned queue."
	}
	admins, err := tx.UserListByCompanyRole(ctx, dbgen.UserListByCompanyRoleParams{CompanyID: uuid.NullUUID{UUID: conv.CompanyID, Valid: true}, Role: "company_admin"})
	if err != nil {
		return err
	}
	var to []uuid.UUID
	for _, a := range admins {
		if a.Status == "active" {
			to = append(to, a.ID)
		}
	}
	if conv.AssignedAgentID.Valid {
		to = append(to, conv.AssignedAgentID.UUID)
	}
	for _, id := range to {
		if _, err := notify.Add(ctx, tx, conv.CompanyID, notify.Note{UserID: id, Kind: KindHandoff, Title: title, Body: body, ConversationID: conv.ID}); err != nil {
			return err
		}
	}
	return nil
}

var handoffReasons = map[string]string{
	HandoffRequested:     "They asked to talk to a person; the AI auto-reply stepped back.",
	HandoffLowConfidence: "The AI auto-reply was not confident enough to answer; its draft is in the suggestion panel.",
	HandoffNoTrigger:     "The message matched none of the auto-reply triggers.",
	HandoffUnavailable:   "The AI could not answer (monthly AI budget used up or provider unavailable).",
	HandoffMedia:         "They sent a photo, voice note or file the AI cannot read.",
}

// handoffText tells the customer a person will take over, in their language;
// outside business hours it says when.
func handoffText(language string, open bool) string {
	type pair struct{ open, closed string }
	texts := map[string]pair{
		lang.English: {"Sure — I'm connecting you to a member of our team. They'll reply here shortly.",
			"Thanks — I've passed your message to our team. We're closed right now; they'll reply here as soon as we're back."},
		lang.Malay: {"Baik — saya sambungkan anda dengan ahli pasukan kami. Mereka akan membalas di sini sebentar lagi.",
			"Terima kasih — mesej anda telah dihantar kepada pasukan kami. Kami sudah tutup sekarang; mereka akan membalas di sini sebaik sahaja kami dibuka."},
		lang.Chinese: {"好的，我正在为您转接我们的团队成员，他们很快会在这里回复您。",
			"谢谢，您的消息已转交给我们的团队。我们现在已下班，上班后会尽快在这里回复您。"},
		lang.Tamil: {"சரி — உங்களை எங்கள் குழு உறுப்பினருடன் இணைக்கிறேன். அவர்கள் விரைவில் இங்கே பதிலளிப்பார்கள்.",
			"நன்றி — உங்கள் செய்தியை எங்கள் குழுவிடம் அனுப்பியுள்ளேன். இப்போது நாங்கள் மூடியுள்ளோம்; திறந்தவுடன் இங்கே பதிலளிப்பார்கள்."},
	}
	t, ok := texts[language]
	if !ok {
		t = texts[lang.English]
	}
	if open {
		return t.open
	}
	return t.closed
}

// customerLanguage is the language of the customer's message, else the
// language of the handoff phrase it used, else the version's.
func customerLanguage(text, phraseLang, primary string) string {
	for _, l := range []string{lang.Detect(text).Language, phraseLang, primary} {
		if l != "" {
			return l
		}
	}
	return lang.English
}

// businessOpen reports whether at falls inside the company's business hours
// (in its time zone) and, when it does not, when the closed period began: the
// last closing time within the past week, zero when it was never open.
func businessOpen(h company.BusinessHours, loc *time.Location, at time.Time) (bool, time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	lt := at.In(loc)
	keys := [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	for back := 0; back <= 7; back++ {
		day := time.Date(lt.Year(), lt.Month(), lt.Day()-back, 0, 0, 0, 0, loc)
		dh, ok := h[keys[day.Weekday()]]
		if !ok || !dh.Open {
			continue
		}
		start, okS := clock(day, dh.Start)
		end, okE := clock(day, dh.End)
		if !okS || !okE || !start.Before(end) {
			continue
		}
		if back == 0 && !lt.Before(start) && lt.Before(end) {
			return true, time.Time{}
		}
		if end.After(lt) {
			continue // today before opening: the period began on an earlier day
		}
		return false, end
	}
	return false, time.Time{}
}

// clock is "HH:MM" (or "24:00") on day.
func clock(day time.Time, hm string) (time.Time, bool) {
	hh, mm, ok := strings.Cut(hm, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || h < 0 || h > 24 || m < 0 || m > 59 {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, day.Location()), true
}

// AutoReplyWorker runs the auto-reply for a new customer message; the ingest
// queues it (channel.AutoReplyArgs) in the transaction that stored the message.
type AutoReplyWorker struct {
	river.WorkerDefaults[channel.AutoReplyArgs]
	Engine *Engine
}

// Work decides and answers.
func (w *AutoReplyWorker) Work(ctx context.Context, job *river.Job[channel.AutoReplyArgs]) error {
	_, err := w.Engine.AutoReply(ctx, job.Args.CompanyID, job.Args.ConversationID, job.Args.MessageID)
	return err
}

// Handoff phrases. Latin-script phrases match whole words in order; Chinese
// ones anywhere in the text; Tamil ones as word stems (suffixes such as
// -உடன் "with" follow them). Weak words ask for a person only in a short
// message or next to a verb of contact: "orang" alone is a request, "untuk 5
// orang" (for 5 people) is not.
var (
	handoffPhrases = map[string][]string{
		lang.English: {"real person", "real human", "live agent", "live person", "human agent", "talk to someone", "speak to someone",
			"speak with someone", "talk with someone", "customer service", "customer support", "someone real"},
		lang.Malay: {"nak cakap dengan orang", "cakap dengan orang", "bercakap dengan orang", "orang sebenar", "manusia sebenar",
			"orang betul", "khidmat pelanggan", "nak cakap dengan ejen"},
		lang.Chinese: {"人工", "真人", "客服"},
		lang.Tamil:   {"மனிதர", "முகவர"},
	}
	handoffWeak = map[string]string{
		"agent": lang.English, "human": lang.English, "person": lang.English, "someone": lang.English, "staff": lang.English,
		"representative": lang.English, "operator": lang.English,
		"orang": lang.Malay, "manusia": lang.Malay, "ejen": lang.Malay, "staf": lang.Malay,
	}
	contactVerbs = set("talk", "speak", "chat", "connect", "transfer", "contact", "reach",
		"cakap", "bercakap", "hubungi", "sambung", "sambungkan", "berbual", "bual", "panggil", "jumpa")
	quantityWords = set("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "lapan", "sembilan", "sepuluh", "beberapa", "ramai",
		"one", "two", "three", "four", "five", "six", "many", "few")
)

const shortMessage = 4 // words

func set(words ...string) map[string]bool {
	out := make(map[string]bool, len(words))
	for _, w := range words {
		out[w] = true
	}
	return out
}

// HandoffRequest reports whether a customer message asks for a person, and the
// language of the phrase it used. Case-insensitive and word-boundary aware; a
// message may mix languages.
func HandoffRequest(text string) (string, bool) {
	lower := strings.ToLower(text)
	// "人工智能" is artificial intelligence, not a human agent.
	lower = strings.ReplaceAll(lower, "人工智能", " ")
	words := tokens(lower)
	for _, l := range []string{lang.English, lang.Malay, lang.Chinese, lang.Tamil} {
		for _, p := range handoffPhrases[l] {
			if containsPhrase(lower, words, p) {
				return l, true
			}
		}
	}
	verb := false
	for _, w := range words {
		if contactVerbs[w] {
			verb = true
		}
	}
	for i, w := range words {
		l, ok := handoffWeak[w]
		if !ok || (i > 0 && (quantityWords[words[i-1]] || isNumber(words[i-1]))) {
			continue
		}
		if verb || len(words) <= shortMessage {
			return l, true
		}
	}
	return "", false
}

// MatchesAny reports whether text contains any of the phrases, by the same
// rules as HandoffRequest's phrases.
func MatchesAny(text string, phrases []string) bool {
	lower := strings.ToLower(text)
	words := tokens(lower)
	for _, p := range phrases {
		if p = strings.ToLower(strings.TrimSpace(p)); p != "" && containsPhrase(lower, words, p) {
			return true
		}
	}
	return false
}

// containsPhrase matches a lower-case phrase against lower-case text and its
// words: Han and Tamil phrases as substrings (no spaces between Chinese words;
// Tamil words take suffixes), others as a run of whole words.
func containsPhrase(lower string, words []string, phrase string) bool {
	for _, r := range phrase {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Tamil, r) {
			return strings.Contains(lower, phrase)
		}
	}
	want := tokens(phrase)
	if len(want) == 0 {
		return false
	}
	for i := 0; i+len(want) <= len(words); i++ {
		match := true
		for j, w := range want {
			if words[i+j] != w {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// tokens splits lower-case text into words: runs of letters, marks and digits
// (an apostrophe inside a word keeps it whole: "don't").
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsDigit(r) && r != '\''
	})
}

func isNumber(w string) bool {
	_, err := strconv.Atoi(w)
	return err == nil
}
