-- Delivery of public case messages to the customer, and notification e-mails (issue 10 items 7, 9; issue 9).

-- One delivery per public message: the channel and address chosen when the message was written,
-- what became of it, and the attempts. `sent` reached a mail server (or SMS provider); `logged_only`
-- went to the log because none is configured (never retried); `failed` is parked after its
-- attempts or a permanent refusal; `undeliverable` had no channel to go on.
CREATE TABLE message_deliveries (
  id uuid PRIMARY KEY,
  message_id uuid NOT NULL UNIQUE REFERENCES case_events(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  channel text CHECK (channel IN ('email', 'sms')),
  address text,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'logged_only', 'failed', 'undeliverable')),
  -- Written by Tandem itself (an acknowledgement, a proactive update): Auto-Submitted.
  automatic boolean NOT NULL,
  -- What is sent: the message as written, and its author's name (null: Tandem itself).
  body text NOT NULL,
  author_name text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz,
  transport_message_id text,
  link_id uuid REFERENCES customer_links(id),
  interaction_id uuid REFERENCES interactions(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  sent_at timestamptz,
  CHECK ((channel IS NULL) = (status = 'undeliverable'))
);
CREATE INDEX message_deliveries_case ON message_deliveries (case_id, created_at, id);
CREATE INDEX message_deliveries_failed ON message_deliveries (updated_at DESC, id) WHERE status = 'failed';

-- When a user wants notification e-mails: a weekly schedule in their own time zone (null: Monday
-- to Friday, 09:00-18:00). Urgent notifications do not wait for it.
ALTER TABLE notification_preferences ADD COLUMN working_hours jsonb;

-- Each notification is e-mailed at most once: its row is written in the transaction that sends it.
CREATE TABLE notification_emails (
  notification_id uuid PRIMARY KEY REFERENCES notifications(id),
  user_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('sent', 'logged_only', 'failed')),
  address text NOT NULL,
  transport_message_id text,
  last_error text,
  at timestamptz NOT NULL
);
