-- +goose Up

-- Reference data shared by every company (not tenant data).
CREATE TABLE industry_categories (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug        text NOT NULL UNIQUE,
    name        text NOT NULL,
    description text NOT NULL,
    sort_order  integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO industry_categories (slug, name, description, sort_order) VALUES
('ecommerce', 'E-commerce', 'Online shops selling physical or digital goods: product questions, stock, shipping (Pos Laju, J&T), COD and promo codes.', 1),
('retail', 'Retailer', 'Physical stores and resellers: walk-in availability, opening hours, bulk and wholesale pricing.', 2),
('real_estate', 'Real Estate', 'Property sales and rentals: viewings, bookings, loan eligibility, freehold/leasehold, Bumiputera lots.', 3),
('education', 'Education/Courses', 'Tuition centres, courses and training: schedules, trial classes, SPM/UPSR/IGCSE syllabus, HRDF claims.', 4),
('healthcare', 'Healthcare', 'Clinics, pharmacies and wellness providers: appointments, services, panel insurance, sensitive data care.', 5),
('professional_services', 'Professional Services', 'Agencies, consultants, legal and accounting firms: scoping, quotations, proposals and meetings.', 6),
('food_beverage', 'Restaurant/Food & Beverage', 'Restaurants, cafes and caterers: menus, halal status, reservations, delivery and catering orders.', 7),
('fitness_wellness', 'Fitness/Wellness', 'Gyms, studios, spas and coaches: memberships, trial sessions, class schedules and packages.', 8),
('financial_services', 'Financial Services', 'Insurance, takaful, loans and investments: eligibility, documents, compliant and careful wording.', 9),
('travel_tourism', 'Travel/Tourism', 'Travel agencies, tours and stays: itineraries, umrah packages, availability, deposits and visas.', 10),
('saas_technology', 'SaaS/Technology', 'Software and IT services: demos, trials, pricing plans, integrations and support.', 11),
('custom', 'Custom', 'Another industry: name it yourself and the AI adapts to it.', 12);

CREATE TABLE companies (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug                   text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    logo_key               text,
    plan                   text NOT NULL DEFAULT 'trial' CHECK (plan IN ('trial', 'starter', 'growth', 'enterprise')),
    status                 text NOT NULL DEFAULT 'trial' CHECK (status IN ('trial', 'active', 'suspended', 'deleting')),
    suspended_reason       text NOT NULL DEFAULT '',
    max_agents             integer NOT NULL DEFAULT 5 CHECK (max_agents >= 0),
    monthly_message_limit  integer NOT NULL DEFAULT 10000 CHECK (monthly_message_limit >= 0),
    monthly_ai_token_limit bigint NOT NULL DEFAULT 1000000 CHECK (monthly_ai_token_limit >= 0),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX companies_created_idx ON companies (created_at DESC, id DESC);

CREATE TABLE company_settings (
    company_id              uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    contact_email           text NOT NULL DEFAULT '',
    contact_phone           text NOT NULL DEFAULT '',
    address                 text NOT NULL DEFAULT '',
    website                 text NOT NULL DEFAULT '',
    country                 text NOT NULL DEFAULT 'MY',
    preferred_language      text NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en', 'ms', 'zh', 'ta')),
    additional_languages    text[] NOT NULL DEFAULT '{}',
    timezone                text NOT NULL DEFAULT 'Asia/Kuala_Lumpur',
    currency                text NOT NULL DEFAULT 'MYR' CHECK (currency ~ '^[A-Z]{3}$'),
    date_format             text NOT NULL DEFAULT 'DD/MM/YYYY',
    business_hours          jsonb NOT NULL DEFAULT '{}',
    industry_category_id    uuid REFERENCES industry_categories (id),
    custom_industry_name    text NOT NULL DEFAULT '',
    onboarding_step         integer NOT NULL DEFAULT 0,
    onboarding_completed_at timestamptz,
    updated_at              timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id          uuid REFERENCES companies (id) ON DELETE CASCADE,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email               text NOT NULL,
    password_hash       text NOT NULL,
    role                text NOT NULL CHECK (role IN ('super_admin', 'company_admin', 'company_user')),
    status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    expertise           text[] NOT NULL DEFAULT '{}',
    departments         text[] NOT NULL DEFAULT '{}',
    last_login_at       timestamptz,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'super_admin') = (company_id IS NULL))
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_company_idx ON users (company_id, created_at);

CREATE TABLE sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id   uuid REFERENCES companies (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    csrf_token   text NOT NULL,
    ip           text NOT NULL DEFAULT '',
    user_agent   text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_company_idx ON sessions (company_id);

CREATE TABLE audit_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id    uuid REFERENCES companies (id) ON DELETE CASCADE,
    actor_user_id uuid,
    actor_email   text NOT NULL DEFAULT '',
    action        text NOT NULL,
    target_type   text NOT NULL DEFAULT '',
    target_id     text NOT NULL DEFAULT '',
    ip            text NOT NULL DEFAULT '',
    user_agent    text NOT NULL DEFAULT '',
    metadata      jsonb NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_company_idx ON audit_log (company_id, id DESC);

-- Login attempts are keyed by e-mail and address, before any company is known.
CREATE TABLE login_attempts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text NOT NULL,
    ip         text NOT NULL,
    succeeded  boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (lower(email), created_at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, created_at);

-- Row-level security. A transaction sees tenant rows only after db.WithTenant set
-- app.company_id; app.scope = 'platform' (super admin) reads everything and writes
-- only companies and platform rows; app.scope = 'auth' resolves logins and sessions.
ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
ALTER TABLE companies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_own ON companies FOR SELECT
    USING (id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY tenant_update ON companies FOR UPDATE
    USING (id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_all ON companies FOR ALL
    USING (current_setting('app.scope', true) = 'platform')
    WITH CHECK (current_setting('app.scope', true) = 'platform');
CREATE POLICY auth_read ON companies FOR SELECT
    USING (current_setting('app.scope', true) = 'auth');

-- A company may rename itself and change its logo, but its status, plan,
-- limits and address belong to the platform.
-- +goose StatementBegin
CREATE FUNCTION companies_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('app.scope', true) IS DISTINCT FROM 'platform'
       AND (NEW.status, NEW.plan, NEW.slug, NEW.suspended_reason, NEW.max_agents, NEW.monthly_message_limit, NEW.monthly_ai_token_limit)
           IS DISTINCT FROM
           (OLD.status, OLD.plan, OLD.slug, OLD.suspended_reason, OLD.max_agents, OLD.monthly_message_limit, OLD.monthly_ai_token_limit) THEN
        RAISE EXCEPTION 'only the platform may change a company''s status, plan, slug or limits' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER companies_guard BEFORE UPDATE ON companies FOR EACH ROW EXECUTE FUNCTION companies_guard();

ALTER TABLE company_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON company_settings FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON company_settings FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON users FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');
CREATE POLICY platform_own ON users FOR ALL
    USING (current_setting('app.scope', true) = 'platform' AND company_id IS NULL)
    WITH CHECK (current_setting('app.scope', true) = 'platform' AND company_id IS NULL);
CREATE POLICY auth_read ON users FOR SELECT
    USING (current_setting('app.scope', true) = 'auth');

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON sessions FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');
CREATE POLICY platform_own ON sessions FOR ALL
    USING (current_setting('app.scope', true) = 'platform' AND company_id IS NULL)
    WITH CHECK (current_setting('app.scope', true) = 'platform' AND company_id IS NULL);
CREATE POLICY auth_read ON sessions FOR SELECT
    USING (current_setting('app.scope', true) = 'auth');
CREATE POLICY auth_touch ON sessions FOR UPDATE
    USING (current_setting('app.scope', true) = 'auth')
    WITH CHECK (current_setting('app.scope', true) = 'auth');
CREATE POLICY auth_expire ON sessions FOR DELETE
    USING (current_setting('app.scope', true) = 'auth');

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
-- The audit trail is append-only: a tenant reads and adds, never changes.
CREATE POLICY tenant_read ON audit_log FOR SELECT
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY tenant_insert ON audit_log FOR INSERT
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON audit_log FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');
CREATE POLICY platform_own ON audit_log FOR INSERT
    WITH CHECK (current_setting('app.scope', true) = 'platform' AND company_id IS NULL);
CREATE POLICY auth_insert ON audit_log FOR INSERT
    WITH CHECK (current_setting('app.scope', true) = 'auth');

-- +goose Down
DROP TABLE login_attempts;
DROP TRIGGER companies_guard ON companies;
DROP FUNCTION companies_guard();
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE company_settings;
DROP TABLE companies;
DROP TABLE industry_categories;
