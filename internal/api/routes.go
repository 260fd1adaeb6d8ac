package api

import (
	"github.com/danielgtaylor/huma/v2"

	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/contact"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/notify"
	"github.com/sembang/sembang/internal/successcase"
	"github.com/sembang/sembang/internal/team"
)

// Services are the domain services the API exposes.
type Services struct {
	Auth      *auth.Service
	Companies *company.Service
	Team      *team.Service
	Templates *successcase.Service
	Channels  *channel.Service
	Inbox     *inbox.Service
	Notify    *notify.Service
	Catalog   *catalog.Service
	Knowledge *knowledge.Service
	Contacts  *contact.Service
	Replies   *reply.Engine
	AIModel   *versions.Service
}

// Routes registers every operation. Each group declares who may call its
// operations; this file is the whole API surface on one screen.
func Routes(api huma.API, s Services, cookieSecure bool) {
	public := group(api, "/api/v1", Public)
	session := group(api, "/api/v1", Session)
	platform := group(api, "/api/v1/platform", Platform)
	companyAdmin := group(api, "/api/v1/company", Company)
	agent := group(api, "/api/v1/agent", Agent)

	auth.Register(public, session, s.Auth, cookieSecure)
	company.RegisterPublic(public, s.Companies)
	company.RegisterPlatform(platform, s.Companies)
	company.RegisterCompany(companyAdmin, s.Companies)
	team.Register(companyAdmin, s.Team)
	successcase.RegisterPlatform(platform, s.Templates)
	successcase.RegisterCompany(companyAdmin, s.Templates)
	channel.Register(companyAdmin, s.Channels)
	channel.RegisterAgent(agent, s.Channels, s.Inbox)
	inbox.RegisterCompany(companyAdmin, s.Inbox)
	inbox.RegisterAgent(agent, s.Inbox)
	inbox.RegisterWorkflow(companyAdmin, agent, s.Inbox)
	notify.Register(companyAdmin, agent, s.Notify)
	inbox.RegisterList(companyAdmin, s.Inbox)
	inbox.RegisterWorkspace(companyAdmin, agent, s.Inbox)
	catalog.RegisterCompany(companyAdmin, s.Catalog)
	catalog.RegisterImport(companyAdmin, s.Catalog)
	catalog.RegisterAgent(agent, s.Catalog)
	catalog.RegisterPackages(companyAdmin, agent, s.Catalog)
	catalog.RegisterCards(companyAdmin, agent, s.Catalog, s.Channels)
	contact.RegisterCompany(companyAdmin, s.Contacts)
	contact.RegisterAgent(agent, s.Contacts)
	knowledge.RegisterCompany(companyAdmin, s.Knowledge)
	knowledge.RegisterPlatform(platform, s.Knowledge)
	versions.Register(companyAdmin, s.AIModel)
	reply.Register(companyAdmin, agent, s.Replies, s.Inbox)
	reply.RegisterABTests(companyAdmin, s.Replies, s.AIModel)
	reply.RegisterTests(companyAdmin, s.Replies)
}
