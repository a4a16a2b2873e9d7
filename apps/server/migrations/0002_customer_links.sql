-- The customer's side: signed, expiring, revocable links that open one case; and the case's next step.
ALTER TABLE cases ADD COLUMN next_step text;

CREATE TABLE customer_links (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  token_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX customer_links_case ON customer_links (case_id);
