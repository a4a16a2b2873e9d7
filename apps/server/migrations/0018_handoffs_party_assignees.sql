-- Handoffs and party assignees (issue 11).
-- cases.handoff: the latest handoff, which the new owner reads first on the case:
--   { note, fromOrganizationId, fromOrganizationName, by: { type, id, name }, at }. Its history is
--   in case_events (case.handed_off).
ALTER TABLE cases ADD COLUMN handoff jsonb;

-- Each party organisation may name its own assignee on a case; it feeds that user's "My cases".
ALTER TABLE case_parties ADD COLUMN assignee_user_id uuid REFERENCES users(id);
CREATE INDEX case_parties_assignee ON case_parties (assignee_user_id, case_id) WHERE assignee_user_id IS NOT NULL;
