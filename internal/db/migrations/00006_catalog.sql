-- +goose Up

-- The company's products and services. Prices are integer minor units (sen,
-- cents) in the company's currency at the time of saving; never floats.
CREATE TABLE products (
    company_id          uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description         text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    price_minor         bigint NOT NULL CHECK (price_minor >= 0),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    sku                 text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
    category            text NOT NULL DEFAULT '' CHECK (length(category) <= 100),
    tags                text[] NOT NULL DEFAULT '{}',
    stock_status        text NOT NULL DEFAULT 'in_stock' CHECK (stock_status IN ('in_stock', 'limited', 'out_of_stock')),
    quantity            integer CHECK (quantity IS NULL OR quantity >= 0),
    low_stock_threshold integer CHECK (low_stock_threshold IS NULL OR low_stock_threshold >= 0),
    links               text[] NOT NULL DEFAULT '{}',
    custom_fields       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
    active              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id)
);
-- SKUs are unique per company, compared without case; two companies may share one.
CREATE UNIQUE INDEX products_sku_key ON products (company_id, lower(sku));
CREATE INDEX products_name_idx ON products (company_id, lower(name), id);
CREATE INDEX products_tags_idx ON products USING gin (tags);

-- Every price a product has had, newest last; written with each change.
CREATE TABLE product_price_history (
    company_id    uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    product_id    uuid NOT NULL,
    price_minor   bigint NOT NULL CHECK (price_minor >= 0),
    currency      text NOT NULL,
    changed_by    uuid,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, product_id) REFERENCES products (company_id, id) ON DELETE CASCADE
);
CREATE INDEX product_price_history_product_idx ON product_price_history (company_id, product_id, changed_at);

-- A product's gallery: the original and its thumbnail in the blob store.
CREATE TABLE product_images (
    company_id    uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    product_id    uuid NOT NULL,
    blob_key      text NOT NULL,
    thumb_key     text NOT NULL,
    content_type  text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    size_bytes    integer NOT NULL CHECK (size_bytes > 0),
    width         integer NOT NULL DEFAULT 0,
    height        integer NOT NULL DEFAULT 0,
    position      integer NOT NULL DEFAULT 0,
    is_cover      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, product_id) REFERENCES products (company_id, id) ON DELETE CASCADE
);
CREATE INDEX product_images_product_idx ON product_images (company_id, product_id, position);
-- At most one cover per product.
CREATE UNIQUE INDEX product_images_cover_key ON product_images (company_id, product_id) WHERE is_cover;

-- A CSV import: the file in the blob store, its River job's progress and the rows it refused.
CREATE TABLE product_imports (
    company_id     uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    blob_key       text NOT NULL,
    mode           text NOT NULL CHECK (mode IN ('valid_rows', 'all_or_nothing')),
    status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total_rows     integer NOT NULL DEFAULT 0,
    processed_rows integer NOT NULL DEFAULT 0,
    imported_rows  integer NOT NULL DEFAULT 0,
    failed_rows    integer NOT NULL DEFAULT 0,
    errors         jsonb NOT NULL DEFAULT '[]',
    detail         text NOT NULL DEFAULT '',
    created_by     uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    PRIMARY KEY (company_id, id)
);

ALTER TABLE product_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_imports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_imports FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON product_imports FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE products ENABLE ROW LEVEL SECURITY;
ALTER TABLE products FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON products FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON products FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE product_price_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_price_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_price_history FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON product_price_history FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE product_images ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_images FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_images FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON product_images FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE product_imports;
DROP TABLE product_images;
DROP TABLE product_price_history;
DROP TABLE products;
