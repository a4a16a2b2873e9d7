-- Tasks across companies (modules/tasks): a piece of work given to one organisation on a case —
-- the owner itself or a party — done by that organisation, closed with a reason by the owner.
-- A task with a due time is also a `task` milestone of the case (modules/sla), armed by its
-- `task.created` event and met by `task.completed` or `task.closed`.

CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  title text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done', 'closed')),
  due_at timestamptz,
  assignee_id uuid REFERENCES users(id),
  created_by_type text NOT NULL,
  created_by_id uuid,
  created_by_name text,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  completed_by_type text,
  completed_by_id uuid,
  completed_by_name text,
  completion_note text,
  closed_at timestamptz,
  closed_by_id uuid,
  closed_reason text,
  updated_at timestamptz NOT NULL,
  -- A task is done (by whom, when) or closed (why) or neither, never both.
  CHECK ((status = 'done') = (completed_at IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_reason IS NOT NULL))
);
-- A case's tasks, and its open ones (the case JSON's `openTasks`, the resolve rule).
CREATE INDEX tasks_case ON tasks (case_id, created_at, id);
CREATE INDEX tasks_case_open ON tasks (case_id) WHERE status = 'open';
-- An organisation's open tasks, newest first (a partner desk's list).
CREATE INDEX tasks_organization ON tasks (organization_id, status, created_at DESC, id DESC);

ALTER TABLE case_milestones DROP CONSTRAINT case_milestones_kind_check;
ALTER TABLE case_milestones ADD CONSTRAINT case_milestones_kind_check CHECK (kind IN ('first_response', 'next_update', 'resolution', 'commitment', 'task'));
