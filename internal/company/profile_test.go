package company_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// industry returns the id of the industry category with slug.
func industry(ctx context.Context, t *testing.T, b *testBundle, slug string) uuid.UUID {
	t.Helper()
	all, err := b.svc.Industries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.Slug == slug {
			return c.ID
		}
	}
	t.Fatalf("no industry %q", slug)
	return uuid.Nil
}

// validProfile is a complete, acceptable onboarding step 1.
func validProfile(industryID uuid.UUID) company.ProfileInput {
	return company.ProfileInput{
		Name: "Kedai Runcit Aminah", ContactEmail: "hello@aminah.test", ContactPhone: "+60 12-345 6789",
		Address: "12 Jalan Ampang, Kuala Lumpur", Website: "https://aminah.test",
		Country: "MY", PreferredLanguage: "en", AdditionalLanguages: []string{"ms"},
		Timezone: "Asia/Kuala_Lumpur", Currency: "MYR", DateFormat: "DD/MM/YYYY",
		BusinessHours:      company.BusinessHours{"mon": {Open: true, Start: "09:00", End: "18:00"}},
		IndustryCategoryID: &industryID,
	}
}

func TestUpdateProfile(t *testing.T) {
	t.Parallel()

	t.Run("BadFieldIsNamedAndNothingIsSaved", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		c := dbtest.Company(t, b.db, "aminah")
		retail, custom := industry(ctx, t, b, "retail"), industry(ctx, t, b, "custom")
		unknown := uuid.New()
		for _, tc := range []struct {
			name   string
			change func(*company.ProfileInput)
			field  string
		}{
			{"blankName", func(p *company.ProfileInput) { p.Name = " " }, "body.name"},
			{"badContactEmail", func(p *company.ProfileInput) { p.ContactEmail = "hello at aminah" }, "body.contact_email"},
			{"badPhone", func(p *company.ProfileInput) { p.ContactPhone = "call me" }, "body.contact_phone"},
			{"websiteWithoutScheme", func(p *company.ProfileInput) { p.Website = "aminah.test" }, "body.website"},
			{"unknownCountry", func(p *company.ProfileInput) { p.Country = "XX" }, "body.country"},
			{"unknownLanguage", func(p *company.ProfileInput) { p.PreferredLanguage = "fr" }, "body.preferred_language"},
			{"unknownAdditionalLanguage", func(p *company.ProfileInput) { p.AdditionalLanguages = []string{"ms", "de"} }, "body.additional_languages"},
			{"unknownTimezone", func(p *company.ProfileInput) { p.Timezone = "Asia/Atlantis" }, "body.timezone"},
			{"emptyTimezone", func(p *company.ProfileInput) { p.Timezone = "" }, "body.timezone"},
			{"serverLocalTimezone", func(p *company.ProfileInput) { p.Timezone = "Local" }, "body.timezone"},
			{"unknownCurrency", func(p *company.ProfileInput) { p.Currency = "ABC" }, "body.currency"},
			{"unknownDateFormat", func(p *company.ProfileInput) { p.DateFormat = "YYYY/DD/MM" }, "body.date_format"},
			{"closesBeforeOpening", func(p *company.ProfileInput) {
				p.BusinessHours = company.BusinessHours{"mon": {Open: true, Start: "18:00", End: "09:00"}}
			}, "body.business_hours.mon"},
			{"closesWhenOpening", func(p *company.ProfileInput) {
				p.BusinessHours = company.BusinessHours{"fri": {Open: true, Start: "09:00", End: "09:00"}}
			}, "body.business_hours.fri"},
			{"unknownWeekday", func(p *company.ProfileInput) {
				p.BusinessHours = company.BusinessHours{"funday": {Open: true, Start: "09:00", End: "18:00"}}
			}, "body.business_hours"},
			{"missingIndustry", func(p *company.ProfileInput) { p.IndustryCategoryID = nil }, "body.industry_category_id"},
			{"unknownIndustry", func(p *company.ProfileInput) { p.IndustryCategoryID = &unknown }, "body.industry_category_id"},
			{"customIndustryWithoutName", func(p *company.ProfileInput) { p.IndustryCategoryID = &custom; p.CustomIndustryName = "  " }, "body.custom_industry_name"},
			{"customIndustryNameTooLong", func(p *company.ProfileInput) {
				p.IndustryCategoryID = &custom
				p.CustomIndustryName = strings.Repeat("x", 101)
			}, "body.custom_industry_name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := validProfile(retail)
				tc.change(&in)
				_, err := b.svc.UpdateProfile(ctx, c.ID, in)
				requireCode(t, err, apperr.EINVALID, tc.field)
			})
		}
		p, err := b.svc.GetProfile(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Company.Name != c.Name || p.Settings.OnboardingCompletedAt != nil || p.Settings.IndustryCategoryID.Valid {
			t.Fatalf("after rejected saves: name %q, completed %v, industry %v; want nothing saved",
				p.Company.Name, p.Settings.OnboardingCompletedAt, p.Settings.IndustryCategoryID)
		}
	})

	t.Run("SaveNormalisesCompletesOnboardingAndKeepsHours", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		c := dbtest.Company(t, b.db, "aminah")
		in := validProfile(industry(ctx, t, b, "custom"))
		in.Name = "  Aminah Batik  "
		in.CustomIndustryName = " Batik printing "
		in.PreferredLanguage = "bm" // the brief's code for Bahasa Malaysia
		in.AdditionalLanguages = []string{"en", "bm", "en", "zh"}
		in.Country, in.Timezone, in.Currency, in.DateFormat = "SG", "Asia/Singapore", " sgd ", "YYYY-MM-DD"
		in.BusinessHours = company.BusinessHours{
			"mon": {Open: true, Start: "08:30", End: "17:30"},
			"sat": {Open: true, Start: "10:00", End: "24:00"},
			"sun": {Open: false, Start: "18:00", End: "09:00"}, // a closed day's times do not matter
		}

		saved, err := b.svc.UpdateProfile(ctx, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		again, err := b.svc.GetProfile(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for name, p := range map[string]*company.Profile{"returned": saved, "reloaded": again} {
			s := p.Settings
			if p.Company.Name != "Aminah Batik" || s.PreferredLanguage != "ms" || strings.Join(s.AdditionalLanguages, ",") != "en,zh" ||
				s.Country != "SG" || s.Timezone != "Asia/Singapore" || s.Currency != "SGD" || s.DateFormat != "YYYY-MM-DD" ||
				s.CustomIndustryName != "Batik printing" || s.ContactEmail != "hello@aminah.test" {
				t.Errorf("%s profile: name %q, settings %+v", name, p.Company.Name, s)
			}
			if s.OnboardingCompletedAt == nil || s.OnboardingStep < 1 {
				t.Errorf("%s profile: onboarding step %d, completed %v; want step 1 completed", name, s.OnboardingStep, s.OnboardingCompletedAt)
			}
			want := map[string]company.DayHours{
				"mon": {Open: true, Start: "08:30", End: "17:30"},
				"tue": {Open: false, Start: "09:00", End: "18:00"},
				"sat": {Open: true, Start: "10:00", End: "24:00"},
				"sun": {Open: false, Start: "18:00", End: "09:00"},
			}
			for day, h := range want {
				if p.Hours[day] != h {
					t.Errorf("%s profile: %s hours %+v, want %+v", name, day, p.Hours[day], h)
				}
			}
			if len(p.Hours) != 7 {
				t.Errorf("%s profile: hours for %d days, want all 7", name, len(p.Hours))
			}
		}

		// Saving again keeps the first completion time.
		first := *again.Settings.OnboardingCompletedAt
		again, err = b.svc.UpdateProfile(ctx, c.ID, in)
		if err != nil || !again.Settings.OnboardingCompletedAt.Equal(first) {
			t.Fatalf("second save: completed at %v (%v), want still %v", again.Settings.OnboardingCompletedAt, err, first)
		}
	})

	t.Run("NonCustomIndustryDropsTheCustomName", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		c := dbtest.Company(t, b.db, "aminah")
		in := validProfile(industry(ctx, t, b, "retail"))
		in.CustomIndustryName = "ignored"
		p, err := b.svc.UpdateProfile(ctx, c.ID, in)
		if err != nil || p.Settings.CustomIndustryName != "" {
			t.Fatalf("UpdateProfile = custom name %q, %v; want it empty for a listed industry", p.Settings.CustomIndustryName, err)
		}
	})
}

// pngImage encodes a small real PNG.
func pngImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegImage(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// storedFiles lists every file under the blob root.
func storedFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLogo(t *testing.T) {
	t.Parallel()

	t.Run("NonImagesAndLargeFilesAreRejected", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		c := dbtest.Company(t, b.db, "aminah")
		tooBig := append(pngImage(t), make([]byte, company.MaxLogoBytes)...) // a PNG by content, just over 2 MiB
		for _, tc := range []struct {
			name, message string
			data          []byte
		}{
			{"empty", "Choose an image", nil},
			{"textFile", "PNG, JPEG, WebP or GIF", []byte("just some notes, not an image\n")},
			{"svgIsNotAccepted", "PNG, JPEG, WebP or GIF", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
			{"overTwoMiB", "2 MB", tooBig},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := b.svc.SetLogo(ctx, c.ID, tc.data)
				if e := requireCode(t, err, apperr.EINVALID, "body.file"); !strings.Contains(e.Message, tc.message) {
					t.Fatalf("message %q, want it to mention %q", e.Message, tc.message)
				}
			})
		}
		if files := storedFiles(t, b.blobs); len(files) != 0 {
			t.Errorf("rejected uploads left files: %v", files)
		}
		if p, _ := b.svc.GetProfile(ctx, c.ID); p.Company.LogoKey != nil {
			t.Errorf("logo key %q set by a rejected upload", *p.Company.LogoKey)
		}
	})

	t.Run("ImageIsStoredReplacedAndRemoved", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		c := dbtest.Company(t, b.db, "aminah")
		img := pngImage(t)

		p, err := b.svc.SetLogo(ctx, c.ID, img)
		if err != nil {
			t.Fatal(err)
		}
		if p.Company.LogoKey == nil || !regexp.MustCompile(`^logos/`+c.ID.String()+`/[0-9a-f]{16}\.png$`).MatchString(*p.Company.LogoKey) {
			t.Fatalf("logo key %v, want logos/{company}/{random}.png", p.Company.LogoKey)
		}
		first := *p.Company.LogoKey
		if stored, err := os.ReadFile(filepath.Join(b.blobs, first)); err != nil || !bytes.Equal(stored, img) {
			t.Fatalf("stored logo differs from the upload (%v)", err)
		}

		p, err = b.svc.SetLogo(ctx, c.ID, jpegImage(t))
		if err != nil {
			t.Fatal(err)
		}
		if p.Company.LogoKey == nil || !strings.HasSuffix(*p.Company.LogoKey, ".jpg") {
			t.Fatalf("logo key after a JPEG upload: %v", p.Company.LogoKey)
		}
		if files := storedFiles(t, b.blobs); len(files) != 1 || files[0] != *p.Company.LogoKey {
			t.Fatalf("stored files %v, want only the new logo", files)
		}

		p, err = b.svc.RemoveLogo(ctx, c.ID)
		if err != nil || p.Company.LogoKey != nil {
			t.Fatalf("RemoveLogo = key %v, %v; want no logo", p.Company.LogoKey, err)
		}
		if files := storedFiles(t, b.blobs); len(files) != 0 {
			t.Fatalf("stored files after RemoveLogo: %v", files)
		}
	})
}
