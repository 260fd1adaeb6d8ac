-- +goose Up

-- Where a contact stands in the sales pipeline, and free tags an agent gives them.
ALTER TABLE contacts
    ADD COLUMN lead_status text NOT NULL DEFAULT 'new'
        CHECK (lead_status IN ('new', 'contacted', 'qualified', 'proposal_sent', 'negotiation', 'won', 'lost')),
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX contacts_lead_status_idx ON contacts (company_id, lead_status);
CREATE INDEX contacts_tags_idx ON contacts USING gin (tags);

-- How a conversation ended: won (a sale), lost (with the reason) or just closed ('').
ALTER TABLE conversations
    ADD COLUMN outcome     text NOT NULL DEFAULT '' CHECK (outcome IN ('', 'won', 'lost')),
    ADD COLUMN lost_reason text NOT NULL DEFAULT '' CHECK (length(lost_reason) <= 1000),
    ADD COLUMN closed_at   timestamptz,
    ADD COLUMN closed_by   uuid;
CREATE INDEX conversations_outcome_idx ON conversations (company_id, outcome, closed_at) WHERE outcome <> '';

-- Internal notes: never sent to the customer. A note in a chat names its
-- conversation; a note on a contact's page has none.
CREATE TABLE notes (
    company_id      uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    contact_id      uuid NOT NULL,
    conversation_id uuid,
    author_id       uuid NOT NULL,
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, contact_id) REFERENCES contacts (company_id, id) ON DELETE CASCADE,
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE
);
CREATE INDEX notes_conversation_idx ON notes (company_id, conversation_id, created_at) WHERE conversation_id IS NOT NULL;
CREATE INDEX notes_contact_idx ON notes (company_id, contact_id, created_at);

-- A won conversation's sale, in minor units of the company's currency; at most one per conversation.
CREATE TABLE sales (
    company_id      uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL,
    contact_id      uuid NOT NULL,
    agent_id        uuid,
    amount_minor    bigint NOT NULL CHECK (amount_minor >= 0),
    currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    payment_method  text NOT NULL
        CHECK (payment_method IN ('fpx', 'grabpay', 'touch_n_go', 'bank_transfer', 'card', 'cash', 'other')),
    notes           text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    created_by      uuid NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, conversation_id),
    FOREIGN KEY (company_id, conversation_id) REFERENCES conversations (company_id, id) ON DELETE CASCADE,
    FOREIGN KEY (company_id, contact_id) REFERENCES contacts (company_id, id) ON DELETE CASCADE
);
CREATE INDEX sales_recent_idx ON sales (company_id, created_at DESC);
CREATE INDEX sales_agent_idx ON sales (company_id, agent_id, created_at);

-- What a sale was made of: a catalog product (kept by name when the product is
-- deleted) or a free-text item, with the price it sold at.
CREATE TABLE sale_items (
    company_id       uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id               bigint GENERATED ALWAYS AS IDENTITY,
    sale_id          uuid NOT NULL,
    product_id       uuid,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, sale_id) REFERENCES sales (company_id, id) ON DELETE CASCADE,
    FOREIGN KEY (company_id, product_id) REFERENCES products (company_id, id) ON DELETE SET NULL (product_id)
);
CREATE INDEX sale_items_sale_idx ON sale_items (company_id, sale_id, id);
CREATE INDEX sale_items_product_idx ON sale_items (company_id, product_id) WHERE product_id IS NOT NULL;

-- Every move of a contact through the pipeline (by NULL: the system).
CREATE TABLE contact_status_changes (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    contact_id  uuid NOT NULL,
    from_status text NOT NULL,
    to_status   text NOT NULL,
    by_user_id  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, contact_id) REFERENCES contacts (company_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_status_changes_contact_idx ON contact_status_changes (company_id, contact_id, id);

ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notes FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON notes FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE sales ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON sales FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE sale_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE sale_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sale_items FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON sale_items FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE contact_status_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_status_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contact_status_changes FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON contact_status_changes FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE contact_status_changes;
DROP TABLE sale_items;
DROP TABLE sales;
DROP TABLE notes;
DROP INDEX conversations_outcome_idx;
ALTER TABLE conversations DROP COLUMN closed_by, DROP COLUMN closed_at, DROP COLUMN lost_reason, DROP COLUMN outcome;
DROP INDEX contacts_tags_idx;
DROP INDEX contacts_lead_status_idx;
ALTER TABLE contacts DROP COLUMN tags, DROP COLUMN lead_status;
