// Package config holds the one Config struct, parsed once from the environment.
package config

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Config is every setting of the binary. The README's configuration table lists them.
type Config struct {
	// DatabaseURL is the runtime connection: a role that is not superuser, does not own the tables and has no BYPASSRLS.
	DatabaseURL string `env:"DATABASE_URL" envDefault:"postgres://sembang_app@127.0.0.1:5432/sembang?sslmode=disable"`
	// MigrationDatabaseURL connects as the owner of the schema; used by `migrate`, `seed` and `dev`.
	MigrationDatabaseURL string `env:"MIGRATION_DATABASE_URL" envDefault:"postgres://sembang_owner@127.0.0.1:5432/sembang?sslmode=disable"`
	// AdminDatabaseURL is a superuser connection used only by `dev` to create the database and its roles.
	AdminDatabaseURL string `env:"ADMIN_DATABASE_URL" envDefault:"postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"`

	Addr       string `env:"ADDR" envDefault:":8080"`
	PublicURL  string `env:"PUBLIC_URL" envDefault:"http://localhost:8080"`
	BaseDomain string `env:"BASE_DOMAIN" envDefault:"localhost"`
	Env        string `env:"SEMBANG_ENV" envDefault:"development"`
	DataDir    string `env:"DATA_DIR" envDefault:"./data"`
	LogLevel   string `env:"LOG_LEVEL" envDefault:"info"`

	SessionTTL         time.Duration `env:"SESSION_TTL" envDefault:"168h"`
	SessionAbsoluteTTL time.Duration `env:"SESSION_ABSOLUTE_TTL" envDefault:"720h"`
	// CookieSecure forces the Secure flag; otherwise it is set when the request came over HTTPS.
	CookieSecure bool `env:"COOKIE_SECURE" envDefault:"false"`
	// TrustProxy takes the client address and scheme from X-Forwarded-For / X-Forwarded-Proto.
	TrustProxy bool `env:"TRUST_PROXY" envDefault:"false"`

	LoginMaxFailuresPerAccount int           `env:"LOGIN_MAX_FAILURES_PER_ACCOUNT" envDefault:"5"`
	LoginMaxFailuresPerIP      int           `env:"LOGIN_MAX_FAILURES_PER_IP" envDefault:"20"`
	LoginLockout               time.Duration `env:"LOGIN_LOCKOUT" envDefault:"15m"`

	MaxBodyBytes int64 `env:"MAX_BODY_BYTES" envDefault:"1048576"`
	// CredentialEncryptionKeys is the keyring for integration credentials, "k2:BASE64,k1:BASE64", newest first
	// (32-byte AES-256 keys). Required in production; in development a key is generated under DATA_DIR.
	CredentialEncryptionKeys string `env:"CREDENTIAL_ENCRYPTION_KEYS"`
	// TelegramAPIURL is the Telegram Bot API server (a simulator or test server in development).
	TelegramAPIURL string `env:"TELEGRAM_API_URL" envDefault:"https://api.telegram.org"`
	// LocalMedia lets inbound media be fetched from loopback and private
	// addresses; only `sembang dev` sets it (its simulator serves media on 127.0.0.1).
	LocalMedia bool `env:"-"`
	// WebhookSecretGrace is how long a regenerated webhook secret's predecessor stays valid.
	WebhookSecretGrace time.Duration `env:"WEBHOOK_SECRET_GRACE" envDefault:"24h"`

	// S3Endpoint, when set, keeps blobs in an S3-compatible bucket instead of DATA_DIR.
	S3Endpoint  string `env:"S3_ENDPOINT"`
	S3Bucket    string `env:"S3_BUCKET" envDefault:"sembang"`
	S3AccessKey string `env:"S3_ACCESS_KEY"`
	S3SecretKey string `env:"S3_SECRET_KEY"`
	S3Region    string `env:"S3_REGION" envDefault:"us-east-1"`
	S3UseSSL    bool   `env:"S3_USE_SSL" envDefault:"true"`

	// CompanyDeleteDelay is how long a deleted company's data is kept before the purge job runs.
	CompanyDeleteDelay time.Duration `env:"COMPANY_DELETE_DELAY" envDefault:"0s"`

	// AnthropicAPIKey, when set, makes Anthropic the platform's default AI provider; without it replies come from
	// the offline provider.
	AnthropicAPIKey string `env:"ANTHROPIC_API_KEY"`
	// AnthropicBaseURL overrides the Messages API address (empty: the SDK's).
	AnthropicBaseURL string `env:"ANTHROPIC_BASE_URL"`
	// AIModel is the model a version uses when it names none.
	AIModel string `env:"AI_MODEL" envDefault:"claude-haiku-5-5"`
	// AITimeout bounds one suggestion, retries included.
	AITimeout time.Duration `env:"AI_TIMEOUT" envDefault:"30s"`
	// OpenAICompatible* is a chat-completions endpoint (Ollama, vLLM, another vendor) that versions may choose.
	OpenAICompatibleBaseURL string `env:"OPENAI_COMPATIBLE_BASE_URL"`
	OpenAICompatibleAPIKey  string `env:"OPENAI_COMPATIBLE_API_KEY"`
	OpenAICompatibleModel   string `env:"OPENAI_COMPATIBLE_MODEL"`
}

// Production reports whether SEMBANG_ENV is "production".
func (c Config) Production() bool { return c.Env == "production" }

// Load parses the configuration from getenv.
func Load(getenv func(string) string) (Config, error) {
	var cfg Config
	params, err := env.GetFieldParams(&cfg)
	if err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	environ := map[string]string{}
	for _, p := range params {
		if v := getenv(p.Key); v != "" {
			environ[p.Key] = v
		}
	}
	if err := env.ParseWithOptions(&cfg, env.Options{Environment: environ}); err != nil {
		return cfg, fmt.Errorf("config: %w", named(err))
	}
	cfg.BaseDomain = strings.ToLower(strings.TrimPrefix(cfg.BaseDomain, "."))
	if cfg.Env != "production" && cfg.Env != "development" && cfg.Env != "test" {
		return cfg, fmt.Errorf("config: SEMBANG_ENV must be production, development or test, not %q", cfg.Env)
	}
	// The API reads JSON bodies of at most 1 MiB whatever this says; files go through their own upload limits.
	if cfg.MaxBodyBytes < 1024 || cfg.MaxBodyBytes > 1<<20 {
		return cfg, fmt.Errorf("config: MAX_BODY_BYTES must be between 1024 and 1048576 (1 MiB), not %d", cfg.MaxBodyBytes)
	}
	return cfg, nil
}

// named rewrites the env package's parse errors, which name Go fields, to name the variables people set.
func named(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return err
	}
	msgs := make([]string, 0, len(agg.Errors))
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			if f, ok := reflect.TypeFor[Config]().FieldByName(pe.Name); ok {
				key, _, _ := strings.Cut(f.Tag.Get("env"), ",")
				msgs = append(msgs, fmt.Sprintf("%s: %v", key, pe.Err))
				continue
			}
		}
		msgs = append(msgs, e.Error())
	}
	return errors.New(strings.Join(msgs, "; "))
}
