-- Sign-in attempts are counted in throttle_hits (0008); the old per-key failure counters are no
-- longer read or written.
DROP TABLE login_failures;
CREATE INDEX throttle_hits_at ON throttle_hits (at);
