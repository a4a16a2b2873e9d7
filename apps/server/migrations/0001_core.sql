-- Tandem core: organisations, users, tokens, customers, identities, interactions, cases,
-- case events (append-only), the outbox and idempotency keys. Plain PostgreSQL for PGlite and 15+.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('department', 'partner')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'partner_agent')),
  password_hash text NOT NULL,
  locale text NOT NULL DEFAULT 'zh-CN',
  time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('session', 'api')),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL
);

CREATE TABLE customers (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  locale text,
  preferred_channel text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);

-- value: the normalised key (E.164 phone, lower-case e-mail, keyed hash of a national ID);
-- display: what a person may be shown (masked for national IDs).
CREATE TABLE customer_identities (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers(id),
  kind text NOT NULL,
  value text NOT NULL,
  display text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, value)
);
CREATE INDEX customer_identities_customer ON customer_identities (customer_id);

CREATE SEQUENCE case_number_seq START 1001;

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  customer_id uuid NOT NULL REFERENCES customers(id),
  kind text NOT NULL CHECK (kind IN ('complaint', 'request', 'incident', 'question')),
  subject text NOT NULL,
  description text,
  channel text NOT NULL,
  priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  category text,
  status text NOT NULL CHECK (status IN ('open', 'waiting_on_customer', 'waiting_on_party', 'resolved', 'closed')),
  owner_organization_id uuid NOT NULL REFERENCES organizations(id),
  owner_user_id uuid REFERENCES users(id),
  resolution text,
  resolved_by text,
  resolved_at timestamptz,
  created_by_type text NOT NULL,
  created_by_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_customer ON cases (customer_id, created_at DESC, id DESC);
CREATE INDEX cases_recent ON cases (updated_at DESC, id DESC);
CREATE INDEX cases_status ON cases (status, updated_at DESC);
CREATE INDEX cases_owner_org ON cases (owner_organization_id, updated_at DESC);
CREATE INDEX cases_owner_user ON cases (owner_user_id, updated_at DESC);
CREATE INDEX cases_subject_trgm ON cases USING gin (subject gin_trgm_ops);

CREATE TABLE case_parties (
  case_id uuid NOT NULL REFERENCES cases(id),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  access text NOT NULL CHECK (access IN ('view', 'contribute')),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, organization_id)
);
CREATE INDEX case_parties_organization ON case_parties (organization_id);

CREATE TABLE interactions (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers(id),
  channel text NOT NULL CHECK (channel IN ('phone', 'chat', 'email', 'sms', 'web', 'visit', 'social')),
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  organization_id uuid REFERENCES organizations(id),
  case_id uuid REFERENCES cases(id),
  body text NOT NULL,
  occurred_at timestamptz NOT NULL,
  created_by_type text NOT NULL,
  created_by_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interactions_customer_time ON interactions (customer_id, occurred_at DESC, id DESC);
CREATE INDEX interactions_case ON interactions (case_id) WHERE case_id IS NOT NULL;

-- Every state change of a case, with its actor. Append-only: a trigger refuses updates and deletes.
CREATE TABLE case_events (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  type text NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'customer', 'partner', 'rule', 'system')),
  actor_id text,
  actor_name text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case ON case_events (case_id, at, id);
CREATE INDEX case_events_customer ON case_events (customer_id, at DESC, id DESC);

CREATE FUNCTION case_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_events_no_change BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

-- Integration events, written in the same transaction as the change they describe.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id uuid NOT NULL,
  actor jsonb NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
