// Package successcase holds the success-case templates that are checked before
// any AI model: the global library, each company's settings and own templates,
// the deterministic matcher, personalisation and usage tracking.
package successcase

import (
	"github.com/google/uuid"
)

// Categories of templates.
var Categories = []string{"greeting", "objection_handling", "product_inquiry", "closing", "follow_up"}

// Localized is a template's version in another language.
type Localized struct {
	Patterns []string `json:"customer_message_patterns,omitempty"`
	Examples []string `json:"customer_message_examples,omitempty"`
	Response string   `json:"agent_response,omitempty"`
}

// Template is a success case as the matcher sees it.
type Template struct {
	ID           uuid.UUID
	Global       bool // from the super admin's library; false for a company's own
	Name         string
	Category     string
	Industry     string // industry slug, "" for all industries
	Language     string
	Priority     int32
	Recommended  bool
	Active       bool
	Patterns     []string
	Examples     []string
	Response     string
	Variations   []string
	Localized    map[string]Localized
	Stages       []string // conversation stages it applies to; empty for any
	MinLeadScore *int32
	MaxLeadScore *int32
}

// Setting is a company's choice for one template. The zero value is not the
// default: use DefaultSetting.
type Setting struct {
	Enabled   bool
	Preferred bool
	Priority  int32
	Custom    Customization
}

// DefaultSetting applies to a template a company has not configured: enabled,
// not preferred, company priority 0, no customisation.
var DefaultSetting = Setting{Enabled: true}

// Replacement swaps a phrase of the response for the company's own wording.
type Replacement struct {
	From string `json:"from" minLength:"1" maxLength:"500"`
	To   string `json:"to" maxLength:"500"`
}

// Customization is how a company adapts a template without changing it.
type Customization struct {
	Replacements []Replacement     `json:"replacements,omitempty" maxItems:"20"`
	Prefix       string            `json:"prefix,omitempty" maxLength:"500"`
	Suffix       string            `json:"suffix,omitempty" maxLength:"500"`
	Overrides    map[string]string `json:"overrides,omitempty" doc:"A full replacement of the response, per language (en, ms, zh, ta)."`
}

// IsZero reports whether c changes nothing.
func (c Customization) IsZero() bool {
	return len(c.Replacements) == 0 && c.Prefix == "" && c.Suffix == "" && len(c.Overrides) == 0
}

// variant returns the patterns, examples and response for language l: the
// template's own when it is in l, its localized version otherwise.
func (t *Template) variant(l string) (patterns, examples []string, response string, ok bool) {
	if t.Language == l {
		return t.Patterns, t.Examples, t.Response, true
	}
	if v, found := t.Localized[l]; found && (len(v.Patterns) > 0 || len(v.Examples) > 0) {
		resp := v.Response
		if resp == "" {
			resp = t.Response
		}
		return v.Patterns, v.Examples, resp, true
	}
	return nil, nil, "", false
}
