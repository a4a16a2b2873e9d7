-- The contact guard (issue 11): every outbound contact to a customer is planned here and gets a
-- decision with its reason; customers gain a time zone and consents per channel.

-- The customer's own IANA zone; NULL: from their phone's country code, else the owning
-- organisation's outreach settings.
ALTER TABLE customers ADD COLUMN time_zone text;

-- The customer's latest word per channel: opted in or out, when and how (and who recorded it).
CREATE TABLE customer_consents (
  customer_id uuid NOT NULL REFERENCES customers(id),
  channel text NOT NULL CHECK (channel IN ('phone', 'chat', 'email', 'sms', 'web', 'visit', 'social')),
  status text NOT NULL CHECK (status IN ('opted_in', 'opted_out')),
  how text NOT NULL,
  at timestamptz NOT NULL,
  recorded_by_type text NOT NULL,
  recorded_by_id text,
  PRIMARY KEY (customer_id, channel)
);

-- Per organisation (no row: the defaults, PT24H, 2 a day, 21:00-08:00, Asia/Shanghai). The case
-- owner's row applies to every contact about the case, whoever plans it.
CREATE TABLE outreach_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id),
  window_seconds integer NOT NULL CHECK (window_seconds BETWEEN 0 AND 604800),
  daily_cap integer NOT NULL CHECK (daily_cap BETWEEN 1 AND 100),
  quiet_from text NOT NULL,
  quiet_to text NOT NULL,
  time_zone text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One planned contact and the guard's decision. `purposes`: [{ purpose, caseId, organizationId,
-- outreachId, at }] — a suppressed duplicate adds its purpose to the contact it duplicates.
CREATE TABLE outreach (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  channel text NOT NULL CHECK (channel IN ('phone', 'chat', 'email', 'sms', 'web', 'visit', 'social')),
  purposes jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('scheduled', 'sent', 'cancelled', 'suppressed')),
  reason text,
  is_response boolean NOT NULL DEFAULT false,
  reply_to uuid REFERENCES interactions(id),
  requested_for timestamptz NOT NULL,
  scheduled_for timestamptz NOT NULL,
  time_zone text NOT NULL,
  duplicate_of uuid REFERENCES outreach(id),
  interaction_id uuid REFERENCES interactions(id),
  cancel_reason text,
  created_by_type text NOT NULL,
  created_by_id text,
  created_by_name text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  sent_at timestamptz,
  cancelled_at timestamptz
);
-- The guard's look-up: the customer's live contacts around a time.
CREATE INDEX outreach_customer_live ON outreach (customer_id, scheduled_for) WHERE status IN ('scheduled', 'sent');
-- Resolving a case cancels its scheduled contacts; the panel lists a case's contacts.
CREATE INDEX outreach_case ON outreach (case_id, created_at, id);
