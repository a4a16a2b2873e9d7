/**
 * Open cases whose resolution milestones come due in bulk, as opening them through the API
 * would leave them (cases, their created and policy-applied events, the stored milestone and a
 * pending timer each), written in bulk: for the deadlines' fault tests (test/processes/sla-timers.test.ts) and `npm run bench:sla`.
 */
import type pg from "pg";
import { milestoneId } from "../../src/modules/sla/domain/milestones.js";

export const DEFAULT_POLICY = "00000000-0000-7000-8000-00000000a001";
export const RESOLUTION_MS = 60_000;
/** The targets that policy applies, as `sla.policy_applied` records them. */
const TARGETS = { policyId: DEFAULT_POLICY, name: "Default", firstResponseMs: null, nextUpdateMs: null, resolutionMs: RESOLUTION_MS, warnBeforeMs: 0, calendarId: null, pauseWhileWaitingOnCustomer: true, proactiveUpdates: "off" };

/** Makes the default policy a one-minute resolution deadline without warnings, updates or escalation to admins. */
export async function oneMinutePolicy(sql: pg.Client): Promise<void> {
  await sql.query(
    `UPDATE sla_policies SET first_response = NULL, next_update = NULL, resolution = 'PT60S', warn_before = 'PT0S', proactive_updates = 'off',
       escalation = '{"warn": [], "breach": ["owner", "supervisors"], "adminsAfter": null}' WHERE id = $1`,
    [DEFAULT_POLICY],
  );
}

/**
 * `count` open cases under that policy whose resolution milestones fall due at `firstDue` +
 * i × `spacingMs`, each with its timer pending — as opening them through the API would leave them,
 * written in bulk.
 */
export async function casesComingDue(sql: pg.Client, count: number, firstDue: Date, spacingMs: number, prefix = "SLA-"): Promise<void> {
  const org = (await sql.query<{ id: string }>(`INSERT INTO organizations (id, name, kind) VALUES (gen_random_uuid(), 'Hotline ' || $1, 'department') RETURNING id`, [prefix])).rows[0]!.id;
  const customer = (await sql.query<{ id: string }>(`INSERT INTO customers (id, name) VALUES (gen_random_uuid(), 'Waiting customer') RETURNING id`)).rows[0]!.id;
  await sql.query(
    `INSERT INTO cases (id, number, customer_id, kind, subject, channel, priority, status, owner_organization_id, created_by_type, created_at, updated_at)
     SELECT gen_random_uuid(), $7 || i, $1, 'complaint', 'Coming due ' || i, 'phone', 'normal', 'open', $2, 'system',
            $3::timestamptz + (i * $4::float8 - $5) * interval '1 millisecond', $3::timestamptz
       FROM generate_series(0, $6 - 1) i`,
    [customer, org, firstDue, spacingMs, RESOLUTION_MS, count, prefix],
  );
  const created = await sql.query<{ id: string; case_id: string; at: Date }>(
    `INSERT INTO case_events (id, case_id, customer_id, type, actor_type, data, at)
     SELECT gen_random_uuid(), c.id, c.customer_id, 'case.created', 'system', '{}', c.created_at FROM cases c WHERE c.number LIKE $1 || '%' RETURNING id, case_id, at`,
    [prefix],
  );
  await sql.query(
    `INSERT INTO case_events (id, case_id, customer_id, type, actor_type, actor_name, data, at)
     SELECT gen_random_uuid(), c.id, c.customer_id, 'sla.policy_applied', 'system', 'Tandem', $1::jsonb, c.created_at FROM cases c WHERE c.number LIKE $2 || '%'`,
    [JSON.stringify(TARGETS), prefix],
  );
  const ids = created.rows.map((r) => milestoneId(r.id, "resolution"));
  const dues = created.rows.map((r) => new Date(r.at.getTime() + RESOLUTION_MS));
  await sql.query(
    `INSERT INTO case_milestones (id, case_id, kind, started_at, due_at, warn_at, status, policy_id, updated_at)
     SELECT m, c, 'resolution', s, d, d, 'active', $4, now() FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $5::timestamptz[]) AS t(m, c, d, s)`,
    [ids, created.rows.map((r) => r.case_id), dues, DEFAULT_POLICY, created.rows.map((r) => r.at)],
  );
  await sql.query(
    `INSERT INTO due_work (id, kind, key, due_at, payload)
     SELECT gen_random_uuid(), 'sla.timer', m || ':due', d, jsonb_build_object('caseId', c) FROM unnest($1::text[], $2::uuid[], $3::timestamptz[]) AS t(m, c, d)`,
    [ids, created.rows.map((r) => r.case_id), dues],
  );
  await sql.query(`SELECT pg_notify('tandem_due', $1)`, [firstDue.toISOString()]);
}

