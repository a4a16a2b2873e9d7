-- Fair remedies (issue 12): the catalogue a fresh install ships with (kinds, reasons, limits,
-- the authority matrix, settings), every remedy asked for, granted, declined or recorded from an
-- older system (the goodwill ledger), and the customer's flags. Money is stored in minor units
-- (bigint) with its ISO 4217 currency, never as a float.

-- Remedy kinds: what a unit is worth, so that every remedy has a money value. Money kinds
-- (refund, price adjustment, voucher) count one minor unit per unit; points and free services
-- have a value per unit an admin sets.
CREATE TABLE remedy_kinds (
  kind text PRIMARY KEY CHECK (kind IN ('refund', 'price_adjustment', 'voucher', 'points', 'free_service')),
  unit_value_minor bigint CHECK (unit_value_minor IS NULL OR unit_value_minor > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  updated_at timestamptz NOT NULL
);

-- Reasons: a catalogue code, its words in both languages, the kinds it allows, and its limit:
-- at most `limit_count` granted remedies for this reason per customer within `limit_window_days`,
-- counted only when the fault is not the company's (or partner's) unless `limit_applies_to_all`;
-- beyond the limit the remedy is `beyond_limit` (declined or pending_approval).
CREATE TABLE remedy_reasons (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,62}$'),
  label_en text NOT NULL,
  label_zh text NOT NULL,
  kinds text[] NOT NULL,
  limit_count integer CHECK (limit_count IS NULL OR limit_count >= 0),
  limit_window_days integer CHECK (limit_window_days IS NULL OR limit_window_days > 0),
  limit_applies_to_all boolean NOT NULL DEFAULT false,
  beyond_limit text NOT NULL DEFAULT 'declined' CHECK (beyond_limit IN ('declined', 'pending_approval')),
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL,
  CHECK ((limit_count IS NULL) = (limit_window_days IS NULL))
);

-- The authority matrix: per role and reason (reason '*' for every reason without a row of its
-- own), the value each may grant at once when the company (or its partner) is at fault and when
-- it is not. NULL: no ceiling.
CREATE TABLE remedy_authority (
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
  reason text NOT NULL,
  company_fault_minor bigint CHECK (company_fault_minor IS NULL OR company_fault_minor >= 0),
  other_fault_minor bigint CHECK (other_fault_minor IS NULL OR other_fault_minor >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (role, reason)
);

-- One row: the value cap per customer for goodwill (no company fault) over a rolling window, and
-- how long an approver has before the request escalates.
CREATE TABLE remedy_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  goodwill_cap_minor bigint CHECK (goodwill_cap_minor IS NULL OR goodwill_cap_minor >= 0),
  goodwill_cap_window_days integer NOT NULL CHECK (goodwill_cap_window_days > 0),
  approval_minutes integer NOT NULL CHECK (approval_minutes > 0),
  -- Whether a customer who resolved their case themselves is asked how it went.
  satisfaction_after_customer_resolved boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);

-- Every remedy: asked for on a case (source 'tandem') or recorded from an older system (case_id
-- NULL, source its name). `at` is when it was granted or asked for: limits count from it.
CREATE TABLE remedies (
  id uuid PRIMARY KEY,
  case_id uuid REFERENCES cases(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  kind text NOT NULL,
  quantity integer,
  value_minor bigint NOT NULL CHECK (value_minor >= 0),
  loss_minor bigint CHECK (loss_minor IS NULL OR loss_minor >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  reason text NOT NULL,
  fault text NOT NULL CHECK (fault IN ('company', 'partner', 'customer', 'third_party', 'unknown')),
  charge_status text CHECK (charge_status IN ('not_charged', 'charged')),
  settlement text,
  justification text,
  status text NOT NULL CHECK (status IN ('granted', 'pending_approval', 'declined')),
  -- Why: the decision's facts (limit, history quoted, approver) and its words in both languages.
  decision jsonb NOT NULL DEFAULT '{}'::jsonb,
  explanation_en text NOT NULL,
  explanation_zh text NOT NULL,
  source text NOT NULL DEFAULT 'tandem',
  at timestamptz NOT NULL,
  requested_by_type text NOT NULL,
  requested_by_id text,
  requested_by_name text,
  approver_role text,
  approval_due_at timestamptz,
  escalated_at timestamptz,
  decided_by_id text,
  decided_by_name text,
  decided_at timestamptz,
  decision_reason text,
  organization_id uuid REFERENCES organizations(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX remedies_customer ON remedies (customer_id, at DESC, id DESC);
CREATE INDEX remedies_case ON remedies (case_id, created_at);
CREATE INDEX remedies_pending ON remedies (created_at, id) WHERE status = 'pending_approval';

-- Contacts ended once the decision was explained: on the case's timeline too; figures of
-- handling time and satisfaction leave these cases out.
CREATE TABLE contact_outcomes (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  outcome text NOT NULL CHECK (outcome IN ('ended_after_explanation')),
  note text NOT NULL,
  user_id uuid REFERENCES users(id),
  at timestamptz NOT NULL
);
CREATE INDEX contact_outcomes_case ON contact_outcomes (case_id);

-- Satisfaction: one answer (1-5 and a comment) per resolution of a case, with what the figures
-- group it by (the owner, the category, the case's last remedy and its outcome).
CREATE TABLE satisfaction_responses (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  resolved_at timestamptz NOT NULL,
  score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment text,
  agent_id uuid,
  category text,
  remedy_reason text,
  remedy_outcome text,
  at timestamptz NOT NULL,
  UNIQUE (case_id, resolved_at)
);
CREATE INDEX satisfaction_recent ON satisfaction_responses (at DESC);

-- Flags on a customer every agent sees (serial_claimant), with the reason; cleared with a reason.
ALTER TABLE customers ADD COLUMN flags jsonb NOT NULL DEFAULT '[]'::jsonb;

-- The catalogue every fresh install ships with (admins change it through the API and console).
INSERT INTO remedy_kinds (kind, unit_value_minor, currency, updated_at) VALUES
  ('refund', NULL, 'CNY', now()),
  ('price_adjustment', NULL, 'CNY', now()),
  ('voucher', NULL, 'CNY', now()),
  ('points', 1, 'CNY', now()),          -- one point is worth ¥0.01
  ('free_service', 5000, 'CNY', now()); -- one free service is worth ¥50.00

INSERT INTO remedy_reasons (code, label_en, label_zh, kinds, limit_count, limit_window_days, limit_applies_to_all, beyond_limit, updated_at) VALUES
  ('fare_withdrawn_after_confirmation', 'Fare withdrawn after confirmation', '确认后票价被撤回', ARRAY['price_adjustment', 'refund', 'voucher'], NULL, NULL, false, 'declined', now()),
  ('disputed_data_usage', 'Disputed data usage', '流量费用争议', ARRAY['refund', 'price_adjustment', 'voucher', 'points'], 1, 365, false, 'declined', now()),
  ('repair_visit_missed', 'Repair visit missed', '维修上门失约', ARRAY['voucher', 'points', 'free_service', 'refund'], 2, 365, false, 'pending_approval', now()),
  ('late_delivery', 'Late delivery', '延迟送达', ARRAY['voucher', 'points', 'refund', 'price_adjustment'], 3, 365, false, 'pending_approval', now()),
  ('service_outage', 'Service outage', '服务中断', ARRAY['refund', 'price_adjustment', 'voucher', 'points', 'free_service'], NULL, NULL, false, 'declined', now());

INSERT INTO remedy_authority (role, reason, company_fault_minor, other_fault_minor, currency, updated_at) VALUES
  ('agent', '*', 100000, 5000, 'CNY', now()),        -- ¥1,000 when the company is at fault, ¥50 goodwill
  ('supervisor', '*', 1000000, 100000, 'CNY', now()), -- ¥10,000 and ¥1,000
  ('admin', '*', NULL, NULL, 'CNY', now());           -- no ceiling

INSERT INTO remedy_settings (id, currency, goodwill_cap_minor, goodwill_cap_window_days, approval_minutes, updated_at) VALUES
  (true, 'CNY', 50000, 365, 240, now());               -- ¥500 of goodwill a year; four hours to approve

-- Playbooks per complaint category ('*': every case whose category has none): the standard steps
-- with a target each, the remedies they authorise, the update cadence, a goodwill gesture they
-- may suggest (never grant). `definition` is the API's shape (validated on the way in).
CREATE TABLE playbooks (
  category text PRIMARY KEY,
  definition jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
INSERT INTO playbooks (category, definition, updated_at) VALUES
  ('*', '{"labels": {"zh-CN": "标准投诉处理", "en": "Standard complaint"},
          "steps": [{"step": "acknowledge", "target": "PT2H"}, {"step": "name_owner", "target": "PT4H"}, {"step": "investigate", "target": "P1D"},
                    {"step": "remedy", "target": "P2D"}, {"step": "confirm", "target": "P3D"}, {"step": "follow_up", "target": "P7D"}],
          "remedies": ["late_delivery", "repair_visit_missed", "service_outage", "disputed_data_usage"], "updateCadence": "P1D", "suggestion": null}', now()),
  ('travel', '{"labels": {"zh-CN": "出行预订（公司责任）", "en": "Travel booking (company at fault)"},
          "steps": [{"step": "acknowledge", "target": "PT1H"}, {"step": "name_owner", "target": "PT1H"}, {"step": "remedy", "target": "PT4H"},
                    {"step": "confirm", "target": "P1D"}, {"step": "follow_up", "target": "P3D"}],
          "remedies": ["fare_withdrawn_after_confirmation"], "updateCadence": "PT4H",
          "suggestion": {"kind": "voucher", "value": {"amount": "20.00", "currency": "CNY"}, "reason": "fare_withdrawn_after_confirmation"}}', now());
