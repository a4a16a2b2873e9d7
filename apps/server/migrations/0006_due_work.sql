-- Durable due work (platform/due): work a module wants done at a time, claimed by the
-- scheduler role with FOR UPDATE SKIP LOCKED and run in one transaction with its handler's
-- effects. Finished work is deleted in that transaction, so the table holds only work still to do
-- (pending) and work that failed every attempt (failed: parked for an admin to retry).
CREATE TABLE due_work (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  -- The module's name for this piece of work: the same (kind, key) is never pending twice.
  key text NOT NULL,
  due_at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
  -- Failed attempts so far; the next one is due after a back-off.
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, key)
);

-- The scheduler claims pending work earliest first.
CREATE INDEX due_work_pending ON due_work (due_at) WHERE state = 'pending';
-- Admins page through parked work.
CREATE INDEX due_work_failed ON due_work (due_at, id) WHERE state = 'failed';

-- Retention (platform/retention.ts) deletes idempotency keys and expired sessions by age.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX api_tokens_session_expiry ON api_tokens (expires_at) WHERE kind = 'session';
