-- +goose Up

-- Success-case templates: proven replies checked before any AI model.
-- One table holds the super admin's global library (company_id NULL, written
-- only in the platform scope, read by everyone) and each company's own
-- templates (company_id set, tenant rows), as users does for super admins.
CREATE TABLE success_case_templates (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id                uuid REFERENCES companies (id) ON DELETE CASCADE,
    name                      text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description               text NOT NULL DEFAULT '',
    category                  text NOT NULL CHECK (category IN ('greeting', 'objection_handling', 'product_inquiry', 'closing', 'follow_up')),
    industry                  text NOT NULL DEFAULT '', -- industry_categories.slug, '' for all industries
    language                  text NOT NULL CHECK (language IN ('en', 'ms', 'zh', 'ta')),
    is_recommended            boolean NOT NULL DEFAULT false,
    priority                  integer NOT NULL DEFAULT 0, -- higher is checked first
    customer_message_patterns text[] NOT NULL DEFAULT '{}',
    customer_message_examples text[] NOT NULL DEFAULT '{}',
    agent_response            text NOT NULL CHECK (length(agent_response) BETWEEN 1 AND 4000),
    agent_response_variations text[] NOT NULL DEFAULT '{}',
    context_description       text NOT NULL DEFAULT '',
    expected_outcome          text NOT NULL DEFAULT '',
    follow_up_actions         text NOT NULL DEFAULT '',
    localized_versions        jsonb NOT NULL DEFAULT '{}', -- {"zh": {"customer_message_examples": [...], "agent_response": "..."}}
    conversation_stages       text[] NOT NULL DEFAULT '{}', -- empty: any stage
    min_lead_score            integer,
    max_lead_score            integer,
    version                   integer NOT NULL DEFAULT 1,
    is_active                 boolean NOT NULL DEFAULT true,
    created_by                uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX success_case_templates_company_idx ON success_case_templates (company_id, language);
CREATE INDEX success_case_templates_global_idx ON success_case_templates (language, industry) WHERE company_id IS NULL;

-- Every saved state of a template; editing makes a new version, restoring copies an old one forward.
CREATE TABLE success_case_template_versions (
    template_id uuid NOT NULL REFERENCES success_case_templates (id) ON DELETE CASCADE,
    version     integer NOT NULL,
    company_id  uuid REFERENCES companies (id) ON DELETE CASCADE,
    snapshot    jsonb NOT NULL,
    created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, version)
);

-- A company's choices for a template (global or its own). No row: enabled, not preferred, priority 0.
CREATE TABLE company_template_settings (
    company_id    uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    template_id   uuid NOT NULL REFERENCES success_case_templates (id) ON DELETE CASCADE,
    is_enabled    boolean NOT NULL DEFAULT true,
    is_preferred  boolean NOT NULL DEFAULT false,
    priority      integer NOT NULL DEFAULT 0,
    customization jsonb NOT NULL DEFAULT '{}', -- {"replacements":[{"from","to"}],"prefix","suffix","overrides":{"ms":"..."}}
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, template_id)
);
CREATE INDEX company_template_settings_template_idx ON company_template_settings (template_id);

-- Which languages' templates a company uses. No row: all.
CREATE TABLE company_template_languages (
    company_id uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    languages  text[] NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Usage per company and template. Counters move only when the matching event
-- row is new, so a retried job never counts twice.
CREATE TABLE company_template_usage (
    company_id       uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    template_id      uuid NOT NULL REFERENCES success_case_templates (id) ON DELETE CASCADE,
    used_count       integer NOT NULL DEFAULT 0,
    sent_count       integer NOT NULL DEFAULT 0,
    conversion_count integer NOT NULL DEFAULT 0,
    last_used_at     timestamptz,
    PRIMARY KEY (company_id, template_id)
);
CREATE INDEX company_template_usage_template_idx ON company_template_usage (template_id);

CREATE TABLE company_template_usage_events (
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('use', 'send', 'conversion')),
    ref_id      uuid NOT NULL, -- the suggestion, message or conversation
    template_id uuid NOT NULL REFERENCES success_case_templates (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, kind, ref_id, template_id)
);

-- The starter library, present on every install.
INSERT INTO success_case_templates (name, category, industry, language, is_recommended, customer_message_patterns,
    customer_message_examples, agent_response, context_description, expected_outcome, follow_up_actions, description) VALUES
($q$Greeting - general (en)$q$, $q$greeting$q$, $q$$q$, $q$en$q$, true, ARRAY[$q$hi$q$,$q$hello$q$,$q$hey$q$,$q$good morning$q$,$q$good afternoon$q$,$q$good evening$q$,$q$anyone there$q$]::text[], ARRAY[$q$hi$q$,$q$hello, anyone there?$q$,$q$good morning$q$,$q$hey, quick question$q$,$q$hi, I have a question$q$]::text[], $q$Hi {customer_name}! Thanks for messaging {company_name}. I'm {agent_name}, how can I help you today?$q$, $q$First message of a conversation, the customer greets us$q$, $q$A warm, personal first reply that invites the question$q$, $q$Answer the question they ask next; offer the catalogue if they are browsing$q$, $q$Starter library: First message of a conversation, the customer greets us$q$),
($q$Greeting - general (ms)$q$, $q$greeting$q$, $q$$q$, $q$ms$q$, true, ARRAY[$q$selamat pagi$q$,$q$selamat petang$q$,$q$selamat malam$q$,$q$assalamualaikum$q$,$q$salam$q$,$q$hai$q$,$q$helo$q$]::text[], ARRAY[$q$selamat pagi$q$,$q$assalamualaikum$q$,$q$hai, nak tanya sikit$q$,$q$salam, boleh tanya?$q$,$q$helo, ada orang tak?$q$]::text[], $q$Waalaikumsalam / Hai {customer_name}! Terima kasih kerana menghubungi {company_name}. Saya {agent_name}, ada apa yang boleh saya bantu?$q$, $q$Mesej pertama, pelanggan memberi salam$q$, $q$Sambutan mesra dan sopan$q$, $q$Jawab soalan seterusnya; tawarkan katalog$q$, $q$Starter library: Mesej pertama, pelanggan memberi salam$q$),
($q$Greeting - general (zh)$q$, $q$greeting$q$, $q$$q$, $q$zh$q$, true, ARRAY[$q$你好$q$,$q$您好$q$,$q$早安$q$,$q$早上好$q$,$q$午安$q$,$q$晚上好$q$,$q$哈喽$q$,$q$请问一下$q$]::text[], ARRAY[$q$你好$q$,$q$早安，请问一下$q$,$q$您好，有人在吗$q$,$q$哈喽$q$,$q$你好，想问一下$q$]::text[], $q${customer_name}您好！感谢联系{company_name}，我是{agent_name}，请问有什么可以帮到您？$q$, $q$客户第一次打招呼$q$, $q$亲切的开场，邀请客户提问$q$, $q$回答客户的问题，可以介绍产品目录$q$, $q$Starter library: 客户第一次打招呼$q$),
($q$Price objection - general (en)$q$, $q$objection_handling$q$, $q$$q$, $q$en$q$, true, ARRAY[$q$too expensive$q$,$q$so expensive$q$,$q$quite expensive$q$,$q$very expensive$q$,$q$expensive$q$,$q$too pricey$q$,$q$pricey$q$,$q$cheaper$q$,$q$discount$q$,$q$final price$q$,$q$negotiable$q$,$q$best price$q$,$q$cheaper elsewhere$q$]::text[], ARRAY[$q$this is too expensive$q$,$q$can give discount?$q$,$q$is there a cheaper option?$q$,$q$any discount if I buy more$q$,$q$is that the final price$q$,$q$too pricey for me$q$,$q$is the price negotiable$q$]::text[], $q$I understand price matters, {customer_name}. Let me show you the value you're getting: quality that lasts, proper warranty and after-sales support. If it helps, I can check the current promotion or a bundle for you.$q$, $q$When the customer objects to the price or asks for a discount$q$, $q$Overcome the price objection by highlighting value$q$, $q$Offer a payment plan or bundle discount if available$q$, $q$Starter library: When the customer objects to the price or asks for a discount$q$),
($q$Price objection - general (ms)$q$, $q$objection_handling$q$, $q$$q$, $q$ms$q$, true, ARRAY[$q$mahal$q$,$q$mahal sangat$q$,$q$mahal sgt$q$,$q$mahalnya$q$,$q$mahal la$q$,$q$kurang sikit$q$,$q$kurang skit$q$,$q$murah sikit$q$,$q$murah skit$q$,$q$murah lagi$q$,$q$diskaun$q$,$q$potongan$q$,$q$harga runding$q$,$q$boleh runding$q$,$q$boleh kurang$q$,$q$harga akhir$q$,$q$last price$q$]::text[], ARRAY[$q$mahal sangat$q$,$q$boleh kurang sikit?$q$,$q$ada diskaun tak?$q$,$q$boleh murah sikit tak boss$q$,$q$harga ni boleh runding?$q$,$q$kalau ambil dua boleh kurang?$q$,$q$mahalnya$q$]::text[], $q$Saya faham harga penting, {customer_name}. Biar saya terangkan nilai yang anda dapat: kualiti terjamin, ada waranti dan servis selepas jualan. Kalau nak, saya boleh semak promosi semasa atau pakej yang lebih jimat untuk anda.$q$, $q$Bila pelanggan kata mahal atau minta diskaun$q$, $q$Atasi bantahan harga dengan menonjolkan nilai$q$, $q$Tawarkan ansuran atau pakej jika ada$q$, $q$Starter library: Bila pelanggan kata mahal atau minta diskaun$q$),
($q$Price objection - general (zh)$q$, $q$objection_handling$q$, $q$$q$, $q$zh$q$, true, ARRAY[$q$太贵$q$,$q$很贵$q$,$q$好贵$q$,$q$贵了$q$,$q$便宜点$q$,$q$便宜一点$q$,$q$便宜些$q$,$q$折扣$q$,$q$打折$q$,$q$优惠$q$,$q$最低价$q$,$q$算便宜$q$,$q$可以少$q$,$q$讲价$q$]::text[], ARRAY[$q$太贵了$q$,$q$可以便宜点吗$q$,$q$有折扣吗$q$,$q$买多有折扣吗$q$,$q$最低价多少$q$,$q$价格可以商量吗$q$,$q$便宜一点啦$q$]::text[], $q${customer_name}，我明白价格很重要。让我跟您说明一下您得到的价值：品质有保障、有保修和售后服务。如果需要，我可以帮您查看目前的优惠或更划算的配套。$q$, $q$客户觉得贵或要求折扣$q$, $q$强调价值，化解价格异议$q$, $q$如有分期或配套优惠可以提出$q$, $q$Starter library: 客户觉得贵或要求折扣$q$),
($q$Thinking it over - general (en)$q$, $q$follow_up$q$, $q$$q$, $q$en$q$, false, ARRAY[$q$think about it$q$,$q$let me think$q$,$q$still thinking$q$,$q$get back to you$q$,$q$maybe next month$q$,$q$not now$q$,$q$consider first$q$,$q$think first$q$]::text[], ARRAY[$q$let me think about it first$q$,$q$I will get back to you$q$,$q$still thinking$q$,$q$maybe next month$q$,$q$not now, thanks$q$,$q$I need to consider first$q$]::text[], $q$No problem at all, {customer_name}, take your time. May I ask what you'd like to think over? If it's the price or the timing, I can share options that make it easier. I'll check in with you in a few days.$q$, $q$The customer wants time to think or postpones$q$, $q$Keep the lead warm and uncover the real hesitation$q$, $q$Follow up in 2-3 days with a relevant offer$q$, $q$Starter library: The customer wants time to think or postpones$q$),
($q$Thinking it over - general (ms)$q$, $q$follow_up$q$, $q$$q$, $q$ms$q$, false, ARRAY[$q$fikir dulu$q$,$q$fikir2 dulu$q$,$q$fikir-fikir dulu$q$,$q$nanti sy bagitau$q$,$q$nanti saya bagitau$q$,$q$nanti sy roger$q$,$q$tunggu gaji$q$,$q$tengok dulu la$q$,$q$nanti dulu$q$,$q$bincang dulu$q$]::text[], ARRAY[$q$sy fikir dulu ye$q$,$q$nanti sy bagitau$q$,$q$tunggu gaji dulu$q$,$q$ok nanti sy roger$q$,$q$nak bincang dengan suami dulu$q$,$q$tak pe lah, nanti sy fikir dulu$q$]::text[], $q$Takpe {customer_name}, ambil masa anda. Boleh saya tahu apa yang perlu difikirkan? Kalau pasal harga atau masa, saya boleh cadangkan pilihan yang lebih senang. Nanti saya follow up dalam beberapa hari ya.$q$, $q$Pelanggan nak fikir dulu atau tangguh$q$, $q$Kekalkan minat pelanggan dan cari sebab sebenar$q$, $q$Follow up dalam 2-3 hari dengan tawaran yang sesuai$q$, $q$Starter library: Pelanggan nak fikir dulu atau tangguh$q$),
($q$Thinking it over - general (zh)$q$, $q$follow_up$q$, $q$$q$, $q$zh$q$, false, ARRAY[$q$考虑一下$q$,$q$考虑考虑$q$,$q$想一想$q$,$q$想想看$q$,$q$再回复你$q$,$q$再说$q$,$q$下个月再$q$,$q$迟点再$q$]::text[], ARRAY[$q$我考虑一下$q$,$q$我再回复你$q$,$q$下个月再说$q$,$q$我想一想$q$,$q$迟点再跟你讲$q$,$q$让我考虑考虑$q$]::text[], $q$没问题{customer_name}，您慢慢考虑。可以问一下主要在考虑哪方面吗？如果是价格或时间，我可以给您一些更方便的方案。我过几天再跟您联系。$q$, $q$客户说要考虑或延后$q$, $q$保持客户兴趣，了解真正的顾虑$q$, $q$2-3天后跟进并提供合适的优惠$q$, $q$Starter library: 客户说要考虑或延后$q$),
($q$Payment methods - general (en)$q$, $q$closing$q$, $q$$q$, $q$en$q$, true, ARRAY[$q$how do i pay$q$,$q$how to pay$q$,$q$payment options$q$,$q$payment method$q$,$q$pay by card$q$,$q$bank transfer$q$,$q$which bank$q$,$q$accept installment$q$,$q$i'll take it$q$,$q$ok deal$q$]::text[], ARRAY[$q$ok deal, how do I pay$q$,$q$what are the payment options$q$,$q$can I pay by card$q$,$q$which bank account should I transfer to$q$,$q$do you accept installment$q$,$q$I'll take it$q$]::text[], $q$Great choice, {customer_name}! You can pay by FPX online banking, DuitNow transfer, Touch 'n Go eWallet, GrabPay or credit card. I'll send you the payment link and confirm your order as soon as it's through.$q$, $q$The customer is ready to buy and asks how to pay$q$, $q$Close the sale with clear, easy payment steps$q$, $q$Send the payment link or invoice and confirm the order$q$, $q$Starter library: The customer is ready to buy and asks how to pay$q$),
($q$Payment methods - general (ms)$q$, $q$closing$q$, $q$$q$, $q$ms$q$, true, ARRAY[$q$macam mana nak bayar$q$,$q$mcm mana nak bayar$q$,$q$camne nak bayar$q$,$q$cara bayar$q$,$q$cara pembayaran$q$,$q$nak bayar$q$,$q$akaun bank$q$,$q$no akaun$q$,$q$bayar ansuran$q$,$q$bayar guna$q$,$q$ok saya ambil$q$,$q$ok sy ambil$q$,$q$jom deal$q$,$q$saya setuju$q$]::text[], ARRAY[$q$macam mana nak bayar$q$,$q$akaun bank apa$q$,$q$boleh bayar ansuran?$q$,$q$bayar guna duitnow boleh?$q$,$q$ok saya ambil$q$,$q$jom deal$q$]::text[], $q$Terima kasih {customer_name}! Anda boleh bayar melalui FPX, DuitNow, Touch 'n Go eWallet, GrabPay atau kad kredit. Saya hantar pautan pembayaran sekarang dan sahkan tempahan sebaik sahaja diterima.$q$, $q$Pelanggan sedia membeli dan tanya cara bayar$q$, $q$Tutup jualan dengan langkah bayaran yang mudah$q$, $q$Hantar pautan bayaran atau invois dan sahkan tempahan$q$, $q$Starter library: Pelanggan sedia membeli dan tanya cara bayar$q$),
($q$Payment methods - general (zh)$q$, $q$closing$q$, $q$$q$, $q$zh$q$, true, ARRAY[$q$怎么付款$q$,$q$怎样付款$q$,$q$付款方式$q$,$q$如何付款$q$,$q$转账到哪$q$,$q$哪个银行$q$,$q$信用卡付款$q$,$q$可以分期$q$,$q$我要了$q$,$q$我要这个$q$]::text[], ARRAY[$q$好，怎么付款$q$,$q$要转账到哪个银行$q$,$q$可以用信用卡付款吗$q$,$q$可以分期吗$q$,$q$我要了$q$,$q$付款方式有哪些$q$]::text[], $q$谢谢{customer_name}！您可以通过FPX网银、DuitNow转账、Touch 'n Go电子钱包、GrabPay或信用卡付款。我现在发付款链接给您，收到后马上确认订单。$q$, $q$客户准备购买，询问付款方式$q$, $q$用简单清楚的付款步骤成交$q$, $q$发送付款链接或发票并确认订单$q$, $q$Starter library: 客户准备购买，询问付款方式$q$),
($q$Stock availability - E-commerce (en)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$en$q$, true, ARRAY[$q$in stock$q$,$q$still available$q$,$q$still got stock$q$,$q$have stock$q$,$q$got stock$q$,$q$available in$q$,$q$any stock$q$,$q$restock$q$,$q$sold out$q$,$q$still selling$q$]::text[], ARRAY[$q$is this still available?$q$,$q$do you have stock?$q$,$q$is it available in size L?$q$,$q$still got stock or not?$q$,$q$when will you restock$q$,$q$are you still selling this$q$]::text[], $q$Yes {customer_name}, {product_name} is in stock and ready to ship. Which size and colour would you like? I can reserve one for you now.$q$, $q$The customer asks whether an item is available$q$, $q$Confirm availability and move to the order$q$, $q$Reserve the item and send the order summary$q$, $q$Starter library: The customer asks whether an item is available$q$),
($q$Stock availability - E-commerce (ms)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$ms$q$, true, ARRAY[$q$ada stok$q$,$q$ada stock$q$,$q$stok ada$q$,$q$stok tak$q$,$q$ada lagi ke$q$,$q$ada lagi tak$q$,$q$ada lagi x$q$,$q$xde stok$q$,$q$takde stok$q$,$q$restock$q$,$q$habis stok$q$,$q$ready stok$q$]::text[], ARRAY[$q$ada stok tak?$q$,$q$saiz M ada lagi ke?$q$,$q$xde stok ke?$q$,$q$bila restock$q$,$q$kak, yg ni ada lagi?$q$,$q$nak tanya, ada stock for size L?$q$]::text[], $q$Ada {customer_name}, {product_name} masih ada stok dan sedia untuk dihantar. Nak saiz dan warna apa? Saya boleh simpan satu untuk anda sekarang.$q$, $q$Pelanggan tanya stok$q$, $q$Sahkan stok dan terus ke tempahan$q$, $q$Simpan barang dan hantar ringkasan tempahan$q$, $q$Starter library: Pelanggan tanya stok$q$),
($q$Stock availability - E-commerce (zh)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$zh$q$, true, ARRAY[$q$有货$q$,$q$有现货$q$,$q$还有吗$q$,$q$还有货$q$,$q$有stock$q$,$q$缺货$q$,$q$补货$q$,$q$卖完$q$,$q$还有在卖$q$]::text[], ARRAY[$q$还有货吗$q$,$q$有现货吗？$q$,$q$老板，这个还有吗$q$,$q$什么时候补货$q$,$q$还有在卖吗$q$,$q$有 stock 吗$q$]::text[], $q$有的{customer_name}，{product_name}目前有现货，可以马上寄出。您要什么尺寸和颜色？我现在可以帮您保留一件。$q$, $q$客户询问是否有货$q$, $q$确认有货并引导下单$q$, $q$帮客户保留商品并发送订单摘要$q$, $q$Starter library: 客户询问是否有货$q$),
($q$Shipping time - E-commerce (en)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$en$q$, false, ARRAY[$q$shipping$q$,$q$delivery$q$,$q$deliver$q$,$q$ship to$q$,$q$how long to arrive$q$,$q$when will it arrive$q$,$q$delivered$q$,$q$free shipping$q$,$q$cod$q$,$q$cash on delivery$q$]::text[], ARRAY[$q$how long does shipping take to Sabah$q$,$q$when will it be delivered$q$,$q$can deliver today?$q$,$q$do you have free shipping$q$,$q$do you do COD$q$,$q$I'm from Johor, can you ship there$q$]::text[], $q$We ship with Pos Laju and J&T, {customer_name}: 1-3 working days to West Malaysia and 3-5 to Sabah and Sarawak. Orders paid before 3pm go out the same day, and you'll get the tracking number by WhatsApp.$q$, $q$The customer asks about delivery time, cost or COD$q$, $q$Set clear delivery expectations$q$, $q$Share the tracking number once shipped$q$, $q$Starter library: The customer asks about delivery time, cost or COD$q$),
($q$Shipping time - E-commerce (ms)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$ms$q$, false, ARRAY[$q$berapa hari sampai$q$,$q$brp hari sampai$q$,$q$bila sampai$q$,$q$bila boleh hantar$q$,$q$hantar hari ni$q$,$q$pos ke$q$,$q$boleh pos$q$,$q$kos pos$q$,$q$caj pos$q$,$q$penghantaran$q$,$q$cod$q$,$q$free pos$q$,$q$pos percuma$q$]::text[], ARRAY[$q$pos ke semenanjung berapa hari sampai?$q$,$q$bila boleh hantar?$q$,$q$boleh hantar hari ni juga?$q$,$q$sy dari Johor, boleh pos?$q$,$q$boleh COD tak kat Shah Alam?$q$,$q$delivery to Penang brp hari?$q$]::text[], $q$Kami pos guna Pos Laju dan J&T, {customer_name}: 1-3 hari bekerja ke Semenanjung dan 3-5 hari ke Sabah dan Sarawak. Bayar sebelum 3 petang, kami pos hari yang sama dan hantar nombor tracking melalui WhatsApp.$q$, $q$Pelanggan tanya tempoh, kos penghantaran atau COD$q$, $q$Beri jangkaan penghantaran yang jelas$q$, $q$Kongsi nombor tracking selepas pos$q$, $q$Starter library: Pelanggan tanya tempoh, kos penghantaran atau COD$q$),
($q$Shipping time - E-commerce (zh)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$zh$q$, false, ARRAY[$q$几天到$q$,$q$几天可以到$q$,$q$什么时候发货$q$,$q$什么时候到$q$,$q$发货$q$,$q$寄到$q$,$q$运费$q$,$q$包邮$q$,$q$货到付款$q$,$q$送货$q$]::text[], ARRAY[$q$什么时候可以发货$q$,$q$寄到沙巴要几天$q$,$q$包邮吗$q$,$q$可以 COD 吗$q$,$q$运费多少$q$,$q$几天可以到$q$]::text[], $q${customer_name}，我们用Pos Laju和J&T寄送：西马1-3个工作天，沙巴砂拉越3-5天。下午3点前付款当天寄出，追踪号码会通过WhatsApp发给您。$q$, $q$客户询问发货时间、运费或货到付款$q$, $q$清楚说明送货时间$q$, $q$寄出后发送追踪号码$q$, $q$Starter library: 客户询问发货时间、运费或货到付款$q$),
($q$Product price - E-commerce (en)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$en$q$, false, ARRAY[$q$how much$q$,$q$what's the price$q$,$q$what is the price$q$,$q$price for$q$,$q$price of$q$,$q$how much for$q$]::text[], ARRAY[$q$how much is this?$q$,$q$what's the price for the blue one$q$,$q$How much for this lah$q$,$q$how much for two$q$]::text[], $q${product_name} is {price}, {customer_name}. It comes with a 1-year warranty. Would you like me to reserve one for you?$q$, $q$The customer asks the price of a product$q$, $q$Give the price with its value and ask for the order$q$, $q$Reserve the item if they agree$q$, $q$Starter library: The customer asks the price of a product$q$),
($q$Product price - E-commerce (ms)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$ms$q$, false, ARRAY[$q$berapa harga$q$,$q$brp harga$q$,$q$harga berapa$q$,$q$harga brp$q$,$q$brp ni$q$,$q$berapa ni$q$,$q$brp sekarang$q$,$q$harga dia$q$]::text[], ARRAY[$q$brp harga ni$q$,$q$berapa harga dia?$q$,$q$bang, brp ni$q$,$q$harga brp sekarang$q$]::text[], $q$Harga {product_name} ialah {price}, {customer_name}, siap dengan waranti setahun. Nak saya simpan satu untuk anda?$q$, $q$Pelanggan tanya harga produk$q$, $q$Beri harga bersama nilainya dan ajak membuat tempahan$q$, $q$Simpan barang jika setuju$q$, $q$Starter library: Pelanggan tanya harga produk$q$),
($q$Product price - E-commerce (zh)$q$, $q$product_inquiry$q$, $q$ecommerce$q$, $q$zh$q$, false, ARRAY[$q$多少钱$q$,$q$几多钱$q$,$q$价钱多少$q$,$q$价格多少$q$,$q$什么价$q$,$q$price多少$q$]::text[], ARRAY[$q$这个多少钱$q$,$q$这个多少钱 boss$q$,$q$价格多少$q$,$q$price 多少$q$]::text[], $q${customer_name}，{product_name}的价格是{price}，附一年保修。需要我帮您保留一件吗？$q$, $q$客户询问产品价格$q$, $q$报价并说明价值，引导下单$q$, $q$客户同意就帮忙保留$q$, $q$Starter library: 客户询问产品价格$q$),
($q$Viewing appointment - Real Estate (en)$q$, $q$closing$q$, $q$real_estate$q$, $q$en$q$, true, ARRAY[$q$viewing$q$,$q$view the unit$q$,$q$see the unit$q$,$q$see the house$q$,$q$show unit$q$,$q$visit the unit$q$,$q$view the house$q$,$q$arrange a viewing$q$]::text[], ARRAY[$q$can I see the unit this weekend$q$,$q$where can I view the show unit$q$,$q$can we arrange a viewing$q$,$q$I'd like to view the house on Saturday$q$]::text[], $q$Of course, {customer_name}! I can arrange a viewing this weekend. Which day and time suit you? I'll send you the location pin and meet you at the lobby.$q$, $q$The customer wants to view a property$q$, $q$Book a viewing appointment$q$, $q$Confirm the slot a day before and send the location$q$, $q$Starter library: The customer wants to view a property$q$),
($q$Viewing appointment - Real Estate (ms)$q$, $q$closing$q$, $q$real_estate$q$, $q$ms$q$, true, ARRAY[$q$tengok rumah$q$,$q$tgk rumah$q$,$q$tengok unit$q$,$q$tgk unit$q$,$q$lawat unit$q$,$q$tengok bilik$q$,$q$nak tengok$q$,$q$bila boleh tengok$q$,$q$unit contoh$q$]::text[], ARRAY[$q$bila boleh tengok rumah?$q$,$q$nanti sy datang tengok$q$,$q$boleh tgk unit hujung minggu ni?$q$,$q$nak tengok unit contoh$q$]::text[], $q$Boleh {customer_name}! Saya boleh aturkan lawatan hujung minggu ini. Hari dan masa apa yang sesuai? Saya akan hantar lokasi dan jumpa di lobi.$q$, $q$Pelanggan nak melihat hartanah$q$, $q$Tetapkan temujanji lawatan$q$, $q$Sahkan slot sehari sebelum dan hantar lokasi$q$, $q$Starter library: Pelanggan nak melihat hartanah$q$),
($q$Viewing appointment - Real Estate (zh)$q$, $q$closing$q$, $q$real_estate$q$, $q$zh$q$, true, ARRAY[$q$看房$q$,$q$看屋$q$,$q$看单位$q$,$q$参观$q$,$q$样板房$q$,$q$看看房子$q$]::text[], ARRAY[$q$周末可以看房吗$q$,$q$可以去看样板房吗$q$,$q$什么时候可以看单位$q$,$q$我想去看看房子$q$]::text[], $q$当然可以{customer_name}！这个周末我可以安排看房。您方便哪一天几点？我会发位置给您，在大堂等您。$q$, $q$客户想看房$q$, $q$预约看房$q$, $q$前一天确认时间并发送位置$q$, $q$Starter library: 客户想看房$q$),
($q$Tenure - Real Estate (en)$q$, $q$product_inquiry$q$, $q$real_estate$q$, $q$en$q$, false, ARRAY[$q$freehold$q$,$q$leasehold$q$,$q$bumi lot$q$,$q$non bumi$q$,$q$tenure$q$]::text[], ARRAY[$q$is it freehold or leasehold$q$,$q$is this a bumi lot$q$,$q$what's the tenure$q$,$q$is the unit freehold$q$]::text[], $q${product_name} is freehold, {customer_name}, and non-Bumi lots are still available. I can send you the title details and the floor plans if you'd like.$q$, $q$The customer asks about tenure or Bumi status$q$, $q$Answer clearly and keep the conversation going$q$, $q$Send the brochure and floor plans$q$, $q$Starter library: The customer asks about tenure or Bumi status$q$),
($q$Tenure - Real Estate (ms)$q$, $q$product_inquiry$q$, $q$real_estate$q$, $q$ms$q$, false, ARRAY[$q$freehold$q$,$q$leasehold$q$,$q$pegangan bebas$q$,$q$pajakan$q$,$q$lot bumi$q$,$q$bumi lot$q$,$q$non bumi$q$,$q$hakmilik$q$]::text[], ARRAY[$q$unit tu freehold ke leasehold?$q$,$q$ni lot bumi ke?$q$,$q$pegangan bebas ke pajakan?$q$,$q$hakmilik dah keluar ke$q$]::text[], $q${product_name} ialah pegangan bebas (freehold), {customer_name}, dan unit lot bukan Bumi masih ada. Saya boleh hantar butiran hakmilik dan pelan lantai kalau nak.$q$, $q$Pelanggan tanya jenis pegangan atau status Bumi$q$, $q$Jawab dengan jelas dan teruskan perbualan$q$, $q$Hantar brosur dan pelan lantai$q$, $q$Starter library: Pelanggan tanya jenis pegangan atau status Bumi$q$),
($q$Tenure - Real Estate (zh)$q$, $q$product_inquiry$q$, $q$real_estate$q$, $q$zh$q$, false, ARRAY[$q$永久地契$q$,$q$租赁地契$q$,$q$永久产权$q$,$q$地契$q$,$q$土著$q$,$q$非土著$q$,$q$freehold$q$,$q$leasehold$q$]::text[], ARRAY[$q$是永久地契还是租赁地契$q$,$q$这个是土著单位吗$q$,$q$地契是什么$q$,$q$是 freehold 吗$q$]::text[], $q${customer_name}，{product_name}是永久地契，非土著单位还有。需要的话我可以发地契资料和平面图给您。$q$, $q$客户询问地契或土著配额$q$, $q$清楚回答并继续对话$q$, $q$发送手册和平面图$q$, $q$Starter library: 客户询问地契或土著配额$q$),
($q$Loan eligibility - Real Estate (en)$q$, $q$objection_handling$q$, $q$real_estate$q$, $q$en$q$, false, ARRAY[$q$bank loan$q$,$q$loan$q$,$q$eligible$q$,$q$salary$q$,$q$financing$q$,$q$margin of finance$q$,$q$loan tenure$q$]::text[], ARRAY[$q$can I get a bank loan for this$q$,$q$my salary is 5k, am I eligible$q$,$q$how long is the loan tenure$q$,$q$what's the margin of finance$q$]::text[], $q$Good question, {customer_name}. With our panel banks, a household income from about RM 5,000 usually qualifies for this unit, with up to 90% financing over 35 years. Share your payslip and I'll get a free loan check for you.$q$, $q$The customer worries about financing$q$, $q$Turn the financing worry into a free loan check$q$, $q$Collect documents and submit to panel banks$q$, $q$Starter library: The customer worries about financing$q$),
($q$Loan eligibility - Real Estate (ms)$q$, $q$objection_handling$q$, $q$real_estate$q$, $q$ms$q$, false, ARRAY[$q$pinjaman$q$,$q$loan$q$,$q$layak$q$,$q$gaji$q$,$q$tempoh pinjaman$q$,$q$margin pembiayaan$q$,$q$lulus loan$q$]::text[], ARRAY[$q$boleh buat pinjaman bank tak?$q$,$q$gaji sy 4k layak tak$q$,$q$berapa lama tempoh pinjaman$q$,$q$loan senang lulus ke$q$]::text[], $q$Soalan yang bagus, {customer_name}. Dengan bank panel kami, pendapatan isi rumah sekitar RM 5,000 biasanya layak untuk unit ini, pembiayaan sehingga 90% selama 35 tahun. Hantar slip gaji dan saya semak kelayakan pinjaman secara percuma.$q$, $q$Pelanggan risau tentang pinjaman$q$, $q$Tukar kebimbangan kepada semakan pinjaman percuma$q$, $q$Kumpul dokumen dan hantar ke bank panel$q$, $q$Starter library: Pelanggan risau tentang pinjaman$q$),
($q$Loan eligibility - Real Estate (zh)$q$, $q$objection_handling$q$, $q$real_estate$q$, $q$zh$q$, false, ARRAY[$q$贷款$q$,$q$银行贷款$q$,$q$申请贷款$q$,$q$薪水$q$,$q$收入$q$,$q$够资格$q$,$q$供多少$q$]::text[], ARRAY[$q$可以申请银行贷款吗$q$,$q$我薪水四千够资格吗$q$,$q$贷款可以批多少$q$,$q$每个月供多少$q$]::text[], $q$好问题{customer_name}。通过我们的合作银行，家庭收入约RM 5,000一般可以申请这个单位，最高90%贷款、35年。把薪水单发给我，我免费帮您查贷款资格。$q$, $q$客户担心贷款问题$q$, $q$把贷款顾虑变成免费贷款评估$q$, $q$收集文件并提交给合作银行$q$, $q$Starter library: 客户担心贷款问题$q$),
($q$Trial class - Education (en)$q$, $q$closing$q$, $q$education$q$, $q$en$q$, true, ARRAY[$q$trial class$q$,$q$trial lesson$q$,$q$free trial$q$,$q$try a class$q$,$q$book a trial$q$,$q$sit in$q$]::text[], ARRAY[$q$can we book a trial class$q$,$q$do you have a free trial$q$,$q$can my son try a class first$q$,$q$can I sit in for one lesson$q$]::text[], $q$Yes {customer_name}, we offer a free trial class! Which day suits you this week? I'll reserve a seat and send you the location.$q$, $q$The parent or student wants to try a class$q$, $q$Book a free trial class$q$, $q$Remind them the day before and follow up after the class$q$, $q$Starter library: The parent or student wants to try a class$q$),
($q$Trial class - Education (ms)$q$, $q$closing$q$, $q$education$q$, $q$ms$q$, true, ARRAY[$q$kelas percubaan$q$,$q$kelas percuma$q$,$q$kelas trial$q$,$q$trial class$q$,$q$cuba kelas$q$,$q$cuba dulu$q$]::text[], ARRAY[$q$boleh daftar kelas percubaan?$q$,$q$ada kelas percuma tak?$q$,$q$anak sy nak cuba kelas dulu$q$,$q$ada trial class tak$q$]::text[], $q$Boleh {customer_name}, kami ada kelas percubaan percuma! Hari apa yang sesuai minggu ini? Saya simpan tempat dan hantar lokasi.$q$, $q$Ibu bapa atau pelajar nak cuba kelas$q$, $q$Tempah kelas percubaan percuma$q$, $q$Ingatkan sehari sebelum dan follow up selepas kelas$q$, $q$Starter library: Ibu bapa atau pelajar nak cuba kelas$q$),
($q$Trial class - Education (zh)$q$, $q$closing$q$, $q$education$q$, $q$zh$q$, true, ARRAY[$q$试听$q$,$q$试课$q$,$q$免费试$q$,$q$体验课$q$]::text[], ARRAY[$q$可以试听吗$q$,$q$有免费试课吗$q$,$q$孩子可以先上体验课吗$q$,$q$怎么报名试听$q$]::text[], $q$可以的{customer_name}，我们有免费试听课！这个星期哪一天方便？我帮您保留位子并发送地址。$q$, $q$家长或学生想试课$q$, $q$预约免费试听$q$, $q$前一天提醒，课后跟进$q$, $q$Starter library: 家长或学生想试课$q$),
($q$Fees - Education (en)$q$, $q$product_inquiry$q$, $q$education$q$, $q$en$q$, false, ARRAY[$q$fees$q$,$q$fee$q$,$q$tuition fee$q$,$q$how much per month$q$,$q$monthly fee$q$,$q$course fee$q$,$q$registration fee$q$]::text[], ARRAY[$q$how much are the fees$q$,$q$what's the monthly fee$q$,$q$is there a registration fee$q$,$q$how much is the course fee$q$]::text[], $q$The fee for {product_name} is {price} a month, {customer_name}, with all materials included. Siblings get 10% off. Shall I book a free trial class first?$q$, $q$The parent or student asks about fees$q$, $q$Give the fee with its value and offer a trial$q$, $q$Book a trial class$q$, $q$Starter library: The parent or student asks about fees$q$),
($q$Fees - Education (ms)$q$, $q$product_inquiry$q$, $q$education$q$, $q$ms$q$, false, ARRAY[$q$yuran$q$,$q$yuran sebulan$q$,$q$yuran kelas$q$,$q$yuran pendaftaran$q$,$q$bayaran kelas$q$]::text[], ARRAY[$q$yuran sebulan berapa$q$,$q$yuran kelas brp$q$,$q$ada yuran pendaftaran tak$q$,$q$berapa yuran kursus ni$q$]::text[], $q$Yuran {product_name} ialah {price} sebulan, {customer_name}, termasuk semua bahan. Adik-beradik dapat diskaun 10%. Nak saya tempah kelas percubaan percuma dulu?$q$, $q$Ibu bapa atau pelajar tanya yuran$q$, $q$Beri yuran bersama nilainya dan tawarkan percubaan$q$, $q$Tempah kelas percubaan$q$, $q$Starter library: Ibu bapa atau pelajar tanya yuran$q$),
($q$Fees - Education (zh)$q$, $q$product_inquiry$q$, $q$education$q$, $q$zh$q$, false, ARRAY[$q$学费$q$,$q$月费$q$,$q$报名费$q$,$q$课程费$q$]::text[], ARRAY[$q$学费多少$q$,$q$月费多少钱$q$,$q$有报名费吗$q$,$q$课程费怎么算$q$]::text[], $q${customer_name}，{product_name}的学费是每月{price}，包括所有教材，兄弟姐妹有九折优惠。要不要先帮您安排免费试听？$q$, $q$家长或学生询问学费$q$, $q$报价并说明价值，推荐试听$q$, $q$安排试听课$q$, $q$Starter library: 家长或学生询问学费$q$),
($q$Class schedule - Education (en)$q$, $q$product_inquiry$q$, $q$education$q$, $q$en$q$, false, ARRAY[$q$schedule$q$,$q$when does the class start$q$,$q$class start$q$,$q$weekend class$q$,$q$weekend classes$q$,$q$timetable$q$,$q$intake$q$]::text[], ARRAY[$q$when does the class start$q$,$q$do you have weekend classes$q$,$q$what's the schedule like$q$,$q$when is the next intake$q$]::text[], $q$Our next intake starts on {date}, {customer_name}. Classes run on weekday evenings and on Saturday mornings. Which slot suits you best?$q$, $q$The customer asks when classes run$q$, $q$Match them to a slot$q$, $q$Reserve the slot and send the timetable$q$, $q$Starter library: The customer asks when classes run$q$),
($q$Class schedule - Education (ms)$q$, $q$product_inquiry$q$, $q$education$q$, $q$ms$q$, false, ARRAY[$q$jadual$q$,$q$jadual kelas$q$,$q$kelas mula$q$,$q$bila mula$q$,$q$hujung minggu$q$,$q$pengambilan$q$,$q$waktu kelas$q$]::text[], ARRAY[$q$kelas mula bila?$q$,$q$ada kelas hujung minggu?$q$,$q$jadual kelas macam mana$q$,$q$bila pengambilan seterusnya$q$]::text[], $q$Pengambilan seterusnya bermula pada {date}, {customer_name}. Kelas pada petang hari bekerja dan pagi Sabtu. Slot mana yang paling sesuai?$q$, $q$Pelanggan tanya jadual kelas$q$, $q$Padankan dengan slot yang sesuai$q$, $q$Simpan slot dan hantar jadual$q$, $q$Starter library: Pelanggan tanya jadual kelas$q$),
($q$Class schedule - Education (zh)$q$, $q$product_inquiry$q$, $q$education$q$, $q$zh$q$, false, ARRAY[$q$什么时候开始$q$,$q$什么时候开课$q$,$q$上课时间$q$,$q$时间表$q$,$q$周末有课$q$,$q$开课$q$]::text[], ARRAY[$q$课程什么时候开始$q$,$q$周末有课吗$q$,$q$上课时间是几点$q$,$q$下一期什么时候开课$q$]::text[], $q${customer_name}，下一期在{date}开课。平日晚上和星期六早上都有课，哪个时段最适合您？$q$, $q$客户询问上课时间$q$, $q$帮客户找到合适的时段$q$, $q$保留时段并发送时间表$q$, $q$Starter library: 客户询问上课时间$q$),
($q$Study financing - Education (en)$q$, $q$objection_handling$q$, $q$education$q$, $q$en$q$, false, ARRAY[$q$ptptn$q$,$q$study loan$q$,$q$scholarship$q$,$q$installment for fees$q$,$q$pay the fees monthly$q$]::text[], ARRAY[$q$can I use PTPTN for this course$q$,$q$do you have a scholarship$q$,$q$can I pay the fees monthly$q$,$q$is there a study loan$q$]::text[], $q$Yes {customer_name}, our programmes are MQA-accredited, so you can apply for PTPTN, and we also offer monthly instalments and merit scholarships. I can check what you're eligible for.$q$, $q$The student worries about paying for the course$q$, $q$Show that financing is available$q$, $q$Send the PTPTN and scholarship checklist$q$, $q$Starter library: The student worries about paying for the course$q$),
($q$Study financing - Education (ms)$q$, $q$objection_handling$q$, $q$education$q$, $q$ms$q$, false, ARRAY[$q$ptptn$q$,$q$biasiswa$q$,$q$pinjaman pelajaran$q$,$q$bayar ansuran yuran$q$,$q$mqa$q$]::text[], ARRAY[$q$boleh claim PTPTN?$q$,$q$ada biasiswa tak$q$,$q$sijil diiktiraf MQA ke?$q$,$q$yuran boleh bayar ansuran?$q$]::text[], $q$Boleh {customer_name}, program kami diiktiraf MQA jadi boleh mohon PTPTN, dan kami juga ada ansuran bulanan serta biasiswa merit. Saya boleh semak kelayakan anda.$q$, $q$Pelajar risau tentang bayaran kursus$q$, $q$Tunjukkan pembiayaan yang ada$q$, $q$Hantar senarai semak PTPTN dan biasiswa$q$, $q$Starter library: Pelajar risau tentang bayaran kursus$q$),
($q$Study financing - Education (zh)$q$, $q$objection_handling$q$, $q$education$q$, $q$zh$q$, false, ARRAY[$q$ptptn$q$,$q$奖学金$q$,$q$学贷$q$,$q$助学金$q$,$q$分期付学费$q$,$q$mqa$q$]::text[], ARRAY[$q$可以用PTPTN吗$q$,$q$有奖学金吗$q$,$q$学费可以分期吗$q$,$q$有MQA认证吗$q$]::text[], $q$可以的{customer_name}，我们的课程获得MQA认证，可以申请PTPTN，也有每月分期和奖学金。我可以帮您查看资格。$q$, $q$学生担心学费$q$, $q$说明有哪些资助$q$, $q$发送PTPTN和奖学金清单$q$, $q$Starter library: 学生担心学费$q$);

INSERT INTO success_case_template_versions (template_id, version, company_id, snapshot)
SELECT id, 1, NULL, to_jsonb(t) - 'id' - 'company_id' - 'version' - 'created_at' - 'updated_at' - 'created_by'
FROM success_case_templates t;


ALTER TABLE success_case_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE success_case_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON success_case_templates FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY global_read ON success_case_templates FOR SELECT
    USING (company_id IS NULL);
CREATE POLICY platform_read ON success_case_templates FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');
CREATE POLICY platform_own ON success_case_templates FOR ALL
    USING (current_setting('app.scope', true) = 'platform' AND company_id IS NULL)
    WITH CHECK (current_setting('app.scope', true) = 'platform' AND company_id IS NULL);

ALTER TABLE success_case_template_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE success_case_template_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON success_case_template_versions FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY global_read ON success_case_template_versions FOR SELECT
    USING (company_id IS NULL);
CREATE POLICY platform_read ON success_case_template_versions FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');
CREATE POLICY platform_own ON success_case_template_versions FOR ALL
    USING (current_setting('app.scope', true) = 'platform' AND company_id IS NULL)
    WITH CHECK (current_setting('app.scope', true) = 'platform' AND company_id IS NULL);

ALTER TABLE company_template_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_template_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON company_template_settings FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON company_template_settings FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE company_template_languages ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_template_languages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON company_template_languages FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON company_template_languages FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE company_template_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_template_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON company_template_usage FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON company_template_usage FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');

ALTER TABLE company_template_usage_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_template_usage_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON company_template_usage_events FOR ALL
    USING (company_id = nullif(current_setting('app.company_id', true), '')::uuid)
    WITH CHECK (company_id = nullif(current_setting('app.company_id', true), '')::uuid);
CREATE POLICY platform_read ON company_template_usage_events FOR SELECT
    USING (current_setting('app.scope', true) = 'platform');


-- +goose Down
DROP TABLE company_template_usage_events;
DROP TABLE company_template_usage;
DROP TABLE company_template_languages;
DROP TABLE company_template_settings;
DROP TABLE success_case_template_versions;
DROP TABLE success_case_templates;
