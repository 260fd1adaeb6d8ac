package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/api"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
)

type operation struct {
	ID, Method, Path string
	Access           api.Access
	Declared         bool
}

// operations lists every operation registered on the API.
func operations(a huma.API) []operation {
	var ops []operation
	for path, item := range a.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPut: item.Put,
			http.MethodPatch: item.Patch, http.MethodDelete: item.Delete, http.MethodHead: item.Head, http.MethodOptions: item.Options} {
			if op == nil {
				continue
			}
			access, ok := api.AccessOf(op)
			ops = append(ops, operation{ID: op.OperationID, Method: method, Path: path, Access: access, Declared: ok})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].ID < ops[j].ID })
	return ops
}

// caller is one column of the matrix.
type caller struct {
	name    string
	role    string // "" for anonymous
	email   string
	company string // "A", "B" or ""
}

var callers = []caller{
	{"Anonymous", "", "", ""},
	{"AgentOfA", "company_user", "agent@alpha.test", "A"},
	{"AdminOfB", "company_admin", "admin@beta.test", "B"},
	{"AdminOfA", "company_admin", "admin@alpha.test", "A"},
	{"SuperAdmin", "super_admin", "root@platform.test", ""},
}

// refusedForAllowed lists operations that an allowed caller reaches but that the
// matrix's sample request legitimately cannot satisfy, with the expected status.
var refusedForAllowed = map[string]int{
	"company-logo-upload":                    http.StatusUnprocessableEntity, // JSON instead of multipart
	"platform-companies-reactivate":          http.StatusConflict,            // company A is active
	"integration-telegram-test":              http.StatusConflict,            // no token stored
	"integration-telegram-connect":           http.StatusConflict,
	"integration-whatsapp-test":              http.StatusConflict,
	"integration-whatsapp-connect":           http.StatusConflict,
	"message-reply-media":                    http.StatusUnprocessableEntity, // JSON instead of multipart
	"message-media":                          http.StatusNotFound,            // the fixture message has no media
	"agent-message-media":                    http.StatusNotFound,            // likewise (inbox_matrix_test.go fetches real media)
	"agent-message-reply-media":              http.StatusUnprocessableEntity, // JSON instead of multipart
	"product-image-upload":                   http.StatusUnprocessableEntity, // JSON instead of multipart
	"product-import-preview":                 http.StatusUnprocessableEntity,
	"product-import-start":                   http.StatusUnprocessableEntity,
	"integration-telegram-send-test-webhook": http.StatusConflict,
	"integration-whatsapp-send-test-webhook": http.StatusConflict,
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	ops := operations(api.NewAPI(mux, api.Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	if len(ops) < 20 {
		t.Fatalf("found only %d operations", len(ops))
	}
	for _, op := range ops {
		t.Run(op.ID, func(t *testing.T) {
			if !op.Declared {
				t.Fatalf("%s %s declares no access rule: register it in a group in routes.go", op.Method, op.Path)
			}
			t.Parallel()
			s := newServer(t)
			fx := newFixtures(t, s)
			sessions := map[string]*client{}
			for _, c := range callers {
				if c.role == "" {
					sessions[c.name] = s.anonymous(t)
				} else {
					sessions[c.name] = s.login(t, c.email)
				}
			}
			for _, c := range callers {
				path := fx.fillPath(t, op.Path)
				res, body := sessions[c.name].do(op.Method, path, fx.body(op.ID, c))
				want, desc := expected(op, c)
				if want != 0 && res.StatusCode != want {
					t.Errorf("%s: %s %s = %d, want %d (%s): %s", c.name, op.Method, path, res.StatusCode, want, desc, body)
				}
				if want == 0 && (res.StatusCode < 200 || res.StatusCode >= 300) {
					t.Errorf("%s: %s %s = %d, want 2xx (%s): %s", c.name, op.Method, path, res.StatusCode, desc, body)
				}
				if c.company == "B" && (strings.Contains(string(body), fx.companyA.String()) || strings.Contains(string(body), fx.agentA.String())) {
					t.Errorf("%s: %s %s leaked company A's data: %s", c.name, op.Method, path, body)
				}
			}
		})
	}
}

// expected is the status an operation must answer a caller, 0 meaning any 2xx.
func expected(op operation, c caller) (int, string) {
	allowed := op.Access == api.Public
	for _, r := range op.Access.Roles() {
		allowed = allowed || r == c.role
	}
	switch {
	case !allowed && c.role == "":
		return http.StatusUnauthorized, "anonymous callers must sign in"
	case !allowed:
		return http.StatusForbidden, fmt.Sprintf("role %s is not in %s", c.role, op.Access)
	case c.company == "B" && strings.Contains(op.Path, "{"):
		return http.StatusNotFound, "another company's record is invisible"
	}
	if s, ok := refusedForAllowed[op.ID]; ok {
		return s, "allowed; sample request refused by validation"
	}
	return 0, "allowed"
}

// fixtures are companies A and B with their people.
type fixtures struct {
	companyA, agentA, targetA     uuid.UUID
	conversationA, failedMessageA uuid.UUID
	globalTemplate, templateA     uuid.UUID
	industry                      uuid.UUID
	productA, imageA, importA     uuid.UUID
	assignedA, unassignedA        uuid.UUID // conversations of A: assigned to agentA, waiting
	knowledge                     knowledgeFixture
	workflow                      workflowFixture
	contacts                      contactFixture
	packages                      packageFixture
	aiVersions                    aiVersionFixture
	aiReply                       aiReplyFixture
	aiAB                          *aiABFixture
	aiTests                       aiTestFixture
}

func newFixtures(t *testing.T, s *testServer) *fixtures {
	t.Helper()
	a := dbtest.Company(t, s.DB, "alpha")
	b := dbtest.Company(t, s.DB, "beta")
	dbtest.User(t, s.DB, a.ID, "company_admin", "admin@alpha.test")
	agent := dbtest.User(t, s.DB, a.ID, "company_user", "agent@alpha.test")
	target := dbtest.User(t, s.DB, a.ID, "company_user", "target@alpha.test")
	dbtest.User(t, s.DB, b.ID, "company_admin", "admin@beta.test")
	dbtest.User(t, s.DB, uuid.Nil, "super_admin", "root@platform.test")
	inds, err := dbgen.New(s.DB.Pool).IndustryList(context.Background())
	if err != nil || len(inds) == 0 {
		t.Fatalf("industries: %v", err)
	}
	f := &fixtures{companyA: a.ID, agentA: agent.ID, targetA: target.ID, industry: inds[0].ID}
	ctx := context.Background()
	err = s.DB.WithTenant(ctx, a.ID, func(tx *db.Tx) error {
		contact, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: a.ID, Channel: "telegram", ExternalID: "4242", Name: "Customer"})
		if err != nil {
			return err
		}
		conv, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: a.ID, ContactID: contact.ID, Channel: "telegram"})
		if err != nil {
			return err
		}
		m, err := tx.MessageInsertOutbound(ctx, dbgen.MessageInsertOutboundParams{CompanyID: a.ID, ConversationID: conv.ID, Kind: "text", Body: "hello"})
		if err != nil {
			return err
		}
		_, err = tx.MessageMarkFailed(ctx, dbgen.MessageMarkFailedParams{ID: m.ID, Error: "matrix"})
		f.conversationA, f.failedMessageA = conv.ID, m.ID
		return err
	})
	if err != nil {
		t.Fatalf("conversation fixture: %v", err)
	}
	f.globalTemplate, f.templateA = templateFixtures(t, s, a.ID)
	f.productA, f.imageA, f.importA = productFixtures(t, s, a.ID)
	f.assignedA, f.unassignedA = inboxFixtures(t, s, a.ID, agent.ID)
	f.knowledge = knowledgeFixtures(t, s, a.ID)
	f.workflow = workflowFixtures(t, s, a.ID, agent.ID, f.assignedA)
	f.contacts = contactFixtures(t, s, a.ID, f.conversationA, f.assignedA)
	f.packages = packageFixtures(t, s, a.ID, b.ID, f.productA)
	f.aiReply = aiReplyFixtures(t, s, a.ID, f.assignedA, f.conversationA)
	f.aiVersions = aiVersionFixtures(t, s, a.ID)
	f.aiAB = aiABFixtures(t, s, a.ID, b.ID, f.aiVersions)
	f.aiTests = aiTestFixtures(t, s, a.ID, b.ID)
	return f
}

// fillPath puts company A's records into a path's parameters.
func (f *fixtures) fillPath(t *testing.T, path string) string {
	t.Helper()
	if p, ok := f.knowledgePath(path); ok {
		return p
	}
	if p, ok := f.workflowPath(path); ok {
		return p
	}
	if p, ok := f.packagePath(path); ok {
		return p
	}
	if p, ok := f.aiReplyPath(path); ok {
		return p
	}
	if p, ok := f.aiVersionPath(path); ok {
		return p
	}
	if p, ok := f.aiABPath(t, path); ok {
		return p
	}
	if p, ok := f.aiTestPath(path); ok {
		return p
	}
	switch {
	case !strings.Contains(path, "{"):
		return path
	case strings.HasPrefix(path, "/api/v1/platform/companies/{id}"):
		return strings.Replace(path, "{id}", f.companyA.String(), 1)
	case strings.Contains(path, "/templates/{id}"):
		return f.templatePath(path)
	case strings.HasPrefix(path, "/api/v1/company/users/{id}"):
		return strings.Replace(path, "{id}", f.targetA.String(), 1)
	case strings.HasPrefix(path, "/api/v1/company/conversations/{id}"):
		return strings.Replace(path, "{id}", f.conversationA.String(), 1)
	case strings.HasPrefix(path, "/api/v1/company/product-imports/{id}"):
		return strings.Replace(path, "{id}", f.importA.String(), 1)
	case strings.HasPrefix(path, "/api/v1/company/products/{id}"):
		return f.productPath(path)
	case strings.HasPrefix(path, "/api/v1/company/inbox/agents/{id}"):
		return strings.Replace(path, "{id}", f.agentA.String(), 1)
	case strings.Contains(path, "/contacts/{id}") || strings.Contains(path, "/contact-fields/{id}"):
		return f.contactPath(path)
	case strings.HasPrefix(path, "/api/v1/agent/"):
		return f.agentPath(path)
	case strings.HasPrefix(path, "/api/v1/company/messages/{id}"):
		return strings.Replace(path, "{id}", f.failedMessageA.String(), 1)
	}
	t.Fatalf("no fixture for the parameters of %s: extend fillPath", path)
	return ""
}

// body is a valid request body for an operation, unique per caller where it creates something.
func (f *fixtures) body(opID string, c caller) any {
	tag := strings.ToLower(c.name)
	if b, ok := templateBody(opID, tag); ok {
		return b
	}
	if b, ok := f.productBody(opID, tag); ok {
		return b
	}
	if b, ok := f.inboxBody(opID); ok {
		return b
	}
	if b, ok := f.knowledgeBody(opID, tag); ok {
		return b
	}
	if b, ok := f.workflowBody(opID); ok {
		return b
	}
	if b, ok := f.contactBody(opID, tag); ok {
		return b
	}
	if b, ok := f.workspaceBody(opID); ok {
		return b
	}
	if b, ok := f.packageBody(opID, c); ok {
		return b
	}
	if b, ok := f.aiReplyBody(opID); ok {
		return b
	}
	if b, ok := f.aiVersionBody(opID, tag); ok {
		return b
	}
	if b, ok := f.aiABBody(opID, c); ok {
		return b
	}
	if b, ok := f.aiTestBody(opID, c); ok {
		return b
	}
	switch opID {
	case "auth-login":
		email := c.email
		if email == "" {
			email = "admin@alpha.test"
		}
		return map[string]string{"email": email, "password": dbtest.Password}
	case "auth-change-password":
		return map[string]string{"current_password": dbtest.Password, "new_password": "another-password-456"}
	case "platform-companies-create":
		return map[string]any{"name": "New Co", "slug": "new-co-" + tag}
	case "platform-companies-update":
		return map[string]any{"max_agents": 9}
	case "platform-companies-suspend":
		return map[string]any{"reason": "matrix"}
	case "platform-companies-add-admin":
		return map[string]any{"name": "Extra Admin", "email": "extra-" + tag + "@alpha.test"}
	case "company-users-create":
		return map[string]any{"name": "New Agent", "email": "new-" + tag + "@team.test"}
	case "integration-telegram-set-token":
		return map[string]any{"token": "123456789:AAmatrixTokenValue1234"}
	case "integration-whatsapp-set-token":
		return map[string]any{"token": "onsend-device-token-5678", "base_url": "https://onsend.example/api/v1"}
	case "integration-whatsapp-set-signature":
		return map[string]any{"header": "X-Signature"}
	case "message-reply":
		return map[string]any{"text": "Terima kasih!"}
	case "company-users-update":
		return map[string]any{"name": "Renamed"}
	case "company-profile-update":
		hours := map[string]any{}
		for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
			hours[d] = map[string]any{"open": d != "sun", "start": "09:00", "end": "18:00"}
		}
		return map[string]any{"name": "Renamed Co", "country": "MY", "preferred_language": "bm", "additional_languages": []string{"en"},
			"timezone": "Asia/Kuala_Lumpur", "currency": "MYR", "date_format": "DD/MM/YYYY", "business_hours": hours,
			"industry_category_id": f.industry.String()}
	}
	return nil
}
