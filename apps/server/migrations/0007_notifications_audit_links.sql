-- Shared services (issue 9): the audit log, case links and notifications.

-- The audit log: who did what outside a case's own history (user, token and organisation
-- changes, customer links, the demo, ...). Append-only: triggers refuse UPDATE, DELETE and
-- TRUNCATE, so not even a mistaken statement of the application can edit it.
CREATE TABLE audit_log (
  id uuid PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'customer', 'partner', 'rule', 'system')),
  actor_id text,
  actor_name text,
  -- The organisation the entry belongs to (the subject's, else the actor's): for scoped reading.
  organization_id uuid,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text,
  before jsonb,
  after jsonb,
  reason text
);
CREATE INDEX audit_log_recent ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC, id DESC);
CREATE INDEX audit_log_action ON audit_log (action, at DESC, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: its entries cannot be changed or removed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Links between cases, stored in one direction ("case_id <kind> linked_case_id": this case is a
-- follow-up of, a duplicate of, the parent of, or related to that one) and shown from both sides.
-- Two cases are linked at most once, whichever way round.
CREATE TABLE case_links (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  kind text NOT NULL CHECK (kind IN ('related', 'duplicate_of', 'follow_up_of', 'parent_of')),
  linked_case_id uuid NOT NULL REFERENCES cases(id),
  created_at timestamptz NOT NULL,
  created_by_type text NOT NULL,
  created_by_id text,
  CHECK (case_id <> linked_case_id)
);
CREATE UNIQUE INDEX case_links_pair ON case_links (LEAST(case_id, linked_case_id), GREATEST(case_id, linked_case_id));
CREATE INDEX case_links_case ON case_links (case_id);
CREATE INDEX case_links_linked_case ON case_links (linked_case_id);

-- Follow-ups opened before links existed are linked to the case they follow up.
INSERT INTO case_links (id, case_id, kind, linked_case_id, created_at, created_by_type, created_by_id)
SELECT gen_random_uuid(), e.case_id, 'follow_up_of', (e.data->'followUpOf'->>'caseId')::uuid, e.at, e.actor_type, e.actor_id
  FROM case_events e
 WHERE e.type = 'case.created' AND e.data ? 'followUpOf'
ON CONFLICT DO NOTHING;

-- Notifications, stored per user. The same event never notifies a user twice: each carries a
-- de-duplication key (the kind and the event it is about), unique per user.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  subject_type text NOT NULL,
  subject_id uuid NOT NULL,
  subject_label text,
  subject_title text,
  actor jsonb NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  urgent boolean NOT NULL DEFAULT false,
  dedupe_key text NOT NULL,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user_recent ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_user_unread ON notifications (user_id) WHERE read_at IS NULL;

-- What each user asks for besides the console's bell (e-mail delivery builds on the due-work service).
CREATE TABLE notification_preferences (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  email boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);
