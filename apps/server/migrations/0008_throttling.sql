-- Throttling that holds under concurrency and across processes (platform/throttle.ts): one row
-- per counted attempt, taken under a per-key lock before the work it guards (a password check,
-- a partner's identity look-up). Rows older than their window are deleted when the key is used.
CREATE TABLE throttle_hits (
  key text NOT NULL,
  attempt uuid NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX throttle_hits_key_at ON throttle_hits (key, at);
CREATE INDEX throttle_hits_attempt ON throttle_hits (attempt);

-- The addresses each user has signed in from: guesses from elsewhere share one account-wide
-- budget, so they never lock the user out on their usual address.
CREATE TABLE login_known_addresses (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  address text NOT NULL,
  last_success_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, address)
);
