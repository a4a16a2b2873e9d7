-- The visibility rule at scale (bench/scale.ts, 1,000,000 cases): a partner's lists read its
-- shares from the index alone, and "open work, newest first" has an index of its own instead of
-- walking every closed case (a deep page went from 115 ms to 15 ms in PostgreSQL).
CREATE INDEX case_parties_organization_case ON case_parties (organization_id, case_id);
DROP INDEX IF EXISTS case_parties_organization;
CREATE INDEX cases_open_recent ON cases (updated_at DESC, id DESC) WHERE status IN ('open', 'waiting_on_customer', 'waiting_on_party');
