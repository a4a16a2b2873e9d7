-- Deadlines (modules/sla): SLA policies, the milestones each case carries, and the firings that
-- make each warning and breach happen exactly once.

CREATE TABLE sla_policies (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  -- First match in position order; the policy with no conditions is the default.
  position integer NOT NULL,
  applies_kind text CHECK (applies_kind IN ('complaint', 'request', 'incident', 'question')),
  applies_priority text CHECK (applies_priority IN ('low', 'normal', 'high', 'urgent')),
  applies_category text,
  -- ISO 8601 durations (seconds allowed); null: no milestone of that kind.
  first_response text,
  next_update text,
  resolution text,
  warn_before text NOT NULL,
  -- The business calendar the clock runs in; null: around the clock.
  calendar_id uuid REFERENCES calendars(id),
  pause_while_waiting_on_customer boolean NOT NULL DEFAULT true,
  -- When next_update comes due with no staff message: send an automatic update ('auto'), tell the
  -- owner at the warning and send it at the due time ('notify_owner_first'), or let it breach ('off').
  proactive_updates text NOT NULL DEFAULT 'auto' CHECK (proactive_updates IN ('auto', 'notify_owner_first', 'off')),
  -- Who is told: { warn: [...], breach: [...], adminsAfter: "PT2H" | null } of 'owner', 'supervisors', 'admins'.
  escalation jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX sla_policies_position ON sla_policies (position, id);

-- A case's milestones as last computed from its history (domain/milestones.ts); the case JSON and
-- the at-risk list read them. The id is derived from the event that armed the milestone and its kind.
CREATE TABLE case_milestones (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('first_response', 'next_update', 'resolution', 'commitment')),
  description text,
  started_at timestamptz NOT NULL,
  -- Null while paused.
  due_at timestamptz,
  warn_at timestamptz,
  remaining_seconds integer,
  status text NOT NULL CHECK (status IN ('active', 'paused', 'warned', 'met', 'breached')),
  met_at timestamptz,
  met_by text,
  policy_id uuid,
  updated_at timestamptz NOT NULL
);
CREATE INDEX case_milestones_case ON case_milestones (case_id, started_at);
-- The at-risk filter: cases with an unmet milestone warned or breached.
CREATE INDEX case_milestones_at_risk ON case_milestones (case_id) WHERE status IN ('warned', 'breached') AND met_at IS NULL;

-- One row per warning, breach, automatic update and escalation ever fired: the constraint, not
-- timing, makes each happen once however many schedulers run.
CREATE TABLE sla_firings (
  milestone_id uuid NOT NULL,
  what text NOT NULL CHECK (what IN ('warned', 'breached', 'update_sent', 'owner_told', 'escalated')),
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  fired_at timestamptz NOT NULL,
  -- For lateness figures: when it was due.
  due_at timestamptz NOT NULL,
  PRIMARY KEY (milestone_id, what)
);
CREATE INDEX sla_firings_fired ON sla_firings (fired_at);

-- Every install starts with a default policy (no conditions): the practitioners' rules — answer
-- within the hour, tell the customer what is happening at least once a day, resolve in five days.
INSERT INTO sla_policies (id, name, position, first_response, next_update, resolution, warn_before, escalation, created_at, updated_at)
VALUES ('00000000-0000-7000-8000-00000000a001', 'Default', 1000, 'PT1H', 'P1D', 'P5D', 'PT15M',
        '{"warn": ["owner"], "breach": ["owner", "supervisors"], "adminsAfter": "PT4H"}', now(), now());
