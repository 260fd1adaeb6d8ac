-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Training documents a company uploads (PDF, DOCX, TXT). The file lives in the
-- blob store; a River job extracts its text and splits it into chunks.
CREATE TABLE knowledge_documents (
    company_id   uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id           uuid NOT NULL DEFAULT gen_random_uuid(),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    mime         text NOT NULL CHECK (mime IN ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain')),
    size_bytes   integer NOT NULL CHECK (size_bytes > 0),
    blob_key     text NOT NULL,
    status       text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'processing', 'processed', 'failed')),
    error        text NOT NULL DEFAULT '',
    text         text NOT NULL DEFAULT '',
    char_count   integer NOT NULL DEFAULT 0,
    chunk_count  integer NOT NULL DEFAULT 0,
    created_by   uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    PRIMARY KEY (company_id, id)
);
CREATE INDEX knowledge_documents_created_idx ON knowledge_documents (company_id, created_at DESC, id);

-- Pieces of a document's text, the unit of retrieval. tsv serves Latin-script
-- words; grams (made in Go: words, and character bigrams of Chinese and Tamil
-- runs) serve scripts without spaces or with long inflected words; the trigram
-- index on content catches misspellings.
CREATE TABLE knowledge_chunks (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL,
    position    integer NOT NULL,
    content     text NOT NULL,
    grams       text[] NOT NULL DEFAULT '{}',
    tsv         tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, document_id) REFERENCES knowledge_documents (company_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX knowledge_chunks_position_key ON knowledge_chunks (company_id, document_id, position);
CREATE INDEX knowledge_chunks_tsv_idx ON knowledge_chunks USING gin (tsv);
CREATE INDEX knowledge_chunks_grams_idx ON knowledge_chunks USING gin (grams);
CREATE INDEX knowledge_chunks_trgm_idx ON knowledge_chunks USING gin (content gin_trgm_ops);

-- Question and answer pairs; usage_count grows each time a reply draws on one.
CREATE TABLE faqs (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    question    text NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
    answer      text NOT NULL CHECK (length(answer) BETWEEN 1 AND 5000),
    category    text NOT NULL DEFAULT '' CHECK (length(category) <= 100),
    language    text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ms', 'zh', 'ta')),
    usage_count integer NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    grams       text[] NOT NULL DEFAULT '{}',
    tsv         tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', question), 'A') || setweight(to_tsvector('simple', answer), 'B')) STORED,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, id)
);
-- One answer per question and language; the CSV import updates by this key.
CREATE UNIQUE INDEX faqs_question_key ON faqs (company_id, language, lower(question));
CREATE INDEX faqs_tsv_idx ON faqs USING gin (tsv);
CREATE INDEX faqs_grams_idx ON faqs USING gin (grams);
CREATE INDEX faqs_trgm_idx ON faqs USING gin ((question || ' ' || answer) gin_trgm_ops);

-- How the company's replies sound: one row per company, created on first save.
CREATE TABLE brand_voice (
    company_id           uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    tone                 text NOT NULL DEFAULT 'friendly' CHECK (tone IN ('professional', 'friendly', 'casual', 'formal')),
    style                text NOT NULL DEFAULT 'concise' CHECK (style IN ('concise', 'detailed', 'persuasive')),
    primary_language     text NOT NULL DEFAULT 'en' CHECK (primary_language IN ('en', 'ms', 'zh', 'ta')),
    secondary_languages  text[] NOT NULL DEFAULT '{}',
    mirror_customer      boolean NOT NULL DEFAULT true,
    dos                  text[] NOT NULL DEFAULT '{}',
    donts                text[] NOT NULL DEFAULT '{}',
    sample_conversations jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(sample_conversations) = 'array'),
    updated_by           uuid,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- A rebuild of the company's index: every document extracted and chunked again,
-- every FAQ re-indexed, by a River job whose progress the UI polls.
CREATE TABLE knowledge_builds (
    company_id     uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    error          text NOT NULL DEFAULT '',
    total_documents integer NOT NULL DEFAULT 0,
    done_documents integer NOT NULL DEFAULT 0,
    failed_documents integer NOT NULL DEFAULT 0,
    chunk_count    integer NOT NULL DEFAULT 0,
    faq_count      integer NOT NULL DEFAULT 0,
    created_by     uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    PRIMARY KEY (company_id, id)
);
CREATE INDEX knowledge_builds_created_idx ON knowledge_builds (company_id, created_at DESC);
-- At most one rebuild waits or runs per company.
CREATE UNIQUE INDEX knowledge_builds_active_key ON knowledge_builds (company_id) WHERE status IN ('queued', 'running');

-- Platform-owned sales playbooks, one per industry: every company reads them,
-- only the platform (super admin) writes them.
CREATE TABLE industry_playbooks (
    industry_id        uuid PRIMARY KEY REFERENCES industry_categories (id) ON DELETE CASCADE,
    default_prompt     text NOT NULL DEFAULT '' CHECK (length(default_prompt) <= 10000),
    objections         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(objections) = 'array'),
    closing_techniques text[] NOT NULL DEFAULT '{}',
    compliance_notes   text[] NOT NULL DEFAULT '{}',
    malaysia_prompt    text NOT NULL DEFAULT '' CHECK (length(malaysia_prompt) <= 10000),
    malaysia_notes     text[] NOT NULL DEFAULT '{}',
    updated_by         uuid,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- The twelve industries' playbooks, present from installation on.
INSERT INTO industry_playbooks (industry_id, default_prompt, objections, closing_techniques, compliance_notes, malaysia_prompt, malaysia_notes)
SELECT c.id, p.default_prompt, p.objections::jsonb, p.closing, p.compliance, p.my_prompt, p.my_notes
FROM (VALUES
('ecommerce',
 'You help an online shop sell over chat. Answer product questions precisely from the catalog, confirm stock before promising, give the total with shipping, and guide the customer to checkout in as few messages as possible.',
 '[{"objection":"Shipping is too expensive","handler":"Mention the free-shipping threshold or a bundle that reaches it, and the delivery time the customer gets for the fee."},{"objection":"I found it cheaper elsewhere","handler":"Point to what is included (original stock, warranty, fast dispatch, easy returns); offer a current promo code only if one exists."},{"objection":"Is it original?","handler":"State the brand authorisation or supplier and the return policy; offer real photos of the item."}]',
 ARRAY['Offer two options (for example colour or size) instead of a yes/no question.', 'Summarise the order with the total and ask for confirmation.', 'Create urgency only with real facts: stock left, promo end date, courier cut-off time.'],
 ARRAY['Never invent stock levels, prices or discounts the catalog does not state.', 'State the return and refund policy clearly (Consumer Protection (Electronic Trade Transactions) Regulations 2012).'],
 'Customers in Malaysia often ask about payment by FPX online banking, GrabPay, Touch ''n Go eWallet, Boost or COD, and about couriers (Pos Laju, J&T Express, Ninja Van, DHL eCommerce). Quote East Malaysia (Sabah, Sarawak) shipping separately.',
 ARRAY['Payments: FPX, DuitNow QR, GrabPay, Touch ''n Go eWallet, Boost, cards, COD where offered.', 'Couriers: Pos Laju, J&T Express, Ninja Van, DHL eCommerce, City-Link; give West and East Malaysia rates.', 'Mention SST where prices include or exclude it.', 'Big sale dates: 11.11, 12.12, Hari Raya, Chinese New Year, Deepavali.']),
('retail',
 'You help a physical store and reseller. Answer availability per branch, opening hours and location, wholesale and bulk prices, and invite the customer to visit or to reserve the item.',
 '[{"objection":"I want to see it first","handler":"Invite them to the nearest branch with its hours and offer to hold the item for a day."},{"objection":"Your price is higher than online","handler":"Explain the in-store benefits: try before buying, immediate pickup, local warranty and after-sales service."},{"objection":"I need a bulk discount","handler":"Ask for the quantity and quote the wholesale tier; never promise a price that is not in the price list."}]',
 ARRAY['Offer to reserve the item under the customer''s name.', 'Give a clear next step: branch address, hours and a contact person.', 'For bulk orders, send a written quotation.'],
 ARRAY['Quote only prices from the price list; quotations carry a validity date.', 'Respect personal data under the PDPA 2010 when taking names and numbers.'],
 'Malaysian shoppers expect opening hours around public holidays (Hari Raya, Chinese New Year, Deepavali), parking information and payment by DuitNow QR, cards or e-wallets.',
 ARRAY['Payments: DuitNow QR, Touch ''n Go eWallet, GrabPay, Boost, cards, cash.', 'Mention holiday opening hours and parking.', 'Quote prices with SST where applicable.']),
('real_estate',
 'You help a property agency or developer. Qualify the buyer or tenant (budget, area, purpose, timeline, financing), share project facts from the listing only, and book a viewing.',
 '[{"objection":"The price is too high","handler":"Compare with recent transactions nearby, mention the developer rebates or packages that really exist, and show the monthly instalment."},{"objection":"I am not sure I can get a loan","handler":"Offer a free loan eligibility check with a panel banker and list the documents needed."},{"objection":"I need to think about it","handler":"Offer a viewing slot this week and send the brochure and floor plan meanwhile."}]',
 ARRAY['Offer two viewing slots.', 'Ask for a booking fee only after a viewing and with a written receipt.', 'Follow up with the floor plan and a loan estimate.'],
 ARRAY['Only registered estate agents (BOVAEA) may negotiate a sale; never guarantee loan approval or rental yield.', 'Quote prices, sizes and completion dates only from the listing.'],
 'In Malaysia ask whether the buyer is a Bumiputera (Bumi lots and discounts), whether they prefer freehold or leasehold, and mention nearby LRT/MRT stations, highways and schools. First-time buyers may ask about stamp duty exemptions.',
 ARRAY['Tenure: freehold or leasehold (years remaining).', 'Bumi lot quota and Bumiputera discount where applicable.', 'Transit: LRT, MRT, KTM Komuter stations nearby.', 'Financing: loan margin up to 90%, EPF (KWSP) Account 2 withdrawals, first-home schemes.', 'Costs: booking fee, SPA, legal fees, stamp duty, maintenance fee and sinking fund.']),
('education',
 'You help a tuition centre, college or course provider. Find the student''s level and goal, recommend the right class or programme, share schedule and fees, and book a trial class or a visit.',
 '[{"objection":"The fees are too high","handler":"Break the fee down per lesson or per month, mention instalments and any sibling or early-bird discount that really exists."},{"objection":"My child is too busy","handler":"Offer online or weekend classes and a free trial to see the fit."},{"objection":"Is the programme recognised?","handler":"State the accreditation exactly as held (for example MQA) and what the qualification leads to."}]',
 ARRAY['Offer a free trial class with two time slots.', 'Mention limited seats per class when true.', 'Send the registration form and the first month''s fee.'],
 ARRAY['Never promise exam results or grades.', 'State accreditation and fees exactly; refund terms in writing.', 'Take extra care with children''s personal data (PDPA 2010).'],
 'Malaysian parents and students ask about SPM, STPM, UEC, IGCSE syllabi, programme accreditation by MQA, PTPTN loans for tertiary study and HRDF (HRD Corp) claimable courses for companies.',
 ARRAY['Syllabus: KSSR, KSSM, SPM, STPM, UEC, IGCSE.', 'Accreditation: MQA (Malaysian Qualifications Agency) programme code.', 'Funding: PTPTN loans, scholarships, HRD Corp (HRDF) claimable training.', 'Languages of instruction: BM, English, Mandarin, Tamil.']),
('healthcare',
 'You help a clinic, pharmacy or wellness provider. Book appointments, explain services and fees from the price list, and direct anything urgent to emergency care.',
 '[{"objection":"Is it covered by my insurance?","handler":"Ask for the insurer or panel name and confirm only against the clinic''s panel list."},{"objection":"It is expensive","handler":"Explain what the fee includes (consultation, tests) and any packages on the price list."},{"objection":"Can you tell me what I have?","handler":"Explain that a diagnosis needs a consultation and offer the earliest appointment."}]',
 ARRAY['Offer the earliest two appointment slots.', 'Confirm the booking with date, time, address and what to bring.'],
 ARRAY['Never diagnose or prescribe over chat; urgent symptoms go to 999 or the nearest emergency department.', 'Health data is sensitive personal data under the PDPA 2010: ask only what the booking needs.', 'Follow MOH advertising rules: no claims of guaranteed cures.'],
 'Malaysian patients ask about panel clinics for their employer or insurer, takaful medical cards, and MySejahtera records. Prices of private clinics follow the Private Healthcare Facilities and Services Act fee schedule.',
 ARRAY['Panel: employer panels, insurance and takaful medical cards.', 'Emergency number 999.', 'Mention halal status of supplements when asked.']),
('professional_services',
 'You help an agency, consultancy, legal or accounting firm. Understand the client''s need, scope the work, explain the process and book a discovery meeting before quoting.',
 '[{"objection":"Your fee is too high","handler":"Tie the fee to the outcome and scope; offer a smaller first phase."},{"objection":"We can do it ourselves","handler":"Explain the time, risk and compliance cost of doing it in-house with a concrete example."},{"objection":"Send me a quotation first","handler":"Ask three scoping questions, then promise a written quotation by a given date."}]',
 ARRAY['Propose a short discovery call with two time slots.', 'Send a written proposal with scope, timeline and fee.'],
 ARRAY['Do not give legal, tax or financial advice over chat beyond general information.', 'Quotations state scope, fee, validity and exclusions.'],
 'Malaysian clients ask about SSM company registration, LHDN tax filing deadlines, SST registration and e-invoicing (MyInvois).',
 ARRAY['Registrations: SSM (Sdn Bhd, enterprise), LHDN, SST.', 'e-Invoicing with LHDN MyInvois.', 'Fees quoted in RM, with SST where applicable.']),
('food_beverage',
 'You help a restaurant, cafe or caterer. Share the menu and prices, confirm halal status accurately, take reservations and catering orders with date, pax and address.',
 '[{"objection":"Is it halal?","handler":"State the certification exactly (JAKIM certified, Muslim-owned, or pork-free) and never overstate it."},{"objection":"The catering minimum is too high","handler":"Suggest a smaller package or a set that meets the minimum."},{"objection":"Delivery takes too long","handler":"Give the real preparation time and offer self-pickup or a scheduled delivery."}]',
 ARRAY['Confirm date, time, pax and deposit for reservations and catering.', 'Suggest a popular set or add-on.'],
 ARRAY['Never claim halal certification that the business does not hold.', 'State allergens when asked; do not guess.'],
 'In Malaysia halal status matters to many customers: say exactly whether the outlet is JAKIM halal certified, Muslim-owned or pork-free. Mention delivery through GrabFood, foodpanda or ShopeeFood, and festive menus for Ramadan buka puasa, Chinese New Year and Deepavali.',
 ARRAY['Halal: JAKIM certified, Muslim-owned or pork-free: state which.', 'Delivery: GrabFood, foodpanda, ShopeeFood or own delivery.', 'Payments: DuitNow QR, Touch ''n Go eWallet, GrabPay, cards.', 'Festive menus: buka puasa, CNY, Deepavali, Christmas.']),
('fitness_wellness',
 'You help a gym, studio, spa or coach. Learn the customer''s goal, recommend a membership or package, share the schedule and book a trial session.',
 '[{"objection":"I do not have time","handler":"Show short sessions and off-peak or weekend slots that fit their week."},{"objection":"It is too expensive","handler":"Compare the monthly cost per session and mention any trial or starter package that exists."},{"objection":"I tried before and gave up","handler":"Explain the coaching and progress tracking that keep members going; offer a trial."}]',
 ARRAY['Book a free trial or first session with two time slots.', 'Offer a starter package with a clear end date.'],
 ARRAY['No medical claims or guaranteed results.', 'Ask about injuries or health conditions and suggest seeing a doctor first when relevant.', 'Membership terms and cancellation in writing.'],
 'Malaysian customers ask about women-only classes, halal spa products, Ramadan schedules and payment by instalments or e-wallets.',
 ARRAY['Women-only sessions and trainers where offered.', 'Ramadan and festive schedules.', 'Payments: FPX, cards, Touch ''n Go eWallet, GrabPay.']),
('financial_services',
 'You help an insurance, takaful, loan or investment provider. Understand the need, check basic eligibility, list the documents needed and book a meeting with a licensed adviser. Use careful, compliant wording.',
 '[{"objection":"I already have coverage","handler":"Offer a free review of gaps in the existing coverage."},{"objection":"The premium is too high","handler":"Show options with different coverage levels; never understate exclusions."},{"objection":"Is my money safe?","handler":"State the licence and regulator exactly and the risks as disclosed in the product documents."}]',
 ARRAY['Book a meeting with a licensed adviser.', 'Send the product disclosure sheet before any commitment.'],
 ARRAY['Never guarantee returns, approval or claims; state risks.', 'Only licensed persons may advise; follow Bank Negara Malaysia and Securities Commission rules.', 'Give the product disclosure sheet; respect the free-look period.'],
 'Malaysian customers may prefer takaful (Shariah-compliant) products, ask about EPF (KWSP), tax relief for insurance and education savings, and Islamic financing.',
 ARRAY['Conventional insurance or takaful: ask the preference.', 'Regulators: Bank Negara Malaysia, Securities Commission, PIDM coverage.', 'Tax relief: life insurance, medical, education (SSPN).', 'Islamic financing terms: profit rate, not interest.']),
('travel_tourism',
 'You help a travel agency, tour operator or accommodation. Learn dates, pax, budget and interests, propose an itinerary or package, and take a deposit to secure the booking.',
 '[{"objection":"I can book it myself online","handler":"Show what the package includes (transfers, guide, support when something goes wrong)."},{"objection":"The price is too high","handler":"Offer flexible dates, a different hotel class or a group rate."},{"objection":"What if I need to cancel?","handler":"State the cancellation and refund policy exactly and mention travel insurance."}]',
 ARRAY['Hold the seats or rooms with a deposit and a clear deadline.', 'Send the itinerary with inclusions and exclusions.'],
 ARRAY['Only licensed travel agents (MOTAC) may sell packages; quote the licence number when asked.', 'State cancellation terms, visa requirements and what is not included.'],
 'Malaysian travellers ask about umrah and hajj packages (licensed umrah agents only), halal food on tours, visas, school holiday dates and payment by instalment or FPX.',
 ARRAY['Umrah packages: licensed agents only, with Tabung Haji or MOTAC licence.', 'Halal meals and prayer times on tours.', 'School holidays and long weekends drive demand.', 'Payments: FPX, cards, instalments.']),
('saas_technology',
 'You help a software or IT company. Understand the team''s problem and size, show the matching plan and features, and book a demo or start a trial.',
 '[{"objection":"We already use another tool","handler":"Ask what is missing in it and show the one feature that solves that; mention migration help."},{"objection":"It is too expensive","handler":"Relate the price to time saved per user per month; offer the plan that fits their size."},{"objection":"Is our data safe?","handler":"State where data is hosted, backups and the security practices actually in place."}]',
 ARRAY['Book a demo with two time slots.', 'Start a trial with a clear onboarding call.', 'Send the plan comparison and a quotation.'],
 ARRAY['Describe only features that exist today; no roadmap promises as commitments.', 'State data location and compliance (PDPA 2010) accurately.'],
 'Malaysian companies ask about local data hosting, e-invoicing with LHDN MyInvois, payroll with EPF/SOCSO/EIS, grants such as MDEC digitalisation grants, and billing in RM with SST.',
 ARRAY['Local hosting and PDPA 2010.', 'LHDN MyInvois e-invoicing integration.', 'Payroll: EPF (KWSP), SOCSO (PERKESO), EIS, PCB.', 'Billing in RM with SST; grants from MDEC or SME Corp where eligible.']),
('custom',
 'You help a business whose industry the company names itself. Learn the customer''s need, answer from the company''s own FAQs, documents and catalog, and propose one clear next step.',
 '[{"objection":"It is too expensive","handler":"Explain the value and what is included; offer a smaller option if one exists."},{"objection":"I need to think about it","handler":"Ask what is holding them back and offer the information that answers it."},{"objection":"I will come back later","handler":"Offer to follow up at a time they choose."}]',
 ARRAY['Summarise what the customer wants and propose one next step.', 'Offer two options rather than a yes/no question.'],
 ARRAY['Never invent prices, stock, discounts or guarantees.', 'Respect personal data under the PDPA 2010.'],
 'For Malaysian customers, reply in the customer''s language (BM, English, Chinese or Tamil), mention local payment methods (FPX, DuitNow, e-wallets) and public holidays that affect service.',
 ARRAY['Payments: FPX, DuitNow QR, Touch ''n Go eWallet, GrabPay, cards.', 'Public holidays: Hari Raya, CNY, Deepavali, Christmas and state holidays.'])
) AS p (slug, default_prompt, objections, closing, compliance, my_prompt, my_notes)
JOIN industry_categories c ON c.slug = p.slug;


ALTER TABLE industry_playbooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE industry_playbooks FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone_read ON industry_playbooks FOR SELECT USING (true);
CREATE POLICY platform_own ON industry_playbooks FOR ALL
    USING (current_setting('app.scope', true) = 'platform')
    WITH CHECK (current_setting('app.scope', true) = 'platform');

ALTER TABLE knowledge_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_documents FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON knowledge_documents FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE knowledge_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_chunks FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON knowledge_chunks FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE faqs ENABLE ROW LEVEL SECURITY;
ALTER TABLE faqs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON faqs FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON faqs FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE brand_voice ENABLE ROW LEVEL SECURITY;
ALTER TABLE brand_voice FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON brand_voice FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON brand_voice FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE knowledge_builds ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_builds FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_builds FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON knowledge_builds FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

-- +goose Down
DROP TABLE industry_playbooks;
DROP TABLE knowledge_builds;
DROP TABLE brand_voice;
DROP TABLE faqs;
DROP TABLE knowledge_chunks;
DROP TABLE knowledge_documents;
