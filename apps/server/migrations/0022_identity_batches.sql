-- One customer per person, continued: shared identities, imports that notice their worker is
-- gone, and the records each customer was resolved from.

-- A shared identity (a family's landline) is held by several customers; any other by one.
ALTER TABLE customer_identities ADD COLUMN shared boolean NOT NULL DEFAULT false;
ALTER TABLE customer_identities DROP CONSTRAINT customer_identities_kind_value_key;
CREATE UNIQUE INDEX customer_identities_one_holder ON customer_identities (kind, value) WHERE NOT shared;
CREATE UNIQUE INDEX customer_identities_holders ON customer_identities (kind, value, customer_id);

-- An import whose worker stopped (a server stop, a crash) is marked interrupted with the line it
-- reached; its worker writes a heartbeat after every batch.
ALTER TABLE imports DROP CONSTRAINT imports_status_check;
ALTER TABLE imports ADD CONSTRAINT imports_status_check CHECK (status IN ('running', 'done', 'failed', 'interrupted'));
ALTER TABLE imports ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE imports ADD COLUMN line_reached integer NOT NULL DEFAULT 0;
CREATE INDEX imports_running ON imports (heartbeat_at) WHERE status = 'running';

-- Every record a customer was resolved from, as compared (name, birth date, address): a new
-- record is compared with each of them, not only with the first one's profile.
CREATE TABLE customer_match_records (
  customer_id uuid NOT NULL REFERENCES customers(id),
  source text NOT NULL,
  key text NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (customer_id, source, key)
);
