-- One customer per person: profile fields with their source, imports, identity resolution's
-- decisions and suggestions, and merges that can be undone.

-- Profile fields beside identities. profile_sources: field -> { source, at } (where each value came from).
ALTER TABLE customers ADD COLUMN given_name text;
ALTER TABLE customers ADD COLUMN family_name text;
ALTER TABLE customers ADD COLUMN birth_date text CHECK (birth_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
ALTER TABLE customers ADD COLUMN address jsonb;
ALTER TABLE customers ADD COLUMN profile_sources jsonb NOT NULL DEFAULT '{}'::jsonb;
-- A merged customer's reads follow this to the survivor (the merge is a mapping, not a rewrite).
ALTER TABLE customers ADD COLUMN merged_into uuid REFERENCES customers(id);
CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL;

-- Blocking keys for identity resolution: candidates share a key, so the cost grows with the records.
CREATE TABLE customer_block_keys (
  key text NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers(id),
  PRIMARY KEY (key, customer_id)
);
CREATE INDEX customer_block_keys_customer ON customer_block_keys (customer_id);

CREATE TABLE imports (
  id uuid PRIMARY KEY,
  source text NOT NULL,
  key_column text NOT NULL,
  mapping jsonb NOT NULL,
  date_format text,
  dry_run boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  rows_read integer NOT NULL DEFAULT 0,
  bytes_read bigint NOT NULL DEFAULT 0,
  bytes_total bigint,
  created_count integer NOT NULL DEFAULT 0,
  linked_count integer NOT NULL DEFAULT 0,
  suggested_count integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  error_count integer NOT NULL DEFAULT 0,
  -- The first errors, each { line, reason }; error_count counts them all.
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  failure text,
  created_by_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);

-- The decision for each imported record: the link report (tandem export links).
CREATE TABLE import_links (
  source text NOT NULL,
  key text NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers(id),
  decision text NOT NULL CHECK (decision IN ('new', 'linked', 'suggested')),
  score double precision,
  import_id uuid REFERENCES imports(id),
  PRIMARY KEY (source, key)
);
CREATE INDEX import_links_customer ON import_links (customer_id);

CREATE TABLE identity_suggestions (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers(id),
  candidate_id uuid NOT NULL REFERENCES customers(id),
  score double precision NOT NULL,
  reason text NOT NULL CHECK (reason IN ('probable_match', 'shared_identity')),
  -- Which fields agreed and their weights.
  explanation jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by_id uuid REFERENCES users(id),
  merge_id uuid,
  CHECK (customer_id <> candidate_id)
);
CREATE UNIQUE INDEX identity_suggestions_pair ON identity_suggestions (least(customer_id, candidate_id), greatest(customer_id, candidate_id)) WHERE status = 'open';
CREATE INDEX identity_suggestions_open ON identity_suggestions (score DESC, id) WHERE status = 'open';

-- A merge: what the survivor's profile was before, so that unmerge restores it exactly.
CREATE TABLE customer_merges (
  id uuid PRIMARY KEY,
  survivor_id uuid NOT NULL REFERENCES customers(id),
  merged_id uuid NOT NULL REFERENCES customers(id),
  survivor_before jsonb NOT NULL,
  reason text,
  created_at timestamptz NOT NULL,
  created_by_id uuid REFERENCES users(id),
  unmerged_at timestamptz,
  unmerged_by_id uuid REFERENCES users(id)
);
CREATE INDEX customer_merges_survivor ON customer_merges (survivor_id) WHERE unmerged_at IS NULL;
