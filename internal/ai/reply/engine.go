// Package reply is the reply engine: for a conversation it detects the
// customer's language, offers a matching success-case template or else asks the
// company's active model version, checks the reply before anyone can send it,
// and stores the suggestion with its source, latency, tokens and what the agent
// did with it.
package reply

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/successcase"
)

// Sources of a suggestion.
const (
	SourceTemplate = "template"
	SourceModel    = "model"
)

// Statuses of a suggestion.
const (
	StatusSuggested = "suggested"
	StatusSent      = "sent"
	StatusEdited    = "edited"
	StatusIgnored   = "ignored"
)

// Deps are what the engine works with.
type Deps struct {
	DB        *db.DB
	Templates *successcase.Service
	Knowledge *knowledge.Service
	Channels  *channel.Service
	// Provider is the platform default provider.
	Provider ai.Provider
	// For returns the provider a version chose (kind is one of the ai.Provider*
	// names, "" for the platform default); nil always uses Provider.
	For func(kind, model string, fallback ai.Provider) ai.Provider
	// Timeout bounds one provider call; 0 means 30 seconds.
	Timeout time.Duration
	Now     func() time.Time
}

// Engine suggests replies.
type Engine struct {
	d Deps

	mu      sync.Mutex
	names   []dbgen.AiSuggestionCompanyNamesRow // every company's name, refreshed every namesTTL
	namesAt time.Time
}

const namesTTL = 5 * time.Minute

// New returns an engine over d.
func New(d Deps) *Engine {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Timeout == 0 {
		d.Timeout = 30 * time.Second
	}
	return &Engine{d: d}
}

// Suggestion is a stored suggestion with how the panel labels its source.
type Suggestion struct {
	dbgen.AiSuggestion
	Label string // "Template: <name>", "AI model v3", "offline"
}

// conversationState is what Suggest reads about a conversation.
type conversationState struct {
	conv      dbgen.Conversation
	customer  string
	history   []Turn
	lastIn    uuid.NullUUID
	company   Company
	ownName   string
	version   Version
	abVariant string // "a" or "b" when a running A/B test chose the version
	budget    dbgen.AiSuggestionBudgetRow
	dateFmt   string
	preferred string
	template  successcase.Sample // what template matching and personalisation know about the conversation
}

func monthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// load reads the conversation, its latest messages (oldest first), the company
// and its active version; userID is who asks for a suggestion (uuid.Nil for the bot).
func (e *Engine) load(ctx context.Context, companyID, conversationID, userID uuid.UUID) (conversationState, error) {
	var st conversationState
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		st.conv, err = tx.ConversationGet(ctx, conversationID)
		if db.IsNotFound(err) {
			return apperr.NotFound("conversation")
		} else if err != nil {
			return err
		}
		msgs, err := tx.MessageListByConversation(ctx, dbgen.MessageListByConversationParams{CompanyID: companyID, ConversationID: conversationID, Lim: HistoryTurns * 2})
		if err != nil {
			return err
		}
		if st.template, err = templateSample(ctx, tx, st.conv, userID, msgs); err != nil {
			return err
		}
		st.customer = st.template.Vars.CustomerName
		for i := len(msgs) - 1; i >= 0; i-- {
			m := msgs[i]
			text := m.Body
			if text == "" && m.Kind != "text" {
				text = "[" + m.Kind + "]"
			}
			st.history = append(st.history, Turn{Inbound: m.Direction == "inbound", Text: text})
			if m.Direction == "inbound" {
				st.lastIn = uuid.NullUUID{UUID: m.ID, Valid: true}
			}
		}
		if err := e.loadCompany(ctx, tx, companyID, &st); err != nil {
			return err
		}
		if err := abVersionFor(ctx, tx, companyID, conversationID, &st); err != nil {
			return err
		}
		st.budget, err = tx.AiSuggestionBudget(ctx, dbgen.AiSuggestionBudgetParams{CompanyID: companyID, Since: monthStart(e.d.Now())})
		return err
	})
	return st, err
}

// templateSample is what template matching and personalisation know about a
// conversation besides its messages: the customer's name and pipeline stage
// (the contact's lead status: new, contacted, qualified, proposal_sent,
// negotiation, won, lost), the agent's name (the conversation's agent, else
// userID, the person asking) and the product of the latest product card among
// msgs (newest first). Missing data stays empty and its placeholder is
// dropped. Contacts carry no lead score yet, so the lead-score rules are not
// applied (LeadScore nil). The company's name, currency and date format are
// added by successcase.MatchForCompany.
func templateSample(ctx context.Context, tx *db.Tx, conv dbgen.Conversation, userID uuid.UUID, msgs []dbgen.Message) (successcase.Sample, error) {
	var sm successcase.Sample
	c, err := tx.ContactGet(ctx, conv.ContactID)
	if err == nil {
		sm.Vars.CustomerName, sm.Stage = c.Name, c.LeadStatus
	} else if !db.IsNotFound(err) {
		return sm, err
	}
	agent := userID
	if conv.AssignedAgentID.Valid {
		agent = conv.AssignedAgentID.UUID
	}
	if agent != uuid.Nil {
		u, err := tx.UserGet(ctx, agent)
		if err == nil {
			sm.Vars.AgentName = u.Name
		} else if !db.IsNotFound(err) {
			return sm, err
		}
	}
	for _, m := range msgs {
		if !m.ProductID.Valid {
			continue
		}
		p, err := tx.ProductGet(ctx, m.ProductID.UUID)
		if err == nil {
			sm.Vars.ProductName, sm.Vars.Price = p.Name, &successcase.Money{Minor: p.PriceMinor, Currency: p.Currency}
		} else if !db.IsNotFound(err) {
			return sm, err
		}
		break
	}
	return sm, nil
}

func (e *Engine) loadCompany(ctx context.Context, tx *db.Tx, companyID uuid.UUID, st *conversationState) error {
	cc, err := tx.CompanyTemplateContext(ctx, companyID)
	if err != nil {
		return err
	}
	cs, err := tx.CompanySettingsGet(ctx, companyID)
	if err != nil {
		return err
	}
	st.ownName, st.dateFmt, st.preferred = cc.Name, cc.DateFormat, cs.PreferredLanguage
	st.company = Company{Name: cc.Name, Industry: cc.Industry, IndustryName: cs.CustomIndustryName, Country: cs.Country,
		Currency: cc.Currency, Timezone: cc.Timezone, Website: cs.Website}
	v, err := versions.Active(ctx, tx)
	if err != nil {
		return err
	}
	st.version = VersionOf(v)
	return nil
}

// DefaultVersion is a version with the default weights and no prompt of its own.
func DefaultVersion(language string) Version {
	if language == "" {
		language = lang.English
	}
	return Version{ResponseStyle: "friendly", PrimaryLanguage: language, Temperature: 0.7, MaxTokens: 500, Weights: DefaultWeights}
}

// replyLanguage is the conversation's detected language, else the company's.
func replyLanguage(history []Turn, primary string) string {
	var texts []string
	for _, t := range history {
		if t.Inbound {
			texts = append(texts, t.Text)
		}
	}
	if l := lang.Conversation(texts).Language; l != "" {
		return l
	}
	if primary != "" {
		return primary
	}
	return lang.English
}

// Suggest offers a reply for the conversation: a matching template first, else
// the company's active model version, or while an A/B test runs the version
// of the conversation's variant. Errors: ENOTFOUND, ELIMIT when the
// month's AI tokens are used up, ECONFLICT when the provider is unavailable.
func (e *Engine) Suggest(ctx context.Context, companyID, conversationID, userID uuid.UUID) (*Suggestion, error) {
	start := e.d.Now()
	st, err := e.load(ctx, companyID, conversationID, userID)
	if err != nil {
		return nil, err
	}
	var inbound []string
	for _, t := range st.history {
		if t.Inbound {
			inbound = append(inbound, t.Text)
		}
	}
	language := replyLanguage(st.history, st.version.PrimaryLanguage)
	id := uuid.New()
	if e.d.Templates != nil && len(inbound) > 0 {
		tpl, err := e.d.Templates.Suggest(ctx, companyID, id, inbound, st.template)
		if err != nil {
			return nil, fmt.Errorf("reply.Suggest: templates: %w", err)
		}
		if tpl != nil {
			row, err := e.store(ctx, dbgen.AiSuggestionInsertParams{CompanyID: companyID, ID: id, ConversationID: conversationID, MessageID: st.lastIn,
				Source: SourceTemplate, TemplateID: uuid.NullUUID{UUID: tpl.TemplateID, Valid: true}, Language: tpl.Language, Text: tpl.Response,
				Flags: []string{}, LatencyMs: ms(e.d.Now().Sub(start)), CreatedBy: nullID(userID)})
			if err != nil {
				return nil, err
			}
			return &Suggestion{AiSuggestion: row, Label: "Template: " + tpl.Name}, nil
		}
	}

	if st.budget.Used >= st.budget.TokenLimit {
		return nil, budgetExhausted()
	}
	src, facts, err := e.sources(ctx, companyID, st, language)
	if err != nil {
		return nil, err
	}
	language = src.Language
	req := BuildContext(st.version, src)
	facts.Instructions = InstructionText(st.version, src)
	prov := e.providerFor(st.version)
	if prov == nil {
		return nil, apperr.New(apperr.ECONFLICT, "No AI provider is configured.")
	}
	cctx, cancel := context.WithTimeout(ctx, e.d.Timeout)
	res, err := prov.Generate(cctx, req)
	cancel()
	switch {
	case errors.Is(err, ai.ErrBudgetExhausted) || errors.Is(err, ai.ErrSpendLimit):
		return nil, budgetExhausted()
	case err != nil:
		return nil, apperr.New(apperr.ECONFLICT, "The AI provider is unavailable right now. Try again, or reply yourself.")
	}
	text := strings.TrimSpace(res.Text)
	v := Check(text, facts)
	if text == "" {
		v = Verdict{Flags: []string{"empty"}}
	}
	if !v.Safe || text == "" {
		text = Fallback(language)
	}
	if v.Flags == nil {
		v.Flags = []string{}
	}
	provider := res.Provider
	if provider == "" {
		provider = prov.Name()
	}
	row, err := e.store(ctx, dbgen.AiSuggestionInsertParams{CompanyID: companyID, ID: id, ConversationID: conversationID, MessageID: st.lastIn,
		Source: SourceModel, VersionID: nullID(st.version.ID), AbVariant: st.abVariant, Provider: provider, Model: res.Model, Language: language, Text: text,
		Flags: v.Flags, LatencyMs: ms(e.d.Now().Sub(start)), InputTokens: res.Usage.InputTokens, OutputTokens: res.Usage.OutputTokens,
		CacheReadTokens: res.Usage.CacheReadTokens, CacheWriteTokens: res.Usage.CacheWriteTokens, CreatedBy: nullID(userID)})
	if err != nil {
		return nil, err
	}
	return &Suggestion{AiSuggestion: row, Label: modelLabel(provider, st.version)}, nil
}

// BudgetMessage is what the panel shows when the month's AI tokens are used up.
const BudgetMessage = "AI budget used up this month. Reply yourself, or ask the platform to raise the limit."

func budgetExhausted() error { return apperr.New(apperr.ELIMIT, BudgetMessage) }

func modelLabel(provider string, v Version) string {
	if provider == ai.ProviderOffline {
		return "offline"
	}
	if v.Number > 0 {
		return fmt.Sprintf("AI model v%d", v.Number)
	}
	return "AI model"
}

func ms(d time.Duration) int32 {
	if d < 0 {
		return 0
	}
	return int32(d.Milliseconds())
}

func nullID(id uuid.UUID) uuid.NullUUID { return uuid.NullUUID{UUID: id, Valid: id != uuid.Nil} }

func (e *Engine) providerFor(v Version) ai.Provider {
	if e.d.For != nil && (v.Provider != "" || v.Model != "") {
		if p := e.d.For(v.Provider, v.Model, e.d.Provider); p != nil {
			return p
		}
	}
	return e.d.Provider
}

func (e *Engine) store(ctx context.Context, p dbgen.AiSuggestionInsertParams) (dbgen.AiSuggestion, error) {
	var row dbgen.AiSuggestion
	err := e.d.DB.WithTenant(ctx, p.CompanyID, func(tx *db.Tx) error {
		var err error
		row, err = tx.AiSuggestionInsert(ctx, p)
		return err
	})
	if err != nil {
		return row, fmt.Errorf("reply.store: %w", err)
	}
	return row, nil
}

// sources loads the weighted knowledge for a context and the facts a reply may state.
func (e *Engine) sources(ctx context.Context, companyID uuid.UUID, st conversationState, language string) (Sources, Facts, error) {
	src := Sources{Company: st.company, Customer: st.customer, History: st.history, Language: language}
	facts := Facts{OwnName: st.ownName}
	facts.Allow("")
	w := st.version.Weights
	var last string
	for i := len(st.history) - 1; i >= 0; i-- {
		if st.history[i].Inbound {
			last = st.history[i].Text
			break
		}
	}
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		products, err := tx.ProductSearch(ctx, dbgen.ProductSearchParams{ActiveOnly: true, RowLimit: 500})
		if err != nil {
			return err
		}
		currency := ""
		for _, p := range products {
			currency = p.Currency
			price := catalog.FormatMoney(p.PriceMinor, p.Currency)
			facts.Amounts[hundredths(p.PriceMinor, p.Currency)] = true
			if p.Quantity != nil {
				facts.Quantities[int64(*p.Quantity)] = true
			}
			if p.StockStatus == "out_of_stock" {
				continue
			}
			link := ""
			if len(p.Links) > 0 {
				link = p.Links[0]
			}
			stock := strings.ReplaceAll(p.StockStatus, "_", " ")
			if p.Quantity != nil {
				stock = fmt.Sprintf("%s, %d available", stock, *p.Quantity)
			}
			src.Products = append(src.Products, ai.Product{Name: p.Name, Price: price, Stock: stock, Description: p.Description, Link: link})
		}
		src.Products = rankProducts(src.Products, last)
		packages, err := tx.PackageList(ctx, dbgen.PackageListParams{ActiveOnly: true, RowLimit: 200})
		if err != nil {
			return err
		}
		// Packages are priced in the company currency, as its products are.
		for _, p := range packages {
			if p.FixedPriceMinor != nil {
				facts.Amounts[hundredths(*p.FixedPriceMinor, currency)] = true
			}
			facts.Amounts[hundredths(p.ItemsTotalMinor, currency)] = true
			if p.DiscountBp > 0 {
				facts.Percents[int64(p.DiscountBp)] = true
				facts.Amounts[hundredths(p.ItemsTotalMinor*int64(10000-p.DiscountBp)/10000, currency)] = true
			}
		}
		return nil
	})
	if err != nil {
		return src, facts, fmt.Errorf("reply.sources: %w", err)
	}
	if e.d.Knowledge != nil {
		if src.Playbook, err = e.d.Knowledge.CompanyPlaybook(ctx, companyID); err != nil {
			return src, facts, err
		}
		if src.Voice, err = e.d.Knowledge.GetBrandVoice(ctx, companyID); err != nil {
			return src, facts, err
		}
		// A company that does not mirror the customer always answers in its own language.
		if src.Voice != nil && !src.Voice.MirrorCustomer && src.Voice.PrimaryLanguage != "" {
			src.Language = src.Voice.PrimaryLanguage
		}
		if (w.FAQs > 0 || w.Training > 0) && strings.TrimSpace(last) != "" {
			hits, err := e.d.Knowledge.Search(ctx, companyID, last, MaxFAQs+MaxChunks)
			if err != nil {
				return src, facts, err
			}
			for _, h := range hits {
				facts.Allow(h.Text)
				if h.Kind == knowledge.HitFAQ {
					src.FAQs = append(src.FAQs, ai.FAQ{Question: h.Question, Answer: h.Text, Language: h.Language})
				} else {
					src.Chunks = append(src.Chunks, h.Text)
				}
			}
		}
	}
	if e.d.Templates != nil && w.SuccessPatterns > 0 {
		list, err := e.d.Templates.ListForCompany(ctx, companyID, successcase.Filter{})
		if err != nil {
			return src, facts, err
		}
		src.Patterns = patterns(list, st.company.Industry, language)
	}
	names, err := e.otherCompanies(ctx, companyID)
	if err != nil {
		return src, facts, err
	}
	facts.OtherCompanies = names
	return src, facts, nil
}

// rankProducts puts the products the customer's message names first, keeping the catalog order otherwise.
func rankProducts(ps []ai.Product, message string) []ai.Product {
	words := map[string]bool{}
	for _, w := range lang.Words(message) {
		if len(w) >= 3 {
			words[w] = true
		}
	}
	if len(words) == 0 {
		return ps
	}
	var hit, rest []ai.Product
	for _, p := range ps {
		match := false
		for _, w := range lang.Words(p.Name) {
			if words[w] {
				match = true
				break
			}
		}
		if match {
			hit = append(hit, p)
		} else {
			rest = append(rest, p)
		}
	}
	return append(hit, rest...)
}

// patterns are the responses of the company's enabled templates for its
// industry that converted or were sent most, in the reply language when they have one.
func patterns(list []successcase.CompanyTemplate, industry, language string) []string {
	type scored struct {
		text  string
		score int64
	}
	var all []scored
	for _, t := range list {
		if !t.Setting.Enabled || !t.Row.IsActive {
			continue
		}
		tpl := successcase.FromRow(t.Row)
		if tpl.Industry != "" && tpl.Industry != industry {
			continue
		}
		text := tpl.Response
		if l, ok := tpl.Localized[language]; ok && l.Response != "" {
			text = l.Response
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		all = append(all, scored{text, t.Usage.Converted*10 + t.Usage.Sent})
	}
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && all[j].score > all[j-1].score; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	out := make([]string, 0, len(all))
	for _, s := range all {
		out = append(out, s.text)
	}
	return out
}

// otherCompanies lists the names of the platform's other companies. One list
// of every company serves all of them for a few minutes.
func (e *Engine) otherCompanies(ctx context.Context, companyID uuid.UUID) ([]string, error) {
	e.mu.Lock()
	all, fresh := e.names, e.namesAt.After(e.d.Now().Add(-namesTTL))
	e.mu.Unlock()
	if !fresh {
		err := e.d.DB.WithPlatform(ctx, func(tx *db.Tx) error {
			var err error
			all, err = tx.AiSuggestionCompanyNames(ctx)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("reply.otherCompanies: %w", err)
		}
		e.mu.Lock()
		e.names, e.namesAt = all, e.d.Now()
		e.mu.Unlock()
	}
	out := make([]string, 0, len(all))
	for _, c := range all {
		if c.ID != companyID {
			out = append(out, c.Name)
		}
	}
	return out, nil
}

// Get returns one suggestion. Errors: ENOTFOUND.
func (e *Engine) Get(ctx context.Context, companyID, id uuid.UUID) (dbgen.AiSuggestion, error) {
	var row dbgen.AiSuggestion
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		row, err = tx.AiSuggestionGet(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("suggestion")
		}
		return err
	})
	return row, err
}

// Send sends a suggestion through the conversation's channel: text as the agent
// edited it, or the suggestion itself when text is empty ("Send with AI"). It
// records whether the agent sent it as suggested or edited it.
// Errors: ENOTFOUND, ECONFLICT when it was already sent or ignored.
// An agent sender may send only in a conversation assigned to them.
func (e *Engine) Send(ctx context.Context, companyID uuid.UUID, from channel.Sender, id uuid.UUID, text string) (dbgen.AiSuggestion, dbgen.Message, error) {
	var row dbgen.AiSuggestion
	text = strings.TrimSpace(text)
	// Claim the suggestion first so a double click sends once.
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		cur, err := tx.AiSuggestionGetForUpdate(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("suggestion")
		} else if err != nil {
			return err
		}
		if cur.Status == StatusSent || cur.Status == StatusEdited {
			return apperr.New(apperr.ECONFLICT, "This suggestion was already sent.")
		}
		if text == "" {
			text = cur.Text
		}
		status := StatusSent
		if text != strings.TrimSpace(cur.Text) {
			status = StatusEdited
		}
		row, err = tx.AiSuggestionMarkSent(ctx, dbgen.AiSuggestionMarkSentParams{ID: id, Status: status, FinalText: text})
		return err
	})
	if err != nil {
		return row, dbgen.Message{}, err
	}
	msg, err := e.d.Channels.Reply(ctx, companyID, from, row.ConversationID, text)
	if err != nil {
		_ = e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			_, err := tx.AiSuggestionMarkSent(ctx, dbgen.AiSuggestionMarkSentParams{ID: id, Status: StatusSuggested})
			return err
		})
		return row, msg, err
	}
	err = e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		row, err = tx.AiSuggestionMarkSent(ctx, dbgen.AiSuggestionMarkSentParams{ID: id, Status: row.Status, FinalText: text, SentMessageID: nullID(msg.ID)})
		if err != nil {
			return err
		}
		if row.TemplateID.Valid {
			_, err = successcase.RecordSend(ctx, tx, companyID, row.TemplateID.UUID, msg.ID)
		}
		return err
	})
	if err != nil {
		return row, msg, fmt.Errorf("reply.Send: %w", err)
	}
	return row, msg, nil
}

// Rate records a 1–5 star rating. Errors: ENOTFOUND, EINVALID.
func (e *Engine) Rate(ctx context.Context, companyID, userID, id uuid.UUID, rating int) (dbgen.AiSuggestion, error) {
	if rating < 1 || rating > 5 {
		return dbgen.AiSuggestion{}, apperr.Invalid("body.rating", "Rate from 1 to 5 stars.")
	}
	r := int16(rating)
	var row dbgen.AiSuggestion
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		row, err = tx.AiSuggestionRate(ctx, dbgen.AiSuggestionRateParams{ID: id, Rating: &r, RatedBy: nullID(userID)})
		if db.IsNotFound(err) {
			return apperr.NotFound("suggestion")
		}
		return err
	})
	return row, err
}

// Ignore records that the agent dismissed a suggestion. Ignoring it again
// changes nothing. Errors: ENOTFOUND, ECONFLICT when it was sent.
func (e *Engine) Ignore(ctx context.Context, companyID, id uuid.UUID) (dbgen.AiSuggestion, error) {
	var row dbgen.AiSuggestion
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		cur, err := tx.AiSuggestionGetForUpdate(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("suggestion")
		} else if err != nil {
			return err
		}
		if cur.Status == StatusIgnored {
			row = cur
			return nil
		}
		if cur.Status != StatusSuggested {
			return apperr.New(apperr.ECONFLICT, "This suggestion was already sent.")
		}
		row, err = tx.AiSuggestionMarkIgnored(ctx, id)
		return err
	})
	return row, err
}

// Preview assembles the context a draft version would send for a sample
// conversation, without calling any provider or storing anything.
func (e *Engine) Preview(ctx context.Context, companyID uuid.UUID, v dbgen.AiModelVersion, sample []ai.Message) (ai.Request, error) {
	var st conversationState
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		return e.loadCompany(ctx, tx, companyID, &st)
	})
	if err != nil {
		return ai.Request{}, fmt.Errorf("reply.Preview: %w", err)
	}
	st.version = VersionOf(v)
	for _, m := range sample {
		st.history = append(st.history, Turn{Inbound: m.Role != "assistant", Text: m.Text})
	}
	language := replyLanguage(st.history, st.version.PrimaryLanguage)
	src, _, err := e.sources(ctx, companyID, st, language)
	if err != nil {
		return ai.Request{}, err
	}
	return BuildContext(st.version, src), nil
}

// hundredths turns a catalog amount in the currency's minor units into
// hundredths of a unit, the scale the safety check reads prices in: RM 45.00
// (4500 sen) stays 4500, Rp 150.000 (no minor unit) becomes 15000000.
func hundredths(minor int64, currency string) int64 {
	switch catalog.CurrencyExponent(currency) {
	case 0:
		return minor * 100
	case 3:
		return minor / 10
	}
	return minor
}
