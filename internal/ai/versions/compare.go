package versions

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// AiVersionDiff is one configuration field of two versions, as text.
type AiVersionDiff struct {
	Field   string `json:"field" doc:"The field's JSON path, e.g. weights.catalog."`
	Label   string `json:"label"`
	A       string `json:"a"`
	B       string `json:"b"`
	Changed bool   `json:"changed"`
}

func list(s []string) string { return strings.Join(s, "\n") }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// fields lists a configuration field by field in a fixed order.
func fields(c AiVersionConfig) [][3]string {
	itoa := strconv.Itoa
	provider := c.Provider
	if provider == "" {
		provider = "platform default"
	}
	return [][3]string{
		{"name", "Name", c.Name},
		{"system_prompt", "System prompt", c.SystemPrompt},
		{"response_style", "Response style", c.ResponseStyle},
		{"primary_language", "Primary language", c.PrimaryLanguage},
		{"secondary_languages", "Secondary languages", strings.Join(c.SecondaryLanguages, ", ")},
		{"cultural_context.greetings", "Greetings", list(c.CulturalContext.Greetings)},
		{"cultural_context.customs", "Customs", list(c.CulturalContext.Customs)},
		{"cultural_context.holidays", "Holidays", list(c.CulturalContext.Holidays)},
		{"cultural_context.phrases", "Phrases", list(c.CulturalContext.Phrases)},
		{"temperature", "Temperature", strconv.FormatFloat(c.Temperature, 'f', 2, 64)},
		{"max_tokens", "Max response length (tokens)", itoa(c.MaxTokens)},
		{"weights.success_patterns", "Weight: success patterns", itoa(c.Weights.SuccessPatterns)},
		{"weights.catalog", "Weight: product catalog", itoa(c.Weights.Catalog)},
		{"weights.faqs", "Weight: FAQs", itoa(c.Weights.FAQs)},
		{"weights.training", "Weight: training materials", itoa(c.Weights.Training)},
		{"auto_reply.enabled", "Auto-response", yesNo(c.AutoReply.Enabled)},
		{"auto_reply.always_on", "Auto-response when an agent has the chat", yesNo(c.AutoReply.AlwaysOn)},
		{"auto_reply.triggers", "Auto-response triggers", list(c.AutoReply.Triggers)},
		{"auto_reply.min_confidence", "Auto-response minimum confidence", itoa(c.AutoReply.MinConfidence)},
		{"auto_reply.after_hours_message", "After-hours message", c.AutoReply.AfterHoursMessage},
		{"provider", "Provider", provider},
		{"model", "Model", c.Model},
		{"notes", "Notes", c.Notes},
	}
}

// Compare lists two configurations field by field, marking those that differ.
func Compare(a, b AiVersionConfig) []AiVersionDiff {
	fa, fb := fields(a), fields(b)
	out := make([]AiVersionDiff, len(fa))
	for i := range fa {
		out[i] = AiVersionDiff{Field: fa[i][0], Label: fa[i][1], A: fa[i][2], B: fb[i][2], Changed: fa[i][2] != fb[i][2]}
	}
	return out
}

// CompareVersions returns versions a and b with their field-by-field diff.
// Errors: ENOTFOUND.
func (s *Service) CompareVersions(ctx context.Context, companyID, a, b uuid.UUID) (Version, Version, []AiVersionDiff, error) {
	var va, vb Version
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		x, err := get(ctx, tx, companyID, a)
		if err != nil {
			return err
		}
		y, err := get(ctx, tx, companyID, b)
		if err != nil {
			return err
		}
		va, vb = Of(x), Of(y)
		return nil
	})
	if err != nil {
		return va, vb, nil, fmt.Errorf("versions.CompareVersions: %w", err)
	}
	return va, vb, Compare(va.Config, vb.Config), nil
}

// ExportKind names the export format; Import refuses any other.
const ExportKind = "sembang.ai-model-version"

// AiVersionExport is a version as a portable JSON document.
type AiVersionExport struct {
	Kind          string          `json:"kind" enum:"sembang.ai-model-version"`
	FormatVersion int             `json:"format_version" minimum:"1" maximum:"1"`
	Number        int             `json:"number,omitempty" doc:"The version's number where it was exported; ignored on import."`
	ExportedAt    time.Time       `json:"exported_at,omitempty"`
	Config        AiVersionConfig `json:"config"`
}

// ExportVersion returns version id as an AiVersionExport.
// Errors: ENOTFOUND.
func (s *Service) ExportVersion(ctx context.Context, companyID, id uuid.UUID) (AiVersionExport, error) {
	v, err := s.Get(ctx, companyID, id)
	if err != nil {
		return AiVersionExport{}, err
	}
	return AiVersionExport{Kind: ExportKind, FormatVersion: 1, Number: v.Number, ExportedAt: time.Now().UTC(), Config: v.Config}, nil
}

// Import validates an exported document and stores it as a new draft.
// Errors: EINVALID naming the field (body.config.…).
func (s *Service) Import(ctx context.Context, companyID, actor uuid.UUID, e AiVersionExport) (Version, error) {
	if e.Kind != ExportKind {
		return Version{}, apperr.Invalid("body.kind", "This is not an exported AI model version (kind must be "+ExportKind+").")
	}
	if e.FormatVersion != 1 {
		return Version{}, apperr.Invalid("body.format_version", "Only format version 1 can be imported.")
	}
	c, err := Validate("body.config", e.Config)
	if err != nil {
		return Version{}, err
	}
	var out Version
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := tx.AiModelVersionLock(ctx, companyID); err != nil {
			return err
		}
		v, err := insert(ctx, tx, companyID, actor, c)
		if err != nil {
			return err
		}
		out = Of(v)
		return changed(ctx, tx, companyID, actor, "ai.version_imported", v, map[string]any{"number": v.Number})
	})
	if err != nil {
		return Version{}, fmt.Errorf("versions.Import: %w", err)
	}
	return out, nil
}
