/** The SLA module's tables: policies, the milestones of each case as last computed, and the firings. */
import { sql, type Insertable, type RawBuilder, type Selectable, type SqlBool } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { CaseMilestonesTable, SlaPoliciesTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import type { HistoryEvent, Milestone } from "./domain/milestones.js";
import type { PolicyRules } from "./domain/policy.js";

export type SlaPolicyRow = Selectable<SlaPoliciesTable>;
export type MilestoneRow = Selectable<CaseMilestonesTable>;

export const rulesOf = (r: SlaPolicyRow): PolicyRules => ({
  id: r.id,
  name: r.name,
  position: r.position,
  appliesKind: r.applies_kind,
  appliesPriority: r.applies_priority,
  appliesCategory: r.applies_category,
  firstResponse: r.first_response,
  nextUpdate: r.next_update,
  resolution: r.resolution,
  warnBefore: r.warn_before,
  calendarId: r.calendar_id,
  pauseWhileWaitingOnCustomer: r.pause_while_waiting_on_customer,
  proactiveUpdates: r.proactive_updates,
});

export async function listPolicies(db: Queryable): Promise<SlaPolicyRow[]> {
  return k(db).selectFrom("sla_policies").selectAll().orderBy("position").orderBy("id").execute();
}

export async function findPolicy(db: Queryable, id: string, forUpdate = false): Promise<SlaPolicyRow | null> {
  const q = k(db).selectFrom("sla_policies").selectAll().where("id", "=", id);
  return (await (forUpdate ? q.forUpdate() : q).executeTakeFirst()) ?? null;
}

export async function insertPolicy(tx: Queryable, row: Insertable<SlaPoliciesTable>): Promise<SlaPolicyRow> {
  return k(tx).insertInto("sla_policies").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePolicy(tx: Queryable, id: string, patch: Partial<Insertable<SlaPoliciesTable>>): Promise<SlaPolicyRow> {
  return k(tx).updateTable("sla_policies").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export async function nextPosition(db: Queryable): Promise<number> {
  const row = await k(db).selectFrom("sla_policies").select((eb) => eb.fn.max("position").as("max")).where("position", "<", 1000).executeTakeFirst();
  return Math.min(999, (row?.max ?? 0) + 10);
}

/** A case's history as the milestone fold reads it (the case's own events, read, never written here). */
export async function loadHistory(db: Queryable, caseId: string): Promise<HistoryEvent[]> {
  const rows = await k(db)
    .selectFrom("case_events")
    .select(["id", "type", "at", "actor_type", "data"])
    .where("case_id", "=", caseId)
    .orderBy("at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, type: r.type, at: r.at, actorType: r.actor_type as HistoryEvent["actorType"], data: (r.data ?? {}) as Record<string, unknown> }));
}

/** The next `limit` open cases (not resolved or closed) in id order after `after`: those a policy change reaches. */
export async function openCaseIds(db: Queryable, after: string | null, limit: number): Promise<string[]> {
  let q = k(db).selectFrom("cases").select("id").where("status", "not in", ["resolved", "closed"]);
  if (after) q = q.where("id", ">", after);
  const rows = await q.orderBy("id").limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function milestonesOf(db: Queryable, caseId: string): Promise<MilestoneRow[]> {
  return k(db).selectFrom("case_milestones").selectAll().where("case_id", "=", caseId).orderBy("started_at").orderBy("id").execute();
}

/** Stores the case's milestones as computed (and drops those no longer computed). */
export async function saveMilestones(tx: Queryable, caseId: string, milestones: readonly (Milestone & { shownDueAt: Date })[], now: Date): Promise<MilestoneRow[]> {
  if (milestones.length === 0) {
    await k(tx).deleteFrom("case_milestones").where("case_id", "=", caseId).execute();
    return [];
  }
  const rows: Insertable<CaseMilestonesTable>[] = milestones.map((m) => ({
    id: m.id,
    case_id: caseId,
    kind: m.kind,
    description: m.description,
    started_at: m.startedAt,
    due_at: m.shownDueAt,
    warn_at: m.warnAt,
    remaining_seconds: m.remainingMs === null ? null : Math.ceil(m.remainingMs / 1000),
    status: m.status,
    met_at: m.metAt,
    met_by: m.metBy,
    policy_id: m.policyId,
    updated_at: now,
  }));
  const saved = await k(tx)
    .insertInto("case_milestones")
    .values(rows)
    .onConflict((oc) =>
      oc.column("id").doUpdateSet((eb) => ({
        due_at: eb.ref("excluded.due_at"),
        warn_at: eb.ref("excluded.warn_at"),
        remaining_seconds: eb.ref("excluded.remaining_seconds"),
        status: eb.ref("excluded.status"),
        met_at: eb.ref("excluded.met_at"),
        met_by: eb.ref("excluded.met_by"),
        policy_id: eb.ref("excluded.policy_id"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .returningAll()
    .execute();
  await k(tx)
    .deleteFrom("case_milestones")
    .where("case_id", "=", caseId)
    .where("id", "not in", milestones.map((m) => m.id))
    .execute();
  return saved.sort((a, b) => a.started_at.getTime() - b.started_at.getTime() || (a.id < b.id ? -1 : 1));
}

/** A stored milestone with its policy's escalation ladder, and when any policy last changed (a row computed before may be stale). */
export type FiringRow = MilestoneRow & { escalation: unknown; policies_changed: Date | null };

/** The stored milestones with these ids, as a batch of timers fires them. */
export async function milestonesToFire(db: Queryable, ids: readonly string[]): Promise<FiringRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<FiringRow>`
    SELECT m.*, p.escalation, (SELECT max(updated_at) FROM sla_policies) AS policies_changed
      FROM case_milestones m LEFT JOIN sla_policies p ON p.id = m.policy_id
     WHERE m.id = ANY(${[...ids]}::uuid[])`.execute(k(db));
  return rows;
}

/**
 * Records what fired, each unless it had fired already (the constraint decides), and marks the
 * milestones warned or breached (a warning never undoes a breach), in one statement; returns those
 * recorded now as `milestoneId:what`.
 */
export async function recordFirings(tx: Queryable, firings: readonly { milestoneId: string; what: "warned" | "breached"; caseId: string; dueAt: Date }[], now: Date): Promise<Set<string>> {
  if (firings.length === 0) return new Set();
  const at = now.toISOString();
  const { rows } = await sql<{ milestone_id: string; what: string }>`
    WITH f AS (
      INSERT INTO sla_firings (milestone_id, what, case_id, fired_at, due_at)
      SELECT m, w, c, ${at}::timestamptz, d FROM unnest(${firings.map((f) => f.milestoneId)}::uuid[], ${firings.map((f) => f.what)}::text[], ${firings.map((f) => f.caseId)}::uuid[], ${firings.map((f) => f.dueAt.toISOString())}::timestamptz[]) AS t(m, w, c, d)
      ON CONFLICT (milestone_id, what) DO NOTHING
      RETURNING milestone_id, what),
    marked AS (
      UPDATE case_milestones cm SET status = CASE WHEN x.breached OR cm.status = 'breached' THEN 'breached' ELSE 'warned' END, updated_at = ${at}::timestamptz
        FROM (SELECT milestone_id, bool_or(what = 'breached') AS breached FROM f GROUP BY milestone_id) x
       WHERE cm.id = x.milestone_id)
    SELECT milestone_id, what FROM f`.execute(k(tx));
  return new Set(rows.map((r) => `${r.milestone_id}:${r.what}`));
}

/** Records that something fired on a milestone; false when it had fired already (the constraint decides, not timing). */
export async function recordFiring(tx: Queryable, f: { milestoneId: string; what: "warned" | "breached" | "update_sent" | "escalated"; caseId: string; firedAt: Date; dueAt: Date }): Promise<boolean> {
  const rows = await k(tx)
    .insertInto("sla_firings")
    .values({ milestone_id: f.milestoneId, what: f.what, case_id: f.caseId, fired_at: f.firedAt, due_at: f.dueAt })
    .onConflict((oc) => oc.columns(["milestone_id", "what"]).doNothing())
    .returning("milestone_id")
    .execute();
  return rows.length > 0;
}

/** Deadline figures for a supervisor's home, over the cases `visible` (a SQL condition on alias c) lets them see. */
export async function deadlineFigures(db: Queryable, visible: RawBuilder<SqlBool>, now: Date) {
  const where = sql`AND ${visible}`;
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const { rows } = await sql<{ at_risk: number; breached_open: number; warned_open: number; breaches_7d: number; met_late_7d: number }>`
    SELECT
      (SELECT count(DISTINCT m.case_id)::int FROM case_milestones m JOIN cases c ON c.id = m.case_id WHERE m.status IN ('warned', 'breached') AND m.met_at IS NULL ${where}) AS at_risk,
      (SELECT count(*)::int FROM case_milestones m JOIN cases c ON c.id = m.case_id WHERE m.status = 'breached' AND m.met_at IS NULL ${where}) AS breached_open,
      (SELECT count(*)::int FROM case_milestones m JOIN cases c ON c.id = m.case_id WHERE m.status = 'warned' AND m.met_at IS NULL ${where}) AS warned_open,
      (SELECT count(*)::int FROM sla_firings f JOIN cases c ON c.id = f.case_id WHERE f.what = 'breached' AND f.fired_at > ${since} AND f.fired_at <= ${now} ${where}) AS breaches_7d,
      (SELECT count(*)::int FROM case_milestones m JOIN cases c ON c.id = m.case_id WHERE m.status = 'breached' AND m.met_at > ${since} AND m.met_at <= ${now} ${where}) AS met_late_7d`.execute(k(db));
  return rows[0]!;
}
