/**
 * "A refused request changes nothing": a snapshot of row counts and of the mutable columns of
 * every table, compared before and after a request. On PGlite each test file has a database of
 * its own, so the snapshot covers whole tables; on PostgreSQL the files share one database and
 * run concurrently, so it covers only the rows of one test world (its tag, its users' actions).
 */
import type { Db } from "../src/platform/db.js";

export type Snapshot = Record<string, string>;

/** The tag that createWorld put into its e-mails and organisation names. */
export const worldTag = (email: string): string => /\.([a-z0-9]+)@/.exec(email)![1]!;

export async function snapshot(db: Db, tag: string): Promise<Snapshot> {
  const all = db.kind === "pglite";
  const like = `%${tag}%`;
  const mine = `(SELECT id FROM users WHERE email LIKE $2)`;
  const mineText = `(SELECT id::text FROM users WHERE email LIKE $2)`;
  const myCases = `(SELECT id FROM cases WHERE created_by_id IN ${mineText})`;
  const probes: Record<string, string> = {
    organizations: `SELECT count(*)::int AS n, md5(coalesce(string_agg(id || name || kind, ',' ORDER BY id), '')) AS f FROM organizations WHERE $1 OR name LIKE $2`,
    users: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, email, name, role, organization_id, active, locale, time_zone, password_hash, updated_at), ',' ORDER BY id), '')) AS f
              FROM users WHERE $1 OR email LIKE $2`,
    api_tokens: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, name, revoked_at, expires_at), ',' ORDER BY id), '')) AS f
                   FROM api_tokens WHERE $1 OR user_id IN ${mine}`,
    customers: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, name, locale, preferred_channel, flags, time_zone, updated_at), ',' ORDER BY id), '')) AS f
                  FROM customers WHERE $1 OR name LIKE $2 OR id IN (SELECT customer_id FROM cases WHERE id IN ${myCases})`,
    customer_identities: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, customer_id, kind, value), ',' ORDER BY id), '')) AS f
                  FROM customer_identities WHERE $1 OR value ILIKE $2 OR customer_id IN (SELECT id FROM customers WHERE name LIKE $2)`,
    interactions: `SELECT count(*)::int AS n, '' AS f FROM interactions WHERE $1 OR created_by_id IN ${mineText}`,
    cases: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, status, priority, owner_organization_id, owner_user_id, resolution, resolved_by, resolved_at, handoff, updated_at), ',' ORDER BY id), '')) AS f
              FROM cases WHERE $1 OR created_by_id IN ${mineText}`,
    case_parties: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', case_id, organization_id, access, assignee_user_id), ',' ORDER BY case_id, organization_id), '')) AS f
                     FROM case_parties WHERE $1 OR case_id IN ${myCases}`,
    case_events: `SELECT count(*)::int AS n, '' AS f FROM case_events WHERE $1 OR actor_id IN ${mineText} OR case_id IN ${myCases}`,
    outbox: `SELECT count(*)::int AS n, '' AS f FROM outbox WHERE $1 OR actor->>'id' IN ${mineText}`,
    idempotency_keys: `SELECT count(*)::int AS n, '' AS f FROM idempotency_keys WHERE $1 OR scope IN (SELECT 'user:' || id FROM users WHERE email LIKE $2)`,
    due_work: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, state, due_at, attempts, last_error, payload), ',' ORDER BY id), '')) AS f FROM due_work WHERE $1 OR key LIKE $2`,
    case_links: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, case_id, kind, linked_case_id), ',' ORDER BY id), '')) AS f
                   FROM case_links WHERE $1 OR case_id IN ${myCases} OR linked_case_id IN ${myCases}`,
    audit_log: `SELECT count(*)::int AS n, '' AS f FROM audit_log WHERE $1 OR actor_id IN ${mineText}`,
    notifications: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, read_at), ',' ORDER BY id), '')) AS f FROM notifications WHERE $1 OR user_id IN ${mine}`,
    notification_preferences: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', user_id, email, working_hours, updated_at), ',' ORDER BY user_id), '')) AS f
                                 FROM notification_preferences WHERE $1 OR user_id IN ${mine}`,
    throttle_hits: `SELECT count(*)::int AS n, md5(coalesce(string_agg(key || attempt, ',' ORDER BY key, attempt), '')) AS f FROM throttle_hits WHERE $1 OR key LIKE $2 OR key LIKE ANY (SELECT '%' || id || '%' FROM users WHERE email LIKE $2)`,
    message_deliveries: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, status, attempts, last_error, next_attempt_at, updated_at), ',' ORDER BY id), '')) AS f
                           FROM message_deliveries WHERE $1 OR case_id IN ${myCases}`,
    notification_emails: `SELECT count(*)::int AS n, '' AS f FROM notification_emails WHERE $1 OR user_id IN ${mine}`,
    customer_links: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, revoked_at), ',' ORDER BY id), '')) AS f FROM customer_links WHERE $1 OR case_id IN ${myCases}`,
    sla_policies: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, name, position, first_response, next_update, resolution, warn_before, updated_at), ',' ORDER BY id), '')) AS f FROM sla_policies WHERE $1 OR name LIKE $2`,
    case_milestones: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, due_at, status, met_at), ',' ORDER BY id), '')) AS f FROM case_milestones WHERE $1 OR case_id IN ${myCases}`,
    sla_firings: `SELECT count(*)::int AS n, '' AS f FROM sla_firings WHERE $1 OR case_id IN ${myCases}`,
    calendars: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, name, timezone, hours, holidays, working_days, updated_at), ',' ORDER BY id), '')) AS f FROM calendars WHERE $1 OR name LIKE $2`,
    remedies: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, status, decided_at, escalated_at, decision, updated_at), ',' ORDER BY id), '')) AS f
                 FROM remedies WHERE $1 OR requested_by_id IN ${mineText} OR case_id IN ${myCases}`,
    contact_outcomes: `SELECT count(*)::int AS n, '' AS f FROM contact_outcomes WHERE $1 OR case_id IN ${myCases}`,
    satisfaction_responses: `SELECT count(*)::int AS n, '' AS f FROM satisfaction_responses WHERE $1 OR case_id IN ${myCases}`,
    // The catalogue is shared: on PostgreSQL only the reasons a world made (their code holds its tag), so
    // that a file changing the settings does not look like another file's refused request writing.
    remedy_catalogue: `SELECT (SELECT count(*)::int FROM remedy_reasons WHERE $1 OR code LIKE $2) AS n,
                         md5(concat((SELECT string_agg(concat_ws('|', code, label_en, label_zh, kinds, limit_count, limit_window_days, beyond_limit, active, updated_at), ',' ORDER BY code) FROM remedy_reasons WHERE $1 OR code LIKE $2),
                                    CASE WHEN $1 THEN concat(
                                      (SELECT string_agg(concat_ws('|', role, reason, company_fault_minor, other_fault_minor, updated_at), ',' ORDER BY role, reason) FROM remedy_authority),
                                      (SELECT string_agg(concat_ws('|', kind, unit_value_minor, updated_at), ',' ORDER BY kind) FROM remedy_kinds),
                                      (SELECT string_agg(concat_ws('|', goodwill_cap_minor, goodwill_cap_window_days, approval_minutes, satisfaction_after_customer_resolved, updated_at), ',') FROM remedy_settings)) END)) AS f`,
    webhooks: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, url, events, secret_sealed, active, paused_reason, failed_attempts, updated_at), ',' ORDER BY id), '')) AS f
                 FROM webhooks WHERE $1 OR url LIKE $2 OR organization_id IN (SELECT organization_id FROM users WHERE email LIKE $2)`,
    webhook_deliveries: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, status, attempts, retrying_since, next_attempt_at), ',' ORDER BY id), '')) AS f
                           FROM webhook_deliveries WHERE $1 OR webhook_id IN (SELECT id FROM webhooks WHERE url LIKE $2)`,
    tasks: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, status, completed_at, closed_reason, updated_at), ',' ORDER BY id), '')) AS f FROM tasks WHERE $1 OR case_id IN ${myCases}`,
    login_known_addresses: `SELECT count(*)::int AS n, '' AS f FROM login_known_addresses WHERE $1 OR user_id IN ${mine}`,
    imports: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, status, rows_read), ',' ORDER BY id), '')) AS f FROM imports WHERE $1 OR created_by_id IN ${mine}`,
    import_links: `SELECT count(*)::int AS n, '' AS f FROM import_links WHERE $1 OR import_id IN (SELECT id FROM imports WHERE created_by_id IN ${mine})`,
    identity_suggestions: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, status), ',' ORDER BY id), '')) AS f
                             FROM identity_suggestions WHERE $1 OR customer_id IN (SELECT id FROM customers WHERE name LIKE $2) OR candidate_id IN (SELECT id FROM customers WHERE name LIKE $2)`,
    customer_merges: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, unmerged_at), ',' ORDER BY id), '')) AS f FROM customer_merges WHERE $1 OR created_by_id IN ${mine}`,
    customer_profiles: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, merged_into, given_name, family_name, birth_date, address, profile_sources), ',' ORDER BY id), '')) AS f
                          FROM customers WHERE $1 OR name LIKE $2`,
    outreach: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', id, status, reason, scheduled_for, purposes, interaction_id, updated_at), ',' ORDER BY id), '')) AS f
                 FROM outreach WHERE $1 OR case_id IN ${myCases}`,
    outreach_settings: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', organization_id, window_seconds, daily_cap, quiet_from, quiet_to, time_zone, updated_at), ',' ORDER BY organization_id), '')) AS f
                          FROM outreach_settings WHERE $1 OR organization_id IN (SELECT organization_id FROM users WHERE email LIKE $2)`,
    customer_consents: `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws('|', customer_id, channel, status, how, at), ',' ORDER BY customer_id, channel), '')) AS f
                          FROM customer_consents WHERE $1 OR customer_id IN (SELECT id FROM customers WHERE name LIKE $2)`,
  };
  const out: Snapshot = {};
  for (const [table, sql] of Object.entries(probes)) {
    const [row] = await db.query<{ n: number; f: string }>(sql, [all, like]);
    out[table] = `${row!.n}:${row!.f}`;
  }
  return out;
}

/** The tables whose snapshot differs. */
export function changed(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(before).filter((k) => before[k] !== after[k]);
}
