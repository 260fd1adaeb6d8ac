package company

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/team"
)

// DayHours are one weekday's opening hours in the company's time zone ("09:00"–"18:00").
type DayHours struct {
	Open  bool   `json:"open"`
	Start string `json:"start" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$"`
	End   string `json:"end" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"`
}

// BusinessHours maps "mon".."sun" to that day's hours.
type BusinessHours map[string]DayHours

// DefaultBusinessHours is Monday to Friday 09:00–18:00, Saturday 09:00–13:00.
func DefaultBusinessHours() BusinessHours {
	bh := BusinessHours{}
	for _, d := range Weekdays {
		bh[d] = DayHours{Open: d != "sat" && d != "sun", Start: "09:00", End: "18:00"}
	}
	bh["sat"] = DayHours{Open: true, Start: "09:00", End: "13:00"}
	return bh
}

// JSON encodes the hours for storage.
func (b BusinessHours) JSON() []byte {
	out, _ := json.Marshal(b)
	return out
}

// Profile is a company's own basic information and localisation (onboarding step 1).
type Profile struct {
	Company  dbgen.Company
	Settings dbgen.CompanySetting
	Hours    BusinessHours
}

// GetProfile returns companyID's profile.
func (s *Service) GetProfile(ctx context.Context, companyID uuid.UUID) (*Profile, error) {
	var p *Profile
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		p, err = loadProfile(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("company.GetProfile: %w", err)
	}
	return p, nil
}

func loadProfile(ctx context.Context, tx *db.Tx, companyID uuid.UUID) (*Profile, error) {
	c, err := tx.CompanyGet(ctx, companyID)
	if db.IsNotFound(err) {
		return nil, apperr.NotFound("company")
	} else if err != nil {
		return nil, err
	}
	st, err := tx.CompanySettingsGet(ctx, companyID)
	if err != nil {
		return nil, err
	}
	hours := DefaultBusinessHours()
	if len(st.BusinessHours) > 2 {
		_ = json.Unmarshal(st.BusinessHours, &hours)
	}
	return &Profile{Company: c, Settings: st, Hours: hours}, nil
}

// ProfileInput is onboarding step 1 as the admin submits it.
type ProfileInput struct {
	Name                string
	ContactEmail        string
	ContactPhone        string
	Address             string
	Website             string
	Country             string
	PreferredLanguage   string
	AdditionalLanguages []string
	Timezone            string
	Currency            string
	DateFormat          string
	BusinessHours       BusinessHours
	IndustryCategoryID  *uuid.UUID
	CustomIndustryName  string
}

var phonePattern = regexp.MustCompile(`^\+?[0-9 ()-]{6,20}$`)

// UpdateProfile validates and saves step 1 of onboarding, marking it complete.
// Errors: EINVALID naming the field.
func (s *Service) UpdateProfile(ctx context.Context, companyID uuid.UUID, in ProfileInput) (*Profile, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
		return nil, apperr.Invalid("body.name", "Enter the company name (at most 200 characters).")
	}
	if in.ContactEmail = strings.TrimSpace(in.ContactEmail); in.ContactEmail != "" {
		if _, err := team.NormalizeEmail(in.ContactEmail); err != nil {
			return nil, apperr.Invalid("body.contact_email", err.Error())
		}
	}
	if in.ContactPhone = strings.TrimSpace(in.ContactPhone); in.ContactPhone != "" && !phonePattern.MatchString(in.ContactPhone) {
		return nil, apperr.Invalid("body.contact_phone", "Enter a phone number with digits only, like +60 12-345 6789.")
	}
	if in.Website = strings.TrimSpace(in.Website); in.Website != "" {
		u, err := url.Parse(in.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, apperr.Invalid("body.website", "Enter a full web address starting with https://.")
		}
	}
	in.Address = strings.TrimSpace(in.Address)
	if utf8.RuneCountInString(in.Address) > 500 {
		return nil, apperr.Invalid("body.address", "The address is longer than 500 characters.")
	}
	if _, ok := CountryByCode(in.Country); !ok {
		return nil, apperr.Invalid("body.country", "Choose a country from the list.")
	}
	in.PreferredLanguage = NormalizeLanguage(in.PreferredLanguage)
	if !knownLanguage(in.PreferredLanguage) {
		return nil, apperr.Invalid("body.preferred_language", "Preferred language must be en, ms, zh or ta.")
	}
	extra := []string{}
	for _, l := range in.AdditionalLanguages {
		l = NormalizeLanguage(l)
		if !knownLanguage(l) {
			return nil, apperr.Invalid("body.additional_languages", fmt.Sprintf("%q is not a supported language (en, ms, zh, ta).", l))
		}
		if l != in.PreferredLanguage && !contains(extra, l) {
			extra = append(extra, l)
		}
	}
	if _, err := time.LoadLocation(in.Timezone); err != nil || in.Timezone == "" || in.Timezone == "Local" {
		return nil, apperr.Invalid("body.timezone", fmt.Sprintf("%q is not a known time zone.", in.Timezone))
	}
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if !knownCurrency(in.Currency) {
		return nil, apperr.Invalid("body.currency", "Choose a currency from the list.")
	}
	if !contains(DateFormats, in.DateFormat) {
		return nil, apperr.Invalid("body.date_format", "Choose a date format from the list.")
	}
	hours := BusinessHours{}
	for _, d := range Weekdays {
		h, ok := in.BusinessHours[d]
		if !ok {
			h = DayHours{Open: false, Start: "09:00", End: "18:00"}
		}
		if h.Open && h.Start >= h.End {
			return nil, apperr.Invalid("body.business_hours."+d, fmt.Sprintf("On %s the closing time must be after the opening time.", strings.ToUpper(d[:1])+d[1:]))
		}
		hours[d] = h
	}
	for d := range in.BusinessHours {
		if !contains(Weekdays, d) {
			return nil, apperr.Invalid("body.business_hours", fmt.Sprintf("%q is not a weekday; use mon, tue, wed, thu, fri, sat, sun.", d))
		}
	}
	in.CustomIndustryName = strings.TrimSpace(in.CustomIndustryName)

	var out *Profile
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		params := dbgen.CompanySettingsUpdateParams{
			CompanyID: companyID, ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone, Address: in.Address,
			Website: in.Website, Country: in.Country, PreferredLanguage: in.PreferredLanguage, AdditionalLanguages: extra,
			Timezone: in.Timezone, Currency: in.Currency, DateFormat: in.DateFormat, BusinessHours: hours.JSON(),
		}
		if in.IndustryCategoryID == nil {
			return apperr.Invalid("body.industry_category_id", "Choose your industry.")
		}
		ind, err := tx.IndustryGet(ctx, *in.IndustryCategoryID)
		if db.IsNotFound(err) {
			return apperr.Invalid("body.industry_category_id", "Choose an industry from the list.")
		} else if err != nil {
			return err
		}
		params.IndustryCategoryID = uuid.NullUUID{UUID: ind.ID, Valid: true}
		if ind.Slug == "custom" {
			if in.CustomIndustryName == "" || utf8.RuneCountInString(in.CustomIndustryName) > 100 {
				return apperr.Invalid("body.custom_industry_name", "Name your industry (at most 100 characters).")
			}
			params.CustomIndustryName = in.CustomIndustryName
		}
		if err := tx.CompanyRename(ctx, dbgen.CompanyRenameParams{ID: companyID, Name: in.Name}); err != nil {
			return err
		}
		if _, err := tx.CompanySettingsUpdate(ctx, params); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, Action: "company.profile_updated", TargetType: "company", TargetID: companyID.String()}); err != nil {
			return err
		}
		out, err = loadProfile(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("company.UpdateProfile: %w", err)
	}
	return out, nil
}

// MaxLogoBytes is the largest logo accepted.
const MaxLogoBytes = 2 << 20

var logoTypes = map[string]string{"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}

// SetLogo stores a new logo (PNG, JPEG, WebP or GIF, by content, at most 2 MiB) and removes the old one.
// Errors: EINVALID.
func (s *Service) SetLogo(ctx context.Context, companyID uuid.UUID, data []byte) (*Profile, error) {
	if len(data) == 0 {
		return nil, apperr.Invalid("body.file", "Choose an image file.")
	}
	if len(data) > MaxLogoBytes {
		return nil, apperr.Invalid("body.file", "The logo must be at most 2 MB.")
	}
	ext, ok := logoTypes[http.DetectContentType(data)]
	if !ok {
		return nil, apperr.Invalid("body.file", "The logo must be a PNG, JPEG, WebP or GIF image.")
	}
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	key := fmt.Sprintf("logos/%s/%s.%s", companyID, hex.EncodeToString(nonce), ext)
	if err := s.blobs.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("company.SetLogo: %w", err)
	}
	return s.replaceLogo(ctx, companyID, &key)
}

// RemoveLogo removes the company's logo.
func (s *Service) RemoveLogo(ctx context.Context, companyID uuid.UUID) (*Profile, error) {
	return s.replaceLogo(ctx, companyID, nil)
}

func (s *Service) replaceLogo(ctx context.Context, companyID uuid.UUID, key *string) (*Profile, error) {
	var old *string
	var out *Profile
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		c, err := tx.CompanyGet(ctx, companyID)
		if err != nil {
			return err
		}
		old = c.LogoKey
		if err := tx.CompanySetLogo(ctx, dbgen.CompanySetLogoParams{ID: companyID, LogoKey: key}); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, Action: "company.logo_updated", TargetType: "company", TargetID: companyID.String()}); err != nil {
			return err
		}
		out, err = loadProfile(ctx, tx, companyID)
		return err
	})
	if err != nil {
		if key != nil {
			_ = s.blobs.Delete(ctx, *key)
		}
		return nil, fmt.Errorf("company.replaceLogo: %w", err)
	}
	if old != nil {
		_ = s.blobs.Delete(ctx, *old)
	}
	return out, nil
}

// Industries lists the industry categories.
func (s *Service) Industries(ctx context.Context) ([]dbgen.IndustryCategory, error) {
	return dbgen.New(s.db.Pool).IndustryList(ctx)
}
