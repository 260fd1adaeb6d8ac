package company

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/team"
)

// CompanyView is a company as the super admin sees it.
type CompanyView struct {
	ID                  string    `json:"id"`
	Name                string    `json:"name"`
	Slug                string    `json:"slug"`
	LogoURL             string    `json:"logo_url"`
	Plan                string    `json:"plan" enum:"trial,starter,growth,enterprise"`
	Status              string    `json:"status" enum:"trial,active,suspended,deleting"`
	SuspendedReason     string    `json:"suspended_reason"`
	MaxAgents           int32     `json:"max_agents"`
	MonthlyMessageLimit int32     `json:"monthly_message_limit"`
	MonthlyAITokenLimit int64     `json:"monthly_ai_token_limit"`
	CreatedAt           time.Time `json:"created_at"`
}

func view(c dbgen.Company) CompanyView {
	return CompanyView{ID: c.ID.String(), Name: c.Name, Slug: c.Slug, LogoURL: storage.URL(c.LogoKey), Plan: c.Plan, Status: c.Status,
		SuspendedReason: c.SuspendedReason, MaxAgents: c.MaxAgents, MonthlyMessageLimit: c.MonthlyMessageLimit,
		MonthlyAITokenLimit: c.MonthlyAiTokenLimit, CreatedAt: c.CreatedAt}
}

func views(cs []dbgen.Company) []CompanyView {
	out := make([]CompanyView, len(cs))
	for i, c := range cs {
		out[i] = view(c)
	}
	return out
}

type companyOverviewOutput struct {
	Body struct {
		Companies struct {
			Total     int64 `json:"total"`
			Trial     int64 `json:"trial"`
			Active    int64 `json:"active"`
			Suspended int64 `json:"suspended"`
			Deleting  int64 `json:"deleting"`
		} `json:"companies"`
		Users struct {
			Total         int64 `json:"total"`
			SuperAdmins   int64 `json:"super_admins"`
			CompanyAdmins int64 `json:"company_admins"`
			Agents        int64 `json:"agents"`
		} `json:"users"`
		RecentCompanies []CompanyView `json:"recent_companies"`
	}
}

type companyListInput struct {
	Query  string `query:"q" maxLength:"200" doc:"Search in name and slug."`
	Status string `query:"status" enum:"trial,active,suspended,deleting,"`
	Cursor string `query:"cursor" maxLength:"200" doc:"next_cursor of the previous page."`
	Limit  int32  `query:"limit" minimum:"1" maximum:"100" default:"25"`
}

type companyListOutput struct {
	Body struct {
		Items      []CompanyView `json:"items"`
		NextCursor *string       `json:"next_cursor" nullable:"true"`
	}
}

type companyCreateInput struct {
	Body struct {
		Name                string            `json:"name" minLength:"1" maxLength:"200"`
		Slug                string            `json:"slug" minLength:"1" maxLength:"63" doc:"Subdomain: lowercase letters, digits, hyphens."`
		Plan                string            `json:"plan,omitempty" enum:"trial,starter,growth,enterprise" default:"trial"`
		Status              string            `json:"status,omitempty" enum:"trial,active" default:"trial"`
		MaxAgents           int32             `json:"max_agents,omitempty" minimum:"0" maximum:"10000" default:"5"`
		MonthlyMessageLimit int32             `json:"monthly_message_limit,omitempty" minimum:"0" default:"10000"`
		MonthlyAITokenLimit int64             `json:"monthly_ai_token_limit,omitempty" minimum:"0" default:"1000000"`
		Admin               *team.NewUserBody `json:"admin,omitempty" doc:"The company's first admin."`
	}
}

type companyCreateOutput struct {
	Body struct {
		Company           CompanyView    `json:"company"`
		Admin             *team.UserView `json:"admin"`
		GeneratedPassword *string        `json:"generated_password" nullable:"true" doc:"The admin's generated password, shown once."`
	}
}

type companyIdInput struct {
	ID uuid.UUID `path:"id"`
}

type companyDetailOutput struct {
	Body struct {
		Company CompanyView     `json:"company"`
		Admins  []team.UserView `json:"admins"`
		Counts  struct {
			Agents int64 `json:"agents"`
			Admins int64 `json:"admins"`
		} `json:"counts"`
	}
}

type companyUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Name                *string `json:"name,omitempty" minLength:"1" maxLength:"200"`
		Plan                *string `json:"plan,omitempty" enum:"trial,starter,growth,enterprise"`
		MaxAgents           *int32  `json:"max_agents,omitempty" minimum:"0" maximum:"10000"`
		MonthlyMessageLimit *int32  `json:"monthly_message_limit,omitempty" minimum:"0"`
		MonthlyAITokenLimit *int64  `json:"monthly_ai_token_limit,omitempty" minimum:"0"`
	}
}

type companyOutput struct {
	Body CompanyView
}

type companySuspendInput struct {
	ID   uuid.UUID `path:"id"`
	Body *struct {
		Reason string `json:"reason,omitempty" maxLength:"500"`
	} `required:"false"`
}

type companyAddAdminInput struct {
	ID   uuid.UUID `path:"id"`
	Body team.NewUserBody
}

type companyAddAdminOutput struct {
	Body team.CreatedUser
}

// RegisterPlatform adds the super admin's company operations.
func RegisterPlatform(platform huma.API, s *Service) {
	huma.Register(platform, huma.Operation{
		OperationID: "platform-overview", Method: http.MethodGet, Path: "/overview", Summary: "Platform overview",
	}, func(ctx context.Context, _ *struct{}) (*companyOverviewOutput, error) {
		o, err := s.Overview(ctx)
		if err != nil {
			return nil, err
		}
		out := &companyOverviewOutput{}
		c := &out.Body.Companies
		c.Trial, c.Active, c.Suspended, c.Deleting = o.CompaniesByStatus["trial"], o.CompaniesByStatus["active"], o.CompaniesByStatus["suspended"], o.CompaniesByStatus["deleting"]
		c.Total = c.Trial + c.Active + c.Suspended + c.Deleting
		u := &out.Body.Users
		u.SuperAdmins, u.CompanyAdmins, u.Agents = o.UsersByRole["super_admin"], o.UsersByRole["company_admin"], o.UsersByRole["company_user"]
		u.Total = u.SuperAdmins + u.CompanyAdmins + u.Agents
		out.Body.RecentCompanies = views(o.Recent)
		return out, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "platform-companies-list", Method: http.MethodGet, Path: "/companies", Summary: "List companies",
		Errors: []int{422},
	}, func(ctx context.Context, in *companyListInput) (*companyListOutput, error) {
		rows, next, err := s.List(ctx, ListFilter{Query: in.Query, Status: in.Status, Cursor: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, err
		}
		out := &companyListOutput{}
		out.Body.Items = views(rows)
		if next != "" {
			out.Body.NextCursor = &next
		}
		return out, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "platform-companies-create", Method: http.MethodPost, Path: "/companies", Summary: "Create a company",
		Description:   "Creates the company with default settings and, when given, its first admin, in one transaction.",
		DefaultStatus: http.StatusCreated, Errors: []int{409, 422},
	}, func(ctx context.Context, in *companyCreateInput) (*companyCreateOutput, error) {
		b := in.Body
		nc := NewCompany{Name: b.Name, Slug: b.Slug, Plan: b.Plan, Status: b.Status, MaxAgents: b.MaxAgents,
			MonthlyMessageLimit: b.MonthlyMessageLimit, MonthlyAITokenLimit: b.MonthlyAITokenLimit}
		if b.Admin != nil {
			a := b.Admin.ToNewUser()
			nc.Admin = &a
		}
		c, err := s.Create(ctx, nc)
		if err != nil {
			return nil, err
		}
		out := &companyCreateOutput{}
		out.Body.Company = view(c.Company)
		if c.Admin != nil {
			v := team.View(*c.Admin)
			out.Body.Admin = &v
		}
		if c.GeneratedPassword != "" {
			out.Body.GeneratedPassword = &c.GeneratedPassword
		}
		return out, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "platform-companies-get", Method: http.MethodGet, Path: "/companies/{id}", Summary: "A company's details",
		Errors: []int{404},
	}, func(ctx context.Context, in *companyIdInput) (*companyDetailOutput, error) {
		d, err := s.Get(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		out := &companyDetailOutput{}
		out.Body.Company, out.Body.Admins = view(d.Company), team.Views(d.Admins)
		out.Body.Counts.Agents, out.Body.Counts.Admins = d.Agents, int64(len(d.Admins))
		return out, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "platform-companies-update", Method: http.MethodPatch, Path: "/companies/{id}", Summary: "Change a company's plan and limits",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *companyUpdateInput) (*companyOutput, error) {
		b := in.Body
		c, err := s.UpdateLimits(ctx, in.ID, LimitsUpdate{Name: b.Name, Plan: b.Plan, MaxAgents: b.MaxAgents,
			MonthlyMessageLimit: b.MonthlyMessageLimit, MonthlyAITokenLimit: b.MonthlyAITokenLimit})
		if err != nil {
			return nil, err
		}
		return &companyOutput{Body: view(*c)}, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "platform-companies-suspend", Method: http.MethodPost, Path: "/companies/{id}/suspend", Summary: "Suspend a company",
		Description: "Its users are signed out at once and cannot sign in; its webhooks answer 403.", Errors: []int{404, 409},
	}, func(ctx context.Context, in *companySuspendInput) (*companyOutput, error) {
		reason := ""
		if in.Body != nil {
			reason = in.Body.Reason
		}
		c, err := s.Suspend(ctx, in.ID, reason)
		if err != nil {
			return nil, err
		}
		return &companyOutput{Body: view(*c)}, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "platform-companies-reactivate", Method: http.MethodPost, Path: "/companies/{id}/reactivate", Summary: "Reactivate a company",
		Errors: []int{404, 409},
	}, func(ctx context.Context, in *companyIdInput) (*companyOutput, error) {
		c, err := s.Reactivate(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &companyOutput{Body: view(*c)}, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "platform-companies-delete", Method: http.MethodDelete, Path: "/companies/{id}", Summary: "Delete a company",
		Description:   "Signs its users out, marks it deleting and queues the job that removes all its data.",
		DefaultStatus: http.StatusAccepted, Errors: []int{404},
	}, func(ctx context.Context, in *companyIdInput) (*companyOutput, error) {
		c, err := s.Delete(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &companyOutput{Body: view(*c)}, nil
	})

	huma.Register(platform, huma.Operation{
		OperationID: "platform-companies-add-admin", Method: http.MethodPost, Path: "/companies/{id}/admins", Summary: "Add a company admin",
		DefaultStatus: http.StatusCreated, Errors: []int{404, 409, 422},
	}, func(ctx context.Context, in *companyAddAdminInput) (*companyAddAdminOutput, error) {
		u, gen, err := s.AddAdmin(ctx, in.ID, in.Body.ToNewUser())
		if err != nil {
			return nil, err
		}
		out := &companyAddAdminOutput{Body: team.CreatedUser{User: team.View(*u)}}
		if gen != "" {
			out.Body.GeneratedPassword = &gen
		}
		return out, nil
	})
}

// ProfileView is onboarding step 1 as the API shows it.
type ProfileView struct {
	ID                  string        `json:"id"`
	Name                string        `json:"name"`
	Slug                string        `json:"slug"`
	LogoURL             string        `json:"logo_url"`
	ContactEmail        string        `json:"contact_email"`
	ContactPhone        string        `json:"contact_phone"`
	Address             string        `json:"address"`
	Website             string        `json:"website"`
	Country             string        `json:"country"`
	PreferredLanguage   string        `json:"preferred_language"`
	AdditionalLanguages []string      `json:"additional_languages"`
	Timezone            string        `json:"timezone"`
	Currency            string        `json:"currency"`
	DateFormat          string        `json:"date_format"`
	BusinessHours       BusinessHours `json:"business_hours"`
	IndustryCategoryID  *string       `json:"industry_category_id" nullable:"true"`
	CustomIndustryName  string        `json:"custom_industry_name"`
	OnboardingStep      int32         `json:"onboarding_step" doc:"The highest onboarding step completed."`
	OnboardingCompleted bool          `json:"onboarding_completed"`
	Plan                string        `json:"plan"`
	MaxAgents           int32         `json:"max_agents"`
}

func profileView(p *Profile) ProfileView {
	st := p.Settings
	v := ProfileView{ID: p.Company.ID.String(), Name: p.Company.Name, Slug: p.Company.Slug, LogoURL: storage.URL(p.Company.LogoKey),
		ContactEmail: st.ContactEmail, ContactPhone: st.ContactPhone, Address: st.Address, Website: st.Website, Country: st.Country,
		PreferredLanguage: st.PreferredLanguage, AdditionalLanguages: st.AdditionalLanguages, Timezone: st.Timezone, Currency: st.Currency,
		DateFormat: st.DateFormat, BusinessHours: p.Hours, CustomIndustryName: st.CustomIndustryName, OnboardingStep: st.OnboardingStep,
		OnboardingCompleted: st.OnboardingCompletedAt != nil, Plan: p.Company.Plan, MaxAgents: p.Company.MaxAgents}
	if st.IndustryCategoryID.Valid {
		id := st.IndustryCategoryID.UUID.String()
		v.IndustryCategoryID = &id
	}
	if v.AdditionalLanguages == nil {
		v.AdditionalLanguages = []string{}
	}
	return v
}

type companyProfileOutput struct {
	Body ProfileView
}

type companyProfileInput struct {
	Body struct {
		Name                string        `json:"name" minLength:"1" maxLength:"200"`
		ContactEmail        string        `json:"contact_email,omitempty" maxLength:"254"`
		ContactPhone        string        `json:"contact_phone,omitempty" maxLength:"30"`
		Address             string        `json:"address,omitempty" maxLength:"500"`
		Website             string        `json:"website,omitempty" maxLength:"300"`
		Country             string        `json:"country" enum:"MY,SG,ID,TH,PH,BN,VN,OTHER"`
		PreferredLanguage   string        `json:"preferred_language" enum:"en,ms,bm,zh,ta" doc:"\"bm\" is accepted as Bahasa Malaysia and stored as \"ms\"."`
		AdditionalLanguages []string      `json:"additional_languages,omitempty" maxItems:"4"`
		Timezone            string        `json:"timezone" maxLength:"64" doc:"IANA time zone, defaulted from the country."`
		Currency            string        `json:"currency" pattern:"^[A-Za-z]{3}$" doc:"ISO 4217 code, defaulted from the country."`
		DateFormat          string        `json:"date_format"`
		BusinessHours       BusinessHours `json:"business_hours" doc:"Per weekday (mon..sun), in the company's time zone."`
		IndustryCategoryID  *uuid.UUID    `json:"industry_category_id" nullable:"true"`
		CustomIndustryName  string        `json:"custom_industry_name,omitempty" maxLength:"100"`
	}
}

type companyLogoInput struct {
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true" doc:"PNG, JPEG, WebP or GIF, at most 2 MB."`
	}]
}

// RegisterCompany adds the company admin's profile operations.
func RegisterCompany(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "company-profile-get", Method: http.MethodGet, Path: "/profile", Summary: "My company's profile",
	}, func(ctx context.Context, _ *struct{}) (*companyProfileOutput, error) {
		p, err := s.GetProfile(ctx, identity.PrincipalFrom(ctx).CompanyID)
		if err != nil {
			return nil, err
		}
		return &companyProfileOutput{Body: profileView(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "company-profile-update", Method: http.MethodPut, Path: "/profile", Summary: "Save basic info and localisation (onboarding step 1)",
		Errors: []int{422},
	}, func(ctx context.Context, in *companyProfileInput) (*companyProfileOutput, error) {
		b := in.Body
		p, err := s.UpdateProfile(ctx, identity.PrincipalFrom(ctx).CompanyID, ProfileInput{
			Name: b.Name, ContactEmail: b.ContactEmail, ContactPhone: b.ContactPhone, Address: b.Address, Website: b.Website,
			Country: b.Country, PreferredLanguage: b.PreferredLanguage, AdditionalLanguages: b.AdditionalLanguages, Timezone: b.Timezone,
			Currency: b.Currency, DateFormat: b.DateFormat, BusinessHours: b.BusinessHours, IndustryCategoryID: b.IndustryCategoryID,
			CustomIndustryName: b.CustomIndustryName,
		})
		if err != nil {
			return nil, err
		}
		return &companyProfileOutput{Body: profileView(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "company-logo-upload", Method: http.MethodPost, Path: "/logo", Summary: "Upload the company logo",
		MaxBodyBytes: MaxLogoBytes + 64<<10, Errors: []int{413, 422},
	}, func(ctx context.Context, in *companyLogoInput) (*companyProfileOutput, error) {
		f := in.RawBody.Data().File
		if !f.IsSet {
			return nil, apperr.Invalid("body.file", "Choose an image file.")
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxLogoBytes+1))
		if err != nil {
			return nil, err
		}
		p, err := s.SetLogo(ctx, identity.PrincipalFrom(ctx).CompanyID, data)
		if err != nil {
			return nil, err
		}
		return &companyProfileOutput{Body: profileView(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "company-logo-delete", Method: http.MethodDelete, Path: "/logo", Summary: "Remove the company logo",
	}, func(ctx context.Context, _ *struct{}) (*companyProfileOutput, error) {
		p, err := s.RemoveLogo(ctx, identity.PrincipalFrom(ctx).CompanyID)
		if err != nil {
			return nil, err
		}
		return &companyProfileOutput{Body: profileView(p)}, nil
	})
}

// IndustryView is an industry category.
type IndustryView struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

type companyReferenceOutput struct {
	Body struct {
		Countries   []Country      `json:"countries"`
		Languages   []Language     `json:"languages"`
		Industries  []IndustryView `json:"industries"`
		DateFormats []string       `json:"date_formats"`
		Timezones   []string       `json:"timezones"`
		Currencies  []Currency     `json:"currencies"`
		Plans       []string       `json:"plans"`
	}
}

// RegisterPublic adds the reference data every screen may need.
func RegisterPublic(public huma.API, s *Service) {
	huma.Register(public, huma.Operation{
		OperationID: "public-reference", Method: http.MethodGet, Path: "/public/reference", Summary: "Countries, languages, industries and formats",
	}, func(ctx context.Context, _ *struct{}) (*companyReferenceOutput, error) {
		inds, err := s.Industries(ctx)
		if err != nil {
			return nil, err
		}
		out := &companyReferenceOutput{}
		b := &out.Body
		b.Countries, b.Languages, b.DateFormats, b.Timezones, b.Currencies, b.Plans = Countries, Languages, DateFormats, Timezones, Currencies, Plans
		for _, i := range inds {
			b.Industries = append(b.Industries, IndustryView{ID: i.ID.String(), Slug: i.Slug, Name: i.Name, Description: i.Description})
		}
		return out, nil
	})
}
