package successcase

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// CompanyTemplate is a template as a company sees it: global or its own, with
// its setting and its usage in this company.
type CompanyTemplate struct {
	Row        dbgen.SuccessCaseTemplate
	Setting    Setting
	Configured bool // the company saved a setting (otherwise DefaultSetting)
	Usage      Usage
	Library    *Usage // a global template's effectiveness across all companies (totals only)
}

// ListForCompany returns the templates companyID can use, with its settings and usage.
func (s *Service) ListForCompany(ctx context.Context, companyID uuid.UUID, f Filter) ([]CompanyTemplate, error) {
	var out []CompanyTemplate
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		rows, err := tx.SuccessCaseTemplateList(ctx, f.params())
		if err != nil {
			return err
		}
		settings, usage, err := companyState(ctx, tx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			ct := CompanyTemplate{Row: r, Setting: DefaultSetting}
			if st, ok := settings[r.ID]; ok {
				ct.Setting, ct.Configured = st, true
			}
			if u, ok := usage[r.ID]; ok {
				ct.Usage = Usage{Used: int64(u.UsedCount), Sent: int64(u.SentCount), Converted: int64(u.ConversionCount), LastUsedAt: u.LastUsedAt}
			}
			out = append(out, ct)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.libraryUsage(ctx, out)
}

// MinCompaniesForLibraryStats is how many companies must have used a global
// template before companies are shown its totals across the platform.
const MinCompaniesForLibraryStats = 5

// libraryUsage adds each global template's effectiveness across companies: totals
// only, read in the platform scope, never another company's own figures or ids.
func (s *Service) libraryUsage(ctx context.Context, items []CompanyTemplate) error {
	return s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		totals, err := tx.CompanyTemplateUsageTotals(ctx)
		if err != nil {
			return err
		}
		byID := map[uuid.UUID]Usage{}
		for _, t := range totals {
			// Fewer companies than this and the totals would let one company work out another's figures.
			if t.Companies >= MinCompaniesForLibraryStats {
				byID[t.TemplateID] = Usage{Used: t.Used, Sent: t.Sent, Converted: t.Converted}
			}
		}
		for i := range items {
			if items[i].Row.CompanyID.Valid {
				continue
			}
			if u, ok := byID[items[i].Row.ID]; ok {
				items[i].Library = &u
			}
		}
		return nil
	})
}

func companyState(ctx context.Context, tx *db.Tx) (map[uuid.UUID]Setting, map[uuid.UUID]dbgen.CompanyTemplateUsage, error) {
	ss, err := tx.CompanyTemplateSettingList(ctx)
	if err != nil {
		return nil, nil, err
	}
	settings := map[uuid.UUID]Setting{}
	for _, s := range ss {
		settings[s.TemplateID] = SettingFromRow(s)
	}
	us, err := tx.CompanyTemplateUsageList(ctx)
	if err != nil {
		return nil, nil, err
	}
	usage := map[uuid.UUID]dbgen.CompanyTemplateUsage{}
	for _, u := range us {
		usage[u.TemplateID] = u
	}
	return settings, usage, nil
}

// CreateForCompany adds a company-only template. Errors: EINVALID.
func (s *Service) CreateForCompany(ctx context.Context, companyID, actor uuid.UUID, in Input) (dbgen.SuccessCaseTemplate, error) {
	var r dbgen.SuccessCaseTemplate
	if err := in.validate("body"); err != nil {
		return r, err
	}
	in.Recommended = false
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if r, err = tx.SuccessCaseTemplateCreate(ctx, in.createParams(nullID(companyID), nullID(actor))); err != nil {
			return err
		}
		return snapshot(ctx, tx, r, nullID(actor), "template.created")
	})
	return r, err
}

// getOwn returns a company's own template: ENOTFOUND when invisible, EFORBIDDEN for a global one.
func getOwn(ctx context.Context, tx *db.Tx, id uuid.UUID) (dbgen.SuccessCaseTemplate, error) {
	r, err := getVisible(ctx, tx, id)
	if err == nil && !r.CompanyID.Valid {
		return r, errNotOwn
	}
	return r, err
}

// UpdateForCompany saves a new version of a company-only template. Errors: EINVALID, ENOTFOUND, EFORBIDDEN (global template).
func (s *Service) UpdateForCompany(ctx context.Context, companyID, actor, id uuid.UUID, in Input) (dbgen.SuccessCaseTemplate, error) {
	var r dbgen.SuccessCaseTemplate
	if err := in.validate("body"); err != nil {
		return r, err
	}
	in.Recommended = false
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := getOwn(ctx, tx, id); err != nil {
			return err
		}
		var err error
		if r, err = tx.SuccessCaseTemplateUpdate(ctx, in.updateParams(id)); err != nil {
			return err
		}
		return snapshot(ctx, tx, r, nullID(actor), "template.updated")
	})
	return r, err
}

// DeleteForCompany removes a company-only template. Errors: ENOTFOUND, EFORBIDDEN (global template).
func (s *Service) DeleteForCompany(ctx context.Context, companyID, id uuid.UUID) error {
	return s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := getOwn(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.SuccessCaseTemplateDelete(ctx, id); err != nil {
			return err
		}
		return audited(ctx, tx, companyID, "template.deleted", id, map[string]any{"name": r.Name})
	})
}

// UpdateSetting saves companyID's setting for a template it can see (global or
// its own); the template itself is never changed. Errors: ENOTFOUND, EINVALID.
func (s *Service) UpdateSetting(ctx context.Context, companyID, id uuid.UUID, st Setting) (Setting, error) {
	overrides := map[string]string{}
	for k, v := range st.Custom.Overrides {
		l, ok := lang.Normalize(k)
		if !ok {
			return st, apperr.Invalid("body.customization.overrides", k+" is not a supported language.")
		}
		overrides[l] = v
	}
	st.Custom.Overrides = overrides
	custom, err := json.Marshal(st.Custom)
	if err != nil {
		return st, err
	}
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := getVisible(ctx, tx, id); err != nil {
			return err
		}
		row, err := tx.CompanyTemplateSettingUpsert(ctx, dbgen.CompanyTemplateSettingUpsertParams{CompanyID: companyID, TemplateID: id,
			IsEnabled: st.Enabled, IsPreferred: st.Preferred, Priority: st.Priority, Customization: custom})
		if err != nil {
			return err
		}
		st = SettingFromRow(row)
		return audited(ctx, tx, companyID, "template.settings_updated", id, map[string]any{"enabled": st.Enabled, "preferred": st.Preferred,
			"priority": st.Priority, "customized": !st.Custom.IsZero()})
	})
	return st, err
}

// Languages returns the languages whose templates companyID uses (all when never chosen).
func (s *Service) Languages(ctx context.Context, companyID uuid.UUID) ([]string, error) {
	var out []string
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = languages(ctx, tx, companyID)
		return err
	})
	return out, err
}

func languages(ctx context.Context, tx *db.Tx, companyID uuid.UUID) ([]string, error) {
	ls, err := tx.CompanyTemplateLanguagesGet(ctx, companyID)
	if db.IsNotFound(err) {
		return append([]string(nil), lang.All...), nil
	}
	return ls, err
}

// SetLanguages chooses the languages whose templates companyID uses ("bm" accepted). Errors: EINVALID.
func (s *Service) SetLanguages(ctx context.Context, companyID uuid.UUID, in []string) ([]string, error) {
	var out []string
	for _, l := range in {
		n, ok := lang.Normalize(l)
		if !ok {
			return nil, apperr.Invalid("body.languages", l+" is not a supported language.")
		}
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		return tx.CompanyTemplateLanguagesSet(ctx, dbgen.CompanyTemplateLanguagesSetParams{CompanyID: companyID, Languages: out})
	})
	return out, err
}

// Sample is what a test bench message is matched with.
type Sample struct {
	Message   string
	Language  string // "" to detect; "bm" accepted
	Industry  string // platform bench only: the industry to test as
	Stage     string
	LeadScore *int32
	Vars      Vars // customer and product values to preview the personalisation
}

// Outcome is a test bench or suggestion result.
type Outcome struct {
	Detected lang.Result
	Language string // the language matched in (detected, or the one asked for)
	Result   Result
	Response string // the winner's personalised response; "" when the AI model answers instead
}

// MatchForCompany matches a message against companyID's templates as the reply
// engine would, and personalises the winner. It records nothing.
func (s *Service) MatchForCompany(ctx context.Context, companyID uuid.UUID, sm Sample) (Outcome, error) {
	var out Outcome
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		rows, err := tx.SuccessCaseTemplateList(ctx, dbgen.SuccessCaseTemplateListParams{})
		if err != nil {
			return err
		}
		settings, _, err := companyState(ctx, tx)
		if err != nil {
			return err
		}
		cc, err := tx.CompanyTemplateContext(ctx, companyID)
		if err != nil {
			return err
		}
		active, err := languages(ctx, tx, companyID)
		if err != nil {
			return err
		}
		ix := s.indexes.index(companyID, rows).withSettings(settings)
		v := sm.Vars
		if v.CompanyName == "" {
			v.CompanyName = cc.Name
		}
		if v.Price != nil && v.Price.Currency == "" {
			v.Price.Currency = cc.Currency
		}
		v.DateFormat, v.TimeZone = cc.DateFormat, cc.Timezone
		out = run(ix, sm, cc.Industry, active, v)
		return nil
	})
	return out, err
}

// MatchGlobal is the super admin's test bench: the whole active library with
// default settings, for a company of sm.Industry.
func (s *Service) MatchGlobal(ctx context.Context, sm Sample) (Outcome, error) {
	var out Outcome
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		g := "global"
		rows, err := tx.SuccessCaseTemplateList(ctx, dbgen.SuccessCaseTemplateListParams{Owner: &g})
		if err != nil {
			return err
		}
		ix := s.indexes.index(uuid.Nil, rows)
		v := sm.Vars
		if v.CompanyName == "" {
			v.CompanyName = "Sembang Demo"
		}
		if v.Price != nil && v.Price.Currency == "" {
			v.Price.Currency = "MYR"
		}
		out = run(ix, sm, sm.Industry, nil, v)
		return nil
	})
	return out, err
}

func run(ix *Index, sm Sample, industry string, active []string, v Vars) Outcome {
	out := Outcome{Detected: lang.Detect(sm.Message)}
	out.Language = out.Detected.Language
	if l, ok := lang.Normalize(sm.Language); ok {
		out.Language = l
	}
	if out.Language == "" {
		out.Language = lang.English
	}
	if v.Date.IsZero() {
		v.Date = time.Now()
	}
	out.Result = ix.Match(sm.Message, Context{Language: out.Language, Industry: industry, ActiveLanguages: active, Stage: sm.Stage, LeadScore: sm.LeadScore})
	if w := out.Result.Winner; w != nil {
		out.Response = Render(w.Response, out.Language, w.Setting.Custom, v)
	}
	return out
}

// Suggestion is the template reply the reply engine offers for a conversation.
type Suggestion struct {
	TemplateID uuid.UUID
	Name       string
	Language   string
	Response   string
	Reasons    []string
}

// Suggest is the reply engine's first step: it matches the conversation's
// latest customer message (language from the recent majority of messages,
// oldest first) against companyID's templates and, when one wins, records its
// use once for suggestionID. nil means no template: fall back to the AI model.
func (s *Service) Suggest(ctx context.Context, companyID, suggestionID uuid.UUID, messages []string, sm Sample) (*Suggestion, error) {
	if len(messages) == 0 {
		return nil, nil
	}
	sm.Message = messages[len(messages)-1]
	if sm.Language == "" {
		sm.Language = lang.Conversation(messages).Language
	}
	out, err := s.MatchForCompany(ctx, companyID, sm)
	if err != nil || out.Result.Winner == nil {
		return nil, err
	}
	w := out.Result.Winner
	if _, err := s.Record(ctx, companyID, RecordUse, w.Template.ID, suggestionID); err != nil {
		return nil, err
	}
	return &Suggestion{TemplateID: w.Template.ID, Name: w.Template.Name, Language: out.Language, Response: out.Response, Reasons: w.Reasons}, nil
}
