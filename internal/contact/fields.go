package contact

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Field types.
const (
	FieldText   = "text"
	FieldNumber = "number"
	FieldDate   = "date"
	FieldSelect = "select"
)

// Limits on custom fields.
const (
	MaxFields        = 50
	MaxOptions       = 50
	MaxOptionLength  = 60
	MaxLabelLength   = 80
	MaxTextValueSize = 500
)

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Field is a custom field with how many contacts hold a value for it.
type Field struct {
	dbgen.ContactField
	UsedCount int32
}

// FieldInput is a field as an admin defines it; Key and Type are fixed once created.
type FieldInput struct {
	Key      string
	Label    string
	Type     string
	Options  []string
	Position int32
}

// Slug turns a label into a field key: lower case letters, digits and underscores.
func Slug(label string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(label) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			under = false
		case b.Len() > 0 && !under:
			b.WriteByte('_')
			under = true
		}
	}
	k := strings.TrimRight(b.String(), "_")
	if k != "" && k[0] >= '0' && k[0] <= '9' {
		k = "f_" + k
	}
	if len(k) > 40 {
		k = strings.TrimRight(k[:40], "_")
	}
	return k
}

func cleanOptions(typ string, in []string) ([]string, error) {
	if typ != FieldSelect {
		return []string{}, nil
	}
	out := []string{}
	seen := map[string]bool{}
	for _, o := range in {
		o = strings.TrimSpace(o)
		if o == "" || seen[o] {
			continue
		}
		if utf8.RuneCountInString(o) > MaxOptionLength {
			return nil, apperr.Invalid("body.options", fmt.Sprintf("The option %q is longer than %d characters.", o, MaxOptionLength))
		}
		seen[o] = true
		out = append(out, o)
	}
	if len(out) == 0 {
		return nil, apperr.Invalid("body.options", "A select field needs at least one option.")
	}
	if len(out) > MaxOptions {
		return nil, apperr.Invalid("body.options", fmt.Sprintf("A select field has at most %d options.", MaxOptions))
	}
	return out, nil
}

func cleanLabel(label string) (string, error) {
	label = strings.TrimSpace(label)
	switch n := utf8.RuneCountInString(label); {
	case n == 0:
		return "", apperr.Invalid("body.label", "Enter the field's label.")
	case n > MaxLabelLength:
		return "", apperr.Invalid("body.label", fmt.Sprintf("The label is at most %d characters.", MaxLabelLength))
	}
	return label, nil
}

// Fields lists the company's custom fields in form order.
func (s *Service) Fields(ctx context.Context, companyID uuid.UUID) ([]Field, error) {
	var out []Field
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		rows, err := tx.ContactFieldList(ctx)
		for _, r := range rows {
			out = append(out, Field{ContactField: dbgen.ContactField{CompanyID: r.CompanyID, ID: r.ID, Key: r.Key, Label: r.Label, Type: r.Type,
				Options: r.Options, Position: r.Position, CreatedAt: r.CreatedAt}, UsedCount: r.UsedCount})
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("contact.Fields: %w", err)
	}
	return out, nil
}

// CreateField adds a custom field; the key is made from the label when not given.
// Errors: EINVALID (bad key, label, type or options; too many fields), ECONFLICT (key taken).
func (s *Service) CreateField(ctx context.Context, companyID uuid.UUID, in FieldInput) (*Field, error) {
	label, err := cleanLabel(in.Label)
	if err != nil {
		return nil, err
	}
	key := strings.TrimSpace(in.Key)
	if key == "" {
		key = Slug(label)
	}
	if !keyPattern.MatchString(key) {
		return nil, apperr.Invalid("body.key", "The key must start with a letter and hold only lower case letters, digits and _ (at most 40).")
	}
	switch in.Type {
	case FieldText, FieldNumber, FieldDate, FieldSelect:
	default:
		return nil, apperr.Invalid("body.type", "The type must be text, number, date or select.")
	}
	opts, err := cleanOptions(in.Type, in.Options)
	if err != nil {
		return nil, err
	}
	var f dbgen.ContactField
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		n, err := tx.ContactFieldCount(ctx)
		if err != nil {
			return err
		}
		if n >= MaxFields {
			return apperr.Invalid("body", fmt.Sprintf("A company has at most %d contact fields.", MaxFields))
		}
		f, err = tx.ContactFieldCreate(ctx, dbgen.ContactFieldCreateParams{CompanyID: companyID, Key: key, Label: label, FieldType: in.Type,
			Options: opts, Position: in.Position})
		if _, dup := db.UniqueViolation(err); dup {
			return &apperr.Error{Code: apperr.ECONFLICT, Message: fmt.Sprintf("A field with the key %q exists already.", key), Field: "body.key"}
		}
		return err
	})
	if err != nil {
		return nil, wrapField("contact.CreateField", err)
	}
	return &Field{ContactField: f}, nil
}

// UpdateField renames a field, changes its options or its place. Values of a
// select field that are no longer an option are removed in the same transaction.
// Errors: EINVALID, ENOTFOUND.
func (s *Service) UpdateField(ctx context.Context, companyID, id uuid.UUID, in FieldInput) (*Field, error) {
	label, err := cleanLabel(in.Label)
	if err != nil {
		return nil, err
	}
	var f dbgen.ContactField
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		cur, err := tx.ContactFieldGetForUpdate(ctx, id)
		if err != nil {
			return err
		}
		opts, err := cleanOptions(cur.Type, in.Options)
		if err != nil {
			return err
		}
		f, err = tx.ContactFieldUpdate(ctx, dbgen.ContactFieldUpdateParams{ID: id, Label: label, Options: opts, Position: in.Position})
		if err != nil {
			return err
		}
		if cur.Type == FieldSelect {
			_, err = tx.ContactCustomValuePrune(ctx, dbgen.ContactCustomValuePruneParams{Key: cur.Key, Options: opts})
		}
		return err
	})
	if err != nil {
		return nil, wrapField("contact.UpdateField", err)
	}
	return &Field{ContactField: f}, nil
}

// DeleteField removes a field and every contact's value for it, returning how many contacts lost a value.
// Errors: ENOTFOUND.
func (s *Service) DeleteField(ctx context.Context, companyID, id uuid.UUID) (int64, error) {
	var n int64
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		f, err := tx.ContactFieldGetForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if n, err = tx.ContactCustomValueRemove(ctx, f.Key); err != nil {
			return err
		}
		_, err = tx.ContactFieldDelete(ctx, id)
		return err
	})
	if err != nil {
		return 0, wrapField("contact.DeleteField", err)
	}
	return n, nil
}

func wrapField(op string, err error) error {
	if db.IsNotFound(err) {
		return apperr.NotFound("contact field")
	}
	return wrap(op, err)
}

// ValidateValue checks and normalises one value against its field: numbers parse
// (and are kept in plain form), dates are YYYY-MM-DD, select values are among the options.
func ValidateValue(f dbgen.ContactField, value string) (string, error) {
	value = strings.TrimSpace(value)
	field := "body.values." + f.Key
	switch f.Type {
	case FieldNumber:
		x, err := strconv.ParseFloat(strings.ReplaceAll(value, ",", ""), 64)
		if err != nil || x != x || x > 1e15 || x < -1e15 {
			return "", apperr.Invalid(field, fmt.Sprintf("%s must be a number.", f.Label))
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case FieldDate:
		if _, err := time.Parse("2006-01-02", value); err != nil {
			return "", apperr.Invalid(field, fmt.Sprintf("%s must be a date as YYYY-MM-DD.", f.Label))
		}
		return value, nil
	case FieldSelect:
		for _, o := range f.Options {
			if o == value {
				return value, nil
			}
		}
		return "", apperr.Invalid(field, fmt.Sprintf("%s must be one of: %s.", f.Label, strings.Join(f.Options, ", ")))
	default:
		if utf8.RuneCountInString(value) > MaxTextValueSize {
			return "", apperr.Invalid(field, fmt.Sprintf("%s is at most %d characters.", f.Label, MaxTextValueSize))
		}
		return value, nil
	}
}

// SetValues sets custom field values on a contact: each key must be a field of
// the company, each value valid for its type; an empty value clears the field.
// Keys not given are left as they are. All or nothing.
// Errors: EINVALID (unknown key, invalid value, naming body.values.<key>), ENOTFOUND.
func (s *Service) SetValues(ctx context.Context, v Viewer, id uuid.UUID, values map[string]string) (*Detail, error) {
	var d *Detail
	err := s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		c, err := lock(ctx, tx, v, id)
		if err != nil {
			return err
		}
		rows, err := tx.ContactFieldList(ctx)
		if err != nil {
			return err
		}
		fields := map[string]dbgen.ContactField{}
		for _, r := range rows {
			fields[r.Key] = dbgen.ContactField{Key: r.Key, Label: r.Label, Type: r.Type, Options: r.Options}
		}
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the first error named is always the same one
		current := map[string]any{}
		_ = json.Unmarshal(c.CustomValues, &current)
		if current == nil {
			current = map[string]any{}
		}
		for _, k := range keys {
			f, ok := fields[k]
			if !ok {
				return apperr.Invalid("body.values."+k, fmt.Sprintf("There is no contact field %q.", k))
			}
			if strings.TrimSpace(values[k]) == "" {
				delete(current, k)
				continue
			}
			val, err := ValidateValue(f, values[k])
			if err != nil {
				return err
			}
			current[k] = val
		}
		raw, err := json.Marshal(current)
		if err != nil {
			return err
		}
		if err := tx.ContactCrmSetCustomValues(ctx, dbgen.ContactCrmSetCustomValuesParams{ID: id, CustomValues: raw}); err != nil {
			return err
		}
		if err := publish(ctx, tx, v.CompanyID, id); err != nil {
			return err
		}
		d, err = s.detail(ctx, tx, v, id)
		return err
	})
	if err != nil {
		return nil, wrap("contact.SetValues", err)
	}
	return d, nil
}
