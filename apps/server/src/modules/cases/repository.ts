import type { Case, CaseStatus, ListCasesQuery } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import { caseEventCtes, caseEventValues, type CaseEventInput, type CaseEventRow, type OutboxInput } from "../../platform/events.js";
import { decodeCursor, isoRequired, page } from "../../platform/pagination.js";
import { visibleCaseSql, type CaseFacts } from "./policies.js";

export interface CaseRow {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  kind: Case["kind"];
  subject: string;
  description: string | null;
  channel: string;
  priority: Case["priority"];
  category: string | null;
  status: CaseStatus;
  next_step: string | null;
  owner_organization_id: string;
  owner_organization_name: string;
  owner_user_id: string | null;
  owner_user_name: string | null;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
  parties: { organization_id: string; organization_name: string; kind: "department" | "partner"; access: "view" | "contribute"; added_at: string }[];
}

const CASE_SELECT = `
  SELECT c.*, cu.name AS customer_name, o.name AS owner_organization_name, u.name AS owner_user_name,
    COALESCE((SELECT json_agg(json_build_object('organization_id', p.organization_id, 'organization_name', po.name, 'kind', po.kind,
                'access', p.access, 'added_at', p.added_at) ORDER BY p.added_at)
              FROM case_parties p JOIN organizations po ON po.id = p.organization_id WHERE p.case_id = c.id), '[]'::json) AS parties
  FROM cases c
  JOIN customers cu ON cu.id = c.customer_id
  JOIN organizations o ON o.id = c.owner_organization_id
  LEFT JOIN users u ON u.id = c.owner_user_id`;

/** What the policy needs to know about a case row. */
export const caseFacts = (r: CaseRow): CaseFacts => ({
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
  SELECT ins.*, cu.name AS customer_name, o.name AS owner_organization_name, u.name AS owner_user_name, '[]'::json AS parties
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
  first: { event: CaseEventInput; outbox: OutboxInput },
): Promise<CaseRow | null> {
  const events = caseEventValues(first.event, first.outbox);
  const rows = await tx.query<CaseRow>(
    INSERT_CASE,
    [input.id, input.customerId, input.kind, input.subject, input.description, input.channel, input.priority, input.category, input.ownerOrganizationId, input.createdBy.type, input.createdBy.id, input.now, input.ownerUserId, ...events.params],
    { prepare: true },
  );
  if (!rows[0]) return null;
  events.published(tx);
  return rows[0];
}

export async function findCase(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
  if (opts.forUpdate) await db.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [id]);
  return (await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [id]))[0] ?? null;
}

/** The columns a command may change; `updated_at` moves with every change. */
export interface CasePatch {
  status?: CaseStatus;
  subject?: string;
  priority?: string;
  category?: string | null;
  nextStep?: string | null;
  ownerUserId?: string | null;
  ownerOrganizationId?: string;
  resolution?: string | null;
  resolvedBy?: string | null;
  resolvedAt?: Date | null;
}

export async function updateCase(tx: Queryable, id: string, patch: CasePatch, now: Date): Promise<void> {
  const sets: string[] = ["updated_at = $2"];
  const values: unknown[] = [id, now];
  const put = (col: string, v: unknown) => {
    values.push(v);
    sets.push(`${col} = $${values.length}`);
  };
  if (patch.status !== undefined) put("status", patch.status);
  if (patch.subject !== undefined) put("subject", patch.subject);
  if (patch.priority !== undefined) put("priority", patch.priority);
  if (patch.category !== undefined) put("category", patch.category);
  if (patch.nextStep !== undefined) put("next_step", patch.nextStep);
  if (patch.ownerUserId !== undefined) put("owner_user_id", patch.ownerUserId);
  if (patch.ownerOrganizationId !== undefined) put("owner_organization_id", patch.ownerOrganizationId);
  if (patch.resolution !== undefined) put("resolution", patch.resolution);
  if (patch.resolvedBy !== undefined) put("resolved_by", patch.resolvedBy);
  if (patch.resolvedAt !== undefined) put("resolved_at", patch.resolvedAt);
  await tx.query(`UPDATE cases SET ${sets.join(", ")} WHERE id = $1`, values);
}

/** Shares a case with an organisation; sharing again changes the access level. */
export async function upsertParty(tx: Queryable, caseId: string, organizationId: string, access: "view" | "contribute", now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO case_parties (case_id, organization_id, access, added_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (case_id, organization_id) DO UPDATE SET access = EXCLUDED.access`,
    [caseId, organizationId, access, now],
  );
}

const SORTS = {
  updated_desc: { cols: ["c.updated_at"], dir: "DESC" },
  updated_asc: { cols: ["c.updated_at"], dir: "ASC" },
  created_desc: { cols: ["c.created_at"], dir: "DESC" },
  created_asc: { cols: ["c.created_at"], dir: "ASC" },
  priority: { cols: [PRIORITY_RANK("c.priority"), "c.updated_at"], dir: "DESC" },
} as const;

function PRIORITY_RANK(col: string): string {
  return `(CASE ${col} WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END)`;
}

/** The cases the caller sees (`visibleOrg` from `visibilityOrg`), filtered, sorted and keyset-paged. */
export async function listCases(db: Queryable, visibleOrg: string | null, q: ListCasesQuery) {
  const where: string[] = [];
  const values: unknown[] = [];
  const bind = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (visibleOrg) where.push(visibleCaseSql("c", bind(visibleOrg)));
  if (q.status?.length) where.push(`c.status = ANY(${bind(q.status)}::text[])`);
  if (q.priority?.length) where.push(`c.priority = ANY(${bind(q.priority)}::text[])`);
  if (q.kind?.length) where.push(`c.kind = ANY(${bind(q.kind)}::text[])`);
  if (q.channel?.length) where.push(`c.channel = ANY(${bind(q.channel)}::text[])`);
  if (q.customerId) where.push(`c.customer_id = ${bind(q.customerId)}`);
  if (q.organizationId) {
    const org = bind(q.organizationId);
    where.push(`(c.owner_organization_id = ${org} OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.organization_id = ${org}))`);
  }
  if (q.ownerId === "none") where.push(`c.owner_user_id IS NULL`);
  else if (q.ownerId) where.push(`c.owner_user_id = ${bind(q.ownerId)}`);
  // Deadlines are not tracked yet: until SLA milestones exist, no case can be at risk.
  if (q.atRisk === "true") where.push("false");
  if (q.q) {
    const text = bind(q.q);
    where.push(`(c.number = upper(${text}) OR c.subject ILIKE '%' || ${bind(q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`))} || '%')`);
  }
  const sort = SORTS[q.sort];
  const keyCols = [...sort.cols, "c.id"];
  const after = decodeCursor(q.cursor, keyCols.map((col) => (col === "c.id" ? "uuid" : col.includes("CASE") ? "int" : "time")));
  if (after) {
    const op = sort.dir === "DESC" ? "<" : ">";
    const casts = keyCols.map((col, i) => `${bind(after[i])}::${col === "c.id" ? "uuid" : col.includes("CASE") ? "int" : "timestamptz"}`);
    where.push(`(${keyCols.join(", ")}) ${op} (${casts.join(", ")})`);
  }
  const sql = `${CASE_SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY ${keyCols.map((c) => `${c} ${sort.dir}`).join(", ")} LIMIT ${bind(q.limit + 1)}`;
  const rows = await db.query<CaseRow & { priority_rank?: number }>(sql, values);
  const rank = { urgent: 3, high: 2, normal: 1, low: 0 } as const;
  return page(rows, q.limit, (r) => {
    const parts: (string | number)[] = [];
    if (q.sort === "priority") parts.push(rank[r.priority], isoRequired(r.updated_at));
    else parts.push(isoRequired(q.sort.startsWith("created") ? r.created_at : r.updated_at));
    parts.push(r.id);
    return parts;
  });
}

export async function listCaseEvents(db: Queryable, caseId: string, q: { limit: number; cursor?: string; visibility: "all" | "public" }) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  const rows = await db.query<CaseEventRow>(
    `SELECT * FROM case_events WHERE case_id = $1
       AND ($2::timestamptz IS NULL OR (at, id) > ($2::timestamptz, $3::uuid))
       AND ($4 = 'all' OR (type = 'message.added' AND data->>'visibility' = 'public'))
     ORDER BY at, id LIMIT $5`,
    [caseId, after?.[0] ?? null, after?.[1] ?? null, q.visibility, q.limit + 1],
  );
  return page(rows, q.limit, (r) => [isoRequired(r.at), r.id]);
}
