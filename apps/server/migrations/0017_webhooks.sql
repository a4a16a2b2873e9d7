-- Webhooks (issue 11): an admin's (organization_id NULL: hears of every event) or a partner
-- organisation's (hears only what that organisation may see). The secret is stored encrypted
-- with the server's secret (AES-256-GCM), never shown after registration.
CREATE TABLE webhooks (
  id uuid PRIMARY KEY,
  organization_id uuid REFERENCES organizations(id),
  url text NOT NULL,
  events text[] NOT NULL,
  secret_sealed text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  paused_reason text CHECK (paused_reason IN ('failing', 'owner')),
  paused_at timestamptz,
  -- Failed attempts since the last delivered one, and when the first of them failed.
  failed_attempts integer NOT NULL DEFAULT 0,
  failing_since timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhooks_by_organization ON webhooks (organization_id, created_at, id);

-- One delivery per (webhook, event), written by the outbox relay in its transaction; `body` is
-- the exact JSON sent, the same on every attempt.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  -- Retries go on for at least a day from here: the event, or the last manual redelivery.
  retrying_since timestamptz NOT NULL,
  last_attempt_at timestamptz,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id) WHERE status = 'pending';
