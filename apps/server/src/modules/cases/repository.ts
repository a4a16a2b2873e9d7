import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { ListCasesQuery } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import type { CaseLinksTable, CasePartiesTable, CasesTable, DB, OrganizationsTable } from "../../platform/db-types.js";
import { escapeLike, k, prepare } from "../../platform/kysely.js";
import { decodeCursor, isoRequired, page, type CursorPart } from "../../platform/pagination.js";
import { readableEvent, visibleCase, type CaseFacts, type EventReader } from "./policies.js";
import { caseEventCtes, type CaseEventRow, type caseEventValues } from "./events.js";

/** An organisation the case is shared with, as the case's row carries it (JSON: `added_at` is text). */
export interface CasePartyRow {
  organization_id: string;
  organization_name: string;
  kind: Selectable<OrganizationsTable>["kind"];
  access: Selectable<CasePartiesTable>["access"];
  added_at: string;
  assignee_user_id: string | null;
  assignee_user_name: string | null;
}

/** The latest handoff, as `cases.handoff` holds it (the new owner reads its note first). */
export interface CaseHandoff {
  note: string;
  fromOrganizationId: string;
  fromOrganizationName: string;
  by: { type: "user" | "customer" | "partner" | "rule" | "system"; id: string | null; name: string | null };
  at: string;
}

/**
 * A link to another case, as the case's row carries it (JSON: `created_at` is text): the stored
 * kind and which side of it this case is on, and what the visibility rule needs to know about the
 * other case (the presenter lists a link only when the viewer may see the other case).
 */
export interface CaseLinkRow {
  id: string;
  kind: Selectable<CaseLinksTable>["kind"];
  side: "case" | "linked_case";
  case_id: string;
  number: string;
  subject: string;
  status: Selectable<CasesTable>["status"];
  owner_organization_id: string;
  party_organization_ids: string[];
  created_at: string;
}

/** A deadline of the case, as the case's row carries it (JSON: times are text); the deadlines module computes them. */
export interface CaseMilestoneRow {
  id: string;
  kind: "first_response" | "next_update" | "resolution" | "commitment" | "task";
  description: string | null;
  started_at: string | Date;
  due_at: string | Date | null;
  warn_at: string | Date | null;
  remaining_seconds: number | null;
  status: "active" | "paused" | "warned" | "met" | "breached";
  met_at: string | Date | null;
  met_by: string | null;
}

/** A case with its customer's name, its owners' names, its parties, its links and its milestones. */
export type CaseRow = Selectable<CasesTable> & {
  customer_name: string;
  owner_organization_name: string;
  owner_user_name: string | null;
  parties: CasePartyRow[];
  links: CaseLinkRow[];
  milestones: CaseMilestoneRow[];
  /** How many of its tasks are open (the tasks module's table, counted on its partial index). */
  open_tasks: number;
};

/** The links of case `c`, stored either way round, with the other case's facts. */
const linksOf = (eb: ExpressionBuilder<DB & { c: CasesTable }, "c">, side: "case" | "linked_case") =>
  eb
    .selectFrom("case_links as l")
    .innerJoin("cases as lc", "lc.id", side === "case" ? "l.linked_case_id" : "l.case_id")
    .select([
      "l.id",
      "l.kind",
      sql.lit(side).as("side"),
      "lc.id as case_id",
      "lc.number",
      "lc.subject",
      "lc.status",
      "lc.owner_organization_id",
      sql<string[]>`ARRAY(SELECT lp.organization_id FROM case_parties lp WHERE lp.case_id = lc.id)`.as("party_organization_ids"),
      "l.created_at",
    ])
    .whereRef(side === "case" ? "l.case_id" : "l.linked_case_id", "=", "c.id");

/** Every read of a case, one or a list, has this shape. */
const selectCases = (db: Kysely<DB>) =>
  db
    .selectFrom("cases as c")
    .innerJoin("customers as cu", "cu.id", "c.customer_id")
    .innerJoin("organizations as o", "o.id", "c.owner_organization_id")
    .leftJoin("users as u", "u.id", "c.owner_user_id")
    .selectAll("c")
    .select(["cu.name as customer_name", "o.name as owner_organization_name", "u.name as owner_user_name"])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom("case_parties as p")
          .innerJoin("organizations as po", "po.id", "p.organization_id")
          .leftJoin("users as pu", "pu.id", "p.assignee_user_id")
          .select(["p.organization_id", "po.name as organization_name", "po.kind", "p.access", "p.added_at", "p.assignee_user_id", "pu.name as assignee_user_name"])
          .whereRef("p.case_id", "=", "c.id")
          .orderBy("p.added_at"),
      )
        .$castTo<CasePartyRow[]>()
        .as("parties"),
    )
    .select((eb) => jsonArrayFrom(linksOf(eb, "case").unionAll(linksOf(eb, "linked_case"))).$castTo<CaseLinkRow[]>().as("links"))
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom("case_milestones as m")
          .select(["m.id", "m.kind", "m.description", "m.started_at", "m.due_at", "m.warn_at", "m.remaining_seconds", "m.status", "m.met_at", "m.met_by"])
          .whereRef("m.case_id", "=", "c.id")
          .orderBy("m.started_at")
          .orderBy("m.id"),
      )
        .$castTo<CaseMilestoneRow[]>()
        .as("milestones"),
    )
    .select(sql<number>`(SELECT count(*)::int FROM tasks t WHERE t.case_id = c.id AND t.status = 'open')`.as("open_tasks"));

/** What the policy needs to know about a case row. */
export const caseFacts = (r: Pick<CaseFactsRow, "id" | "status" | "owner_organization_id" | "parties">): CaseFacts => ({
  id: r.id,
  status: r.status,
  ownerOrganizationId: r.owner_organization_id,
  parties: r.parties.map((p) => ({ organizationId: p.organization_id, access: p.access })),
});

const INSERT_CASE = `
  WITH ins AS (
    INSERT INTO cases (id, number, customer_id, kind, subject, description, channel, priority, category, status,
        owner_organization_id, owner_user_id, created_by_type, created_by_id, created_at, updated_at)
    SELECT $1, 'TD-' || nextval('case_number_seq'), cu.id, $3, $4, $5, $6, $7, $8, 'open', o.id, $13, $10, $11, $12, $12
      FROM customers cu, organizations o WHERE cu.id = $2 AND o.id = $9
    RETURNING *),
  ${caseEventCtes("ins", 14, { number: "number" })}
  SELECT ins.*, cu.name AS customer_name, o.name AS owner_organization_name, u.name AS owner_user_name, '[]'::json AS parties, '[]'::json AS links, '[]'::json AS milestones, 0 AS open_tasks
    FROM ins JOIN customers cu ON cu.id = ins.customer_id JOIN organizations o ON o.id = ins.owner_organization_id
    LEFT JOIN users u ON u.id = ins.owner_user_id`;

/**
 * Inserts a case with its first event and outbox event, and returns it as findCase would — all in
 * one prepared statement: no row (and no event) when the customer or the owning organisation does
 * not exist. The outbox payload gets the case's number, drawn from its sequence by the statement.
 */
export async function insertCase(
  tx: Queryable,
  input: {
    id: string;
    customerId: string;
    kind: string;
    subject: string;
    description: string | null;
    channel: string;
    priority: string;
    category: string | null;
    ownerOrganizationId: string;
    ownerUserId: string | null;
    createdBy: { type: string; id: string | null };
    now: Date;
  },
  events: ReturnType<typeof caseEventValues>,
): Promise<CaseRow | null> {
  const rows = await tx.query<CaseRow>(
    INSERT_CASE,
    [input.id, input.customerId, input.kind, input.subject, input.description, input.channel, input.priority, input.category, input.ownerOrganizationId, input.createdBy.type, input.createdBy.id, input.now, input.ownerUserId, ...events.params],
    { prepare: true },
  );
  if (!rows[0]) return null;
  events.published(tx);
  return rows[0];
}

// Run by every command and read of a case: prepared once.
const caseById = prepare((db, p: { id: string }) => selectCases(db).where("c.id", "=", p.id));
const lockCase = prepare((db, p: { id: string }) => db.selectFrom("cases").select("id").where("id", "=", p.id).forUpdate());

export async function findCase(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
  if (opts.forUpdate) await lockCase.execute(db, { id });
  return (await caseById.executeTakeFirst(db, { id })) ?? null;
}

/** A case's own row and who it is shared with: what the visibility rule and a notification about it need. */
export type CaseFactsRow = Selectable<CasesTable> & { parties: Pick<CasePartyRow, "organization_id" | "access">[] };

/** Locks these cases (in id order, so two batches never wait on each other in a circle) and reads their facts, in one statement. */
export async function lockCaseFacts(tx: Queryable, ids: readonly string[]): Promise<CaseFactsRow[]> {
  if (ids.length === 0) return [];
  return tx.query<CaseFactsRow>(
    `SELECT c.*, COALESCE((SELECT json_agg(json_build_object('organization_id', p.organization_id, 'access', p.access)) FROM case_parties p WHERE p.case_id = c.id), '[]'::json) AS parties
       FROM cases c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id FOR UPDATE OF c`,
    [ids],
  );
}

/** How many cases there are, visible or not. */
export async function countCases(db: Queryable): Promise<number> {
  const row = await k(db).selectFrom("cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

/** The columns a command may change; `updated_at` moves with every change. */
export interface CasePatch {
  status?: CaseRow["status"];
  subject?: string;
  priority?: CaseRow["priority"];
  category?: string | null;
  nextStep?: string | null;
  ownerUserId?: string | null;
  ownerOrganizationId?: string;
  resolution?: string | null;
  resolvedBy?: string | null;
  resolvedAt?: Date | null;
  handoff?: CaseHandoff;
}

export async function updateCase(tx: Queryable, id: string, patch: CasePatch, now: Date): Promise<void> {
  // Fields left undefined are not written.
  await k(tx)
    .updateTable("cases")
    .set({
      status: patch.status,
      subject: patch.subject,
      priority: patch.priority,
      category: patch.category,
      next_step: patch.nextStep,
      owner_user_id: patch.ownerUserId,
      owner_organization_id: patch.ownerOrganizationId,
      resolution: patch.resolution,
      resolved_by: patch.resolvedBy,
      resolved_at: patch.resolvedAt,
      handoff: patch.handoff === undefined ? undefined : JSON.stringify(patch.handoff),
      updated_at: now,
    })
    .where("id", "=", id)
    .execute();
}

/** Shares a case with an organisation; sharing again changes the access level. */
export async function upsertParty(tx: Queryable, caseId: string, organizationId: string, access: CasePartyRow["access"], now: Date): Promise<void> {
  await k(tx)
    .insertInto("case_parties")
    .values({ case_id: caseId, organization_id: organizationId, access, added_at: now })
    .onConflict((oc) => oc.columns(["case_id", "organization_id"]).doUpdateSet((eb) => ({ access: eb.ref("excluded.access") })))
    .execute();
}

/** Takes an organisation off a case's parties (it became the owner), with its assignee. */
export async function removeParty(tx: Queryable, caseId: string, organizationId: string): Promise<void> {
  await k(tx).deleteFrom("case_parties").where("case_id", "=", caseId).where("organization_id", "=", organizationId).execute();
}

/** Names (or clears) a party's own assignee on a case. */
export async function setPartyAssignee(tx: Queryable, caseId: string, organizationId: string, userId: string | null): Promise<void> {
  await k(tx).updateTable("case_parties").set({ assignee_user_id: userId }).where("case_id", "=", caseId).where("organization_id", "=", organizationId).execute();
}

type CaseListDB = DB & { c: CasesTable };
const c = expressionBuilder<CaseListDB, "c">();

/** One part of a sort order: the expression, how a cursor carries it, and the type it is compared as. */
interface SortKey {
  expr: Expression<unknown>;
  cursor: CursorPart;
  type: "timestamptz" | "integer" | "uuid";
}

const UPDATED: SortKey = { expr: c.ref("c.updated_at"), cursor: "time", type: "timestamptz" };
const CREATED: SortKey = { expr: c.ref("c.created_at"), cursor: "time", type: "timestamptz" };
const ID: SortKey = { expr: c.ref("c.id"), cursor: "uuid", type: "uuid" };
const PRIORITY_RANK = { urgent: 3, high: 2, normal: 1, low: 0 } as const;
const PRIORITY: SortKey = {
  expr: c.case("c.priority").when("urgent").then(c.lit(PRIORITY_RANK.urgent)).when("high").then(c.lit(PRIORITY_RANK.high)).when("normal").then(c.lit(PRIORITY_RANK.normal)).else(c.lit(PRIORITY_RANK.low)).end(),
  cursor: "int",
  type: "integer",
};

const SORTS: Record<ListCasesQuery["sort"], { keys: SortKey[]; dir: "asc" | "desc" }> = {
  updated_desc: { keys: [UPDATED, ID], dir: "desc" },
  updated_asc: { keys: [UPDATED, ID], dir: "asc" },
  created_desc: { keys: [CREATED, ID], dir: "desc" },
  created_asc: { keys: [CREATED, ID], dir: "asc" },
  priority: { keys: [PRIORITY, UPDATED, ID], dir: "desc" },
};

/** A row value `(a, b, …)`, for keyset comparisons the (… DESC, id DESC) indexes serve. */
const row = (items: Expression<unknown>[]) => sql`(${sql.join(items)})`;

/** A case the organisation owns or is a party to. */
const ownedOrSharedBy = (eb: ExpressionBuilder<CaseListDB, "c">, organizationId: string) =>
  eb.or([
    eb("c.owner_organization_id", "=", organizationId),
    eb.exists(eb.selectFrom("case_parties as p").select("p.case_id").whereRef("p.case_id", "=", "c.id").where("p.organization_id", "=", organizationId)),
  ]);

/** The cases the caller sees (`visibleOrg` from `visibilityOrg`), filtered, sorted and keyset-paged. */
export async function listCases(db: Queryable, visibleOrg: string | null, q: ListCasesQuery & { ownerId?: string }) {
  const sort = SORTS[q.sort];
  const after = decodeCursor(q.cursor, sort.keys.map((key) => key.cursor));
  let query = selectCases(k(db));
  if (visibleOrg) query = query.where(visibleCase("c", visibleOrg));
  if (q.status?.length) query = query.where("c.status", "in", q.status);
  if (q.priority?.length) query = query.where("c.priority", "in", q.priority);
  if (q.kind?.length) query = query.where("c.kind", "in", q.kind);
  if (q.channel?.length) query = query.where("c.channel", "in", q.channel);
  if (q.customerId) query = query.where("c.customer_id", "=", q.customerId);
  if (q.organizationId) query = query.where((eb) => ownedOrSharedBy(eb, q.organizationId!));
  if (q.ownerId === "none") query = query.where("c.owner_user_id", "is", null);
  else if (q.ownerId) {
    // A user's cases: those they own, and those their organisation named them the party assignee on.
    const userId = q.ownerId;
    query = query.where((eb) =>
      eb.or([
        eb("c.owner_user_id", "=", userId),
        eb.exists(eb.selectFrom("case_parties as pa").select("pa.case_id").whereRef("pa.case_id", "=", "c.id").where("pa.assignee_user_id", "=", userId)),
      ]),
    );
  }
  // At risk: a deadline (the deadlines module's milestones) warned or breached and not yet met.
  if (q.atRisk) {
    const atRisk = (eb: ExpressionBuilder<CaseListDB, "c">) =>
      eb.exists(eb.selectFrom("case_milestones as m").select("m.case_id").whereRef("m.case_id", "=", "c.id").where("m.status", "in", ["warned", "breached"]).where("m.met_at", "is", null));
    query = query.where((eb) => (q.atRisk === "true" ? atRisk(eb) : eb.not(atRisk(eb))));
  }
  if (q.q) {
    const text = q.q;
    query = query.where((eb) => eb.or([eb("c.number", "=", eb.fn<string>("upper", [eb.val(text)])), eb("c.subject", "ilike", `%${escapeLike(text)}%`)]));
  }
  if (after) {
    query = query.where((eb) =>
      eb(
        row(sort.keys.map((key) => key.expr)),
        sort.dir === "desc" ? "<" : ">",
        row(sort.keys.map((key, i) => eb.cast(eb.val(after[i]), key.type))),
      ),
    );
  }
  for (const key of sort.keys) query = query.orderBy(key.expr, sort.dir);
  const rows: CaseRow[] = await query.limit(q.limit + 1).execute();
  return page(rows, q.limit, (r) => {
    const parts: (string | number)[] = [];
    if (q.sort === "priority") parts.push(PRIORITY_RANK[r.priority], isoRequired(r.updated_at));
    else parts.push(isoRequired(q.sort.startsWith("created") ? r.created_at : r.updated_at));
    parts.push(r.id);
    return parts;
  });
}


/** A text field of a case event's data. */
const dataText = (key: "visibility" | "body") => sql<string>`${sql.ref("data")}->>${sql.lit(key)}`;

const isPublicMessage = (eb: ExpressionBuilder<DB, "case_events">) => eb.and([eb("type", "=", "message.added"), eb(dataText("visibility"), "=", "public")]);

// The case page reads its events: prepared once. An absent cursor (null) starts at the first event.
const caseEvents = prepare((db, p: { caseId: string; afterAt: string | number | null; afterId: string | number | null; visibility: "all" | "public"; readerKind: EventReader["readerKind"]; readerOrg: string | null; limit: number }) =>
  db
    .selectFrom("case_events")
    .selectAll()
    .where("case_id", "=", p.caseId)
    .where((eb) => {
      const afterAt = eb.cast(eb.val(p.afterAt), "timestamptz");
      return eb.or([eb(afterAt, "is", null), eb(row([eb.ref("at"), eb.ref("id")]), ">", row([afterAt, eb.cast(eb.val(p.afterId), "uuid")]))]);
    })
    .where((eb) => eb.or([eb(eb.cast(eb.val(p.visibility), "text"), "=", "all"), isPublicMessage(eb)]))
    .where(readableEvent("case_events", { readerKind: p.readerKind, readerOrg: p.readerOrg }))
    .orderBy("at")
    .orderBy("id")
    .limit(p.limit)
    .$castTo<CaseEventRow>(),
);

/** A case's events, oldest first: with a `reader`, only the messages it may read (`readableEvent`); without, all (Tandem's own reads). */
export async function listCaseEvents(db: Queryable, caseId: string, q: { limit: number; cursor?: string; visibility: "all" | "public"; reader?: EventReader }) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  const reader = q.reader ?? { readerKind: "all", readerOrg: null };
  const rows = await caseEvents.execute(db, { caseId, afterAt: after?.[0] ?? null, afterId: after?.[1] ?? null, visibility: q.visibility, ...reader, limit: q.limit + 1 });
  return page(rows, q.limit, (r) => [isoRequired(r.at), r.id]);
}

/** A public message of a case, as the customer's page shows it. */
export interface PublicMessageRow {
  id: string;
  actor_type: CaseEventRow["actor_type"];
  actor_name: string | null;
  body: string;
  at: Date;
}

const latestPublic = prepare((db, p: { caseId: string; limit: number }) =>
  db
    .selectFrom((eb) =>
      eb
        .selectFrom("case_events")
        .select(["id", "actor_type", "actor_name", dataText("body").as("body"), "at"])
        .where("case_id", "=", p.caseId)
        .where(isPublicMessage)
        .orderBy("at", "desc")
        .orderBy("id", "desc")
        .limit(p.limit)
        .as("m"),
    )
    .selectAll()
    .orderBy("at")
    .orderBy("id"),
);

/** The case's last `limit` public messages, oldest first. */
export async function latestPublicMessages(db: Queryable, caseId: string, limit: number): Promise<PublicMessageRow[]> {
  return latestPublic.execute(db, { caseId, limit });
}
