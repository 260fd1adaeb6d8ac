-- +goose Up

-- A bundle of the company's products sold together at one price: the sum of
-- its items, the sum less a discount (basis points, 1000 = 10%), or a fixed
-- price. Prices are computed from the items' current prices, never stored as floats.
CREATE TABLE packages (
    company_id        uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description       text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    tier              text NOT NULL DEFAULT 'standard' CHECK (tier IN ('basic', 'standard', 'premium', 'custom')),
    pricing_mode      text NOT NULL DEFAULT 'sum' CHECK (pricing_mode IN ('sum', 'discount', 'fixed')),
    discount_bp       integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    fixed_price_minor bigint CHECK (fixed_price_minor IS NULL OR fixed_price_minor >= 0),
    link_url          text NOT NULL DEFAULT '' CHECK (length(link_url) <= 500),
    active            boolean NOT NULL DEFAULT true,
    template_slug     text NOT NULL DEFAULT '',
    card_key          text NOT NULL DEFAULT '',
    created_by        uuid,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    CHECK (pricing_mode <> 'fixed' OR fixed_price_minor IS NOT NULL)
);
CREATE INDEX packages_name_idx ON packages (company_id, lower(name), id);

-- A package's products in display order; a product appears once per package.
CREATE TABLE package_items (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    package_id  uuid NOT NULL,
    product_id  uuid NOT NULL,
    quantity    integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    position    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, package_id, product_id),
    FOREIGN KEY (company_id, package_id) REFERENCES packages (company_id, id) ON DELETE CASCADE,
    -- Deleting a product takes it out of its packages; their prices follow.
    FOREIGN KEY (company_id, product_id) REFERENCES products (company_id, id) ON DELETE CASCADE
);
CREATE INDEX package_items_package_idx ON package_items (company_id, package_id, position);
CREATE INDEX package_items_product_idx ON package_items (company_id, product_id);

-- A card sent in a chat records what it carried, for analytics, and the link
-- button shown under it (Telegram) or appended to its caption (WhatsApp).
ALTER TABLE messages
    ADD COLUMN product_id uuid NULL,
    ADD COLUMN package_id uuid NULL,
    ADD COLUMN link_url   text NOT NULL DEFAULT '',
    ADD COLUMN link_text  text NOT NULL DEFAULT '';
CREATE INDEX messages_product_idx ON messages (company_id, product_id) WHERE product_id IS NOT NULL;
CREATE INDEX messages_package_idx ON messages (company_id, package_id) WHERE package_id IS NOT NULL;

ALTER TABLE packages ENABLE ROW LEVEL SECURITY;
ALTER TABLE packages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON packages FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON packages FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE package_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE package_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON package_items FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON package_items FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP INDEX messages_package_idx;
DROP INDEX messages_product_idx;
ALTER TABLE messages DROP COLUMN link_text, DROP COLUMN link_url, DROP COLUMN package_id, DROP COLUMN product_id;
DROP TABLE package_items;
DROP TABLE packages;
