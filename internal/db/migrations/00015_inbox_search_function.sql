-- +goose Up

-- Text search that can use the trigram indexes. ILIKE is not leakproof, so for a
-- role bound by row-level security PostgreSQL applies the tenant policy before it
-- and never answers it from an index: a rare word reads every message of the
-- company. This function runs as the schema owner and filters on the same tenant
-- setting the policies read, so it only ever sees the current company's rows (and
-- none outside a tenant transaction). Where the owner may bypass row-level
-- security (`sembang dev` and the tests set that up) the indexes answer at once;
-- elsewhere it is as correct and slower. It returns at most lim ids, with
-- repeats: fewer than lim means every match is there.
-- +goose StatementBegin
CREATE FUNCTION inbox_search_conversations(pattern text, lim integer) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    (SELECT c.id FROM contacts ct
     JOIN conversations c ON c.company_id = ct.company_id AND c.contact_id = ct.id
     WHERE ct.company_id = nullif(current_setting('app.company_id', true), '')::uuid
       AND (ct.name || ' ' || ct.phone || ' ' || ct.username || ' ' || ct.external_id) ILIKE pattern
     UNION ALL
     SELECT m.conversation_id FROM messages m
     WHERE m.company_id = nullif(current_setting('app.company_id', true), '')::uuid
       AND m.body ILIKE pattern)
    LIMIT lim
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION inbox_search_conversations(text, integer);
