/** The outreach tables: planned contacts and the settings per organisation. Plain rows, no rules. */
import type { OutreachStatus } from "@tandem/contracts";
import type { Selectable } from "kysely";
import { sql } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { OutreachSettingsTable, OutreachTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { visibleCase } from "../cases/index.js";
import type { NearbyContact } from "./domain/guard.js";

export type OutreachRow = Selectable<OutreachTable>;
export type OutreachSettingsRow = Selectable<OutreachSettingsTable>;

export interface Purpose {
  purpose: string;
  caseId: string;
  organizationId: string;
  outreachId: string;
  at: string;
}

export const purposesOf = (row: Pick<OutreachRow, "purposes">): Purpose[] => row.purposes as unknown as Purpose[];

export async function findSettings(db: Queryable, organizationId: string): Promise<OutreachSettingsRow | null> {
  return (await k(db).selectFrom("outreach_settings").selectAll().where("organization_id", "=", organizationId).executeTakeFirst()) ?? null;
}

export async function putSettings(tx: Queryable, row: OutreachSettingsRow): Promise<OutreachSettingsRow> {
  const { organization_id: _key, ...rest } = row;
  return k(tx).insertInto("outreach_settings").values(row).onConflict((oc) => oc.column("organization_id").doUpdateSet(rest)).returningAll().executeTakeFirstOrThrow();
}

/** The customer's scheduled and sent contacts between two times (the guard's look-around). */
export async function nearbyContacts(db: Queryable, customerId: string, from: Date, to: Date): Promise<NearbyContact[]> {
  const rows = await db.query<{ id: string; status: "scheduled" | "sent"; scheduled_for: Date; is_response: boolean }>(
    `SELECT id, status, scheduled_for, is_response FROM outreach
      WHERE customer_id = $1 AND status IN ('scheduled', 'sent') AND scheduled_for BETWEEN $2 AND $3`,
    [customerId, from, to],
    { prepare: true },
  );
  return rows.map((r) => ({ id: r.id, status: r.status, scheduledFor: new Date(r.scheduled_for), isResponse: r.is_response }));
}

export async function insertOutreach(tx: Queryable, row: OutreachRow): Promise<OutreachRow> {
  return k(tx)
    .insertInto("outreach")
    .values({ ...row, purposes: JSON.stringify(row.purposes) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findOutreach(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<OutreachRow | null> {
  let q = k(db).selectFrom("outreach").selectAll().where("id", "=", id);
  if (opts.forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export async function addPurpose(tx: Queryable, id: string, purpose: Purpose, now: Date): Promise<void> {
  await k(tx)
    .updateTable("outreach")
    .set({ purposes: sql`purposes || ${JSON.stringify([purpose])}::jsonb`, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function markSent(tx: Queryable, id: string, interactionId: string, now: Date): Promise<OutreachRow> {
  return k(tx).updateTable("outreach").set({ status: "sent", interaction_id: interactionId, sent_at: now, updated_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export async function markCancelled(tx: Queryable, id: string, reason: "case_resolved" | "cancelled", cancelReason: string | null, now: Date): Promise<OutreachRow> {
  return k(tx)
    .updateTable("outreach")
    .set({ status: "cancelled", reason, cancel_reason: cancelReason, cancelled_at: now, updated_at: now })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Cancels every scheduled contact on a case in one statement; the rows cancelled. */
export async function cancelScheduledOnCase(tx: Queryable, caseId: string, now: Date): Promise<Pick<OutreachRow, "id" | "organization_id" | "channel" | "scheduled_for" | "created_by_id">[]> {
  return tx.query(
    `UPDATE outreach SET status = 'cancelled', reason = 'case_resolved', cancelled_at = $2, updated_at = $2
      WHERE case_id = $1 AND status = 'scheduled'
      RETURNING id, organization_id, channel, scheduled_for, created_by_id`,
    [caseId, now],
  );
}

export interface OutreachFilter {
  caseId?: string;
  customerId?: string;
  status?: OutreachStatus;
  /** A partner: only contacts on cases its organisation owns or shares in. */
  visibleToOrganization: string | null;
  limit: number;
  after: [string, string] | null;
}

/** Contacts, newest first by creation, paged by (created_at, id). */
export async function listOutreach(db: Queryable, f: OutreachFilter): Promise<OutreachRow[]> {
  let q = k(db).selectFrom("outreach").selectAll("outreach");
  if (f.caseId) q = q.where("outreach.case_id", "=", f.caseId);
  if (f.customerId) q = q.where("outreach.customer_id", "=", f.customerId);
  if (f.status) q = q.where("outreach.status", "=", f.status);
  // The one visibility rule: a partner lists the contacts on the cases it may see, no others.
  if (f.visibleToOrganization) q = q.where((eb) => eb.exists(eb.selectFrom("cases as c").select("c.id").whereRef("c.id", "=", "outreach.case_id").where(visibleCase("c", f.visibleToOrganization))));
  if (f.after) {
    const [at, id] = f.after;
    q = q.where((eb) => eb.or([eb("outreach.created_at", "<", new Date(at)), eb.and([eb("outreach.created_at", "=", new Date(at)), eb("outreach.id", "<", id)])]));
  }
  return q.orderBy("outreach.created_at", "desc").orderBy("outreach.id", "desc").limit(f.limit + 1).execute();
}

/** The customer's latest interaction on a case (to tell a response to their message). */
export async function latestInteractionOnCase(db: Queryable, caseId: string): Promise<{ id: string; direction: string; occurred_at: Date } | null> {
  const rows = await db.query<{ id: string; direction: string; occurred_at: Date }>(
    "SELECT id, direction, occurred_at FROM interactions WHERE case_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1",
    [caseId],
  );
  return rows[0] ?? null;
}

export async function findInteractionFacts(db: Queryable, id: string): Promise<{ id: string; customer_id: string; direction: string; occurred_at: Date } | null> {
  const rows = await db.query<{ id: string; customer_id: string; direction: string; occurred_at: Date }>("SELECT id, customer_id, direction, occurred_at FROM interactions WHERE id = $1", [id]);
  return rows[0] ?? null;
}

export async function organizationNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await k(db).selectFrom("organizations").select(["id", "name"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Of these cases, those the organisation may see (all for staff, `org` null), with their owners. */
export async function casesSeenBy(db: Queryable, caseIds: readonly string[], org: string | null): Promise<Map<string, { ownerOrganizationId: string }>> {
  if (caseIds.length === 0) return new Map();
  const rows = await k(db)
    .selectFrom("cases as c")
    .select(["c.id", "c.owner_organization_id"])
    .where("c.id", "in", [...new Set(caseIds)])
    .where(visibleCase("c", org))
    .execute();
  return new Map(rows.map((r) => [r.id, { ownerOrganizationId: r.owner_organization_id }]));
}

export async function findOutreachMany(db: Queryable, ids: readonly string[]): Promise<OutreachRow[]> {
  if (ids.length === 0) return [];
  return k(db).selectFrom("outreach").selectAll().where("id", "in", [...new Set(ids)]).execute();
}
