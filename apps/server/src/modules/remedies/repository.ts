/** The remedies module's tables: the catalogue (kinds, reasons, authority, settings) and the remedies themselves. */
import { sql, type Insertable, type Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { ContactOutcomesTable, RemediesTable, RemedyAuthorityTable, RemedyKindsTable, RemedyReasonsTable, RemedySettingsTable, SatisfactionResponsesTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { decodeCursor, isoRequired, page } from "../../platform/pagination.js";

export type RemedyRow = Selectable<RemediesTable>;
export type KindRow = Selectable<RemedyKindsTable>;
export type ReasonRow = Selectable<RemedyReasonsTable>;
export type AuthorityRowDb = Selectable<RemedyAuthorityTable>;
export type SettingsRow = Selectable<RemedySettingsTable>;

export interface CatalogueRows {
  kinds: KindRow[];
  reasons: ReasonRow[];
  authority: AuthorityRowDb[];
  settings: SettingsRow;
}

export async function loadCatalogue(db: Queryable): Promise<CatalogueRows> {
  const [kinds, reasons, authority, settings] = await Promise.all([
    k(db).selectFrom("remedy_kinds").selectAll().orderBy("kind").execute(),
    k(db).selectFrom("remedy_reasons").selectAll().orderBy("code").execute(),
    k(db).selectFrom("remedy_authority").selectAll().orderBy("role").orderBy("reason").execute(),
    k(db).selectFrom("remedy_settings").selectAll().executeTakeFirstOrThrow(),
  ]);
  return { kinds, reasons, authority, settings };
}

export async function upsertReason(tx: Queryable, row: Omit<ReasonRow, never>): Promise<ReasonRow> {
  const { code: _code, ...changes } = row;
  return k(tx)
    .insertInto("remedy_reasons")
    .values(row)
    .onConflict((oc) => oc.column("code").doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateKind(tx: Queryable, kind: KindRow["kind"], unitValueMinor: number | null, now: Date): Promise<KindRow> {
  return k(tx).updateTable("remedy_kinds").set({ unit_value_minor: unitValueMinor, updated_at: now }).where("kind", "=", kind).returningAll().executeTakeFirstOrThrow();
}

export async function upsertAuthority(tx: Queryable, row: AuthorityRowDb): Promise<AuthorityRowDb> {
  const { role: _role, reason: _reason, ...changes } = row;
  return k(tx)
    .insertInto("remedy_authority")
    .values(row)
    .onConflict((oc) => oc.columns(["role", "reason"]).doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateSettings(tx: Queryable, changes: Partial<Omit<SettingsRow, "id">>): Promise<SettingsRow> {
  return k(tx).updateTable("remedy_settings").set(changes).where("id", "=", true).returningAll().executeTakeFirstOrThrow();
}

/** What a new remedy must say; what only some remedies have defaults to null. */
export type NewRemedy = Pick<Insertable<RemediesTable>, "id" | "customer_id" | "kind" | "value_minor" | "currency" | "reason" | "fault" | "status" | "decision" | "explanation_en" | "explanation_zh" | "source" | "at" | "requested_by_type" | "requested_by_id" | "requested_by_name" | "created_at" | "updated_at"> &
  Partial<Pick<Insertable<RemediesTable>, "case_id" | "quantity" | "loss_minor" | "charge_status" | "settlement" | "justification" | "approver_role" | "approval_due_at" | "organization_id">>;

export async function insertRemedy(tx: Queryable, row: NewRemedy): Promise<RemedyRow> {
  const values: Insertable<RemediesTable> = { case_id: null, quantity: null, loss_minor: null, charge_status: null, settlement: null, justification: null, approver_role: null, approval_due_at: null, organization_id: null, ...row };
  return k(tx).insertInto("remedies").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findRemedy(db: Queryable, id: string, forUpdate = false): Promise<RemedyRow | undefined> {
  const q = k(db).selectFrom("remedies").selectAll().where("id", "=", id);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function updateRemedy(tx: Queryable, id: string, changes: Partial<Omit<RemedyRow, "id">>): Promise<RemedyRow> {
  const { decision, ...rest } = changes;
  return k(tx)
    .updateTable("remedies")
    .set({ ...rest, ...(decision !== undefined ? { decision: JSON.stringify(decision) } : {}) })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The customer's whole ledger, locked against a concurrent claim: two agents asking at the same
 * moment are decided one after the other, so the second sees the first.
 */
export async function ledgerForDecision(tx: Queryable, customerId: string): Promise<RemedyRow[]> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`remedies:${customerId}`}))`.execute(k(tx));
  return k(tx).selectFrom("remedies").selectAll().where("customer_id", "=", customerId).orderBy("at").execute();
}

/** A page of the customer's ledger, newest first. */
export async function listLedger(db: Queryable, customerId: string, q: { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  let query = k(db).selectFrom("remedies").selectAll().where("customer_id", "=", customerId);
  if (after) query = query.where(sql<boolean>`(at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await query.orderBy("at", "desc").orderBy("id", "desc").limit(q.limit + 1).execute();
  return page(rows, q.limit, (r) => [isoRequired(r.at), r.id]);
}

export async function listCaseRemedies(db: Queryable, caseId: string): Promise<RemedyRow[]> {
  return k(db).selectFrom("remedies").selectAll().where("case_id", "=", caseId).orderBy("created_at").orderBy("id").limit(500).execute();
}

/** Remedies by status (the approvals queue: oldest first). */
export async function listRemedies(db: Queryable, q: { limit: number; cursor?: string; status?: RemedyRow["status"] }) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  let query = k(db).selectFrom("remedies").selectAll();
  if (q.status) query = query.where("status", "=", q.status);
  if (after) query = query.where(sql<boolean>`(created_at, id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await query.orderBy("created_at").orderBy("id").limit(q.limit + 1).execute();
  return page(rows, q.limit, (r) => [isoRequired(r.created_at), r.id]);
}

export async function insertContactOutcome(tx: Queryable, row: Insertable<ContactOutcomesTable>): Promise<void> {
  await k(tx).insertInto("contact_outcomes").values(row).execute();
}

/** Stores an answer unless this resolution of the case has one already; false when it had. */
export async function insertSatisfaction(tx: Queryable, row: Insertable<SatisfactionResponsesTable>): Promise<boolean> {
  const written = await k(tx).insertInto("satisfaction_responses").values(row).onConflict((oc) => oc.columns(["case_id", "resolved_at"]).doNothing()).returning("id").executeTakeFirst();
  return Boolean(written);
}

export async function satisfactionAnswered(db: Queryable, caseId: string, resolvedAt: Date): Promise<boolean> {
  return Boolean(await k(db).selectFrom("satisfaction_responses").select("id").where("case_id", "=", caseId).where("resolved_at", "=", resolvedAt).executeTakeFirst());
}

/** The answers of the last `days` days, each with whether its case had a contact ended after an explanation. */
export async function satisfactionSince(db: Queryable, since: Date) {
  return k(db)
    .selectFrom("satisfaction_responses as s")
    .select(["s.score", "s.agent_id", "s.category", "s.remedy_reason", "s.remedy_outcome"])
    .select((eb) => eb.exists(eb.selectFrom("contact_outcomes as o").select("o.id").whereRef("o.case_id", "=", "s.case_id")).as("ended"))
    .where("s.at", ">=", since)
    .orderBy("s.at")
    .limit(100_000)
    .execute();
}

export async function listPlaybooks(db: Queryable) {
  return k(db).selectFrom("playbooks").selectAll().orderBy("category").execute();
}

/** The playbook of a category, else the `*` one. */
export async function playbookFor(db: Queryable, category: string | null) {
  const rows = await k(db)
    .selectFrom("playbooks")
    .selectAll()
    .where("category", "in", category ? [category, "*"] : ["*"])
    .execute();
  return rows.find((r) => r.category === category) ?? rows.find((r) => r.category === "*");
}

export async function upsertPlaybook(tx: Queryable, category: string, definition: unknown, now: Date) {
  const json = JSON.stringify(definition);
  return k(tx)
    .insertInto("playbooks")
    .values({ category, definition: json, updated_at: now })
    .onConflict((oc) => oc.column("category").doUpdateSet({ definition: json, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}
