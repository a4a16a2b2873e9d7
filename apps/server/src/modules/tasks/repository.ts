/** The tasks table: a case's tasks, one task, an organisation's list — plain rows, no rules. */
import { sql, type Insertable, type Selectable, type Updateable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { TasksTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { decodeCursor, page } from "../../platform/pagination.js";
import type { TaskStatus } from "@tandem/contracts";
import { visibleCase } from "../cases/index.js";

/** A task with the names it is shown with and what the rules need to know about its case. */
export type TaskRow = Selectable<TasksTable> & {
  organization_name: string;
  assignee_name: string | null;
  case_number: string;
  case_owner_organization_id: string;
  case_party_organization_ids: string[];
};

const selectTasks = (db: Queryable) =>
  k(db)
    .selectFrom("tasks as t")
    .innerJoin("cases as c", "c.id", "t.case_id")
    .innerJoin("organizations as o", "o.id", "t.organization_id")
    .leftJoin("users as a", "a.id", "t.assignee_id")
    .selectAll("t")
    .select(["o.name as organization_name", "a.name as assignee_name", "c.number as case_number", "c.owner_organization_id as case_owner_organization_id"])
    .select(sql<string[]>`ARRAY(SELECT p.organization_id FROM case_parties p WHERE p.case_id = c.id)`.as("case_party_organization_ids"));

export async function insertTask(tx: Queryable, row: Insertable<TasksTable>): Promise<void> {
  await k(tx).insertInto("tasks").values(row).execute();
}

export async function updateTask(tx: Queryable, id: string, patch: Updateable<TasksTable>): Promise<void> {
  await k(tx).updateTable("tasks").set(patch).where("id", "=", id).execute();
}

/** One task; `forUpdate` locks its row (the case is locked first, always). */
export async function findTask(db: Queryable, id: string, forUpdate = false): Promise<TaskRow | null> {
  const q = selectTasks(db).where("t.id", "=", id);
  return (await (forUpdate ? q.forUpdate("t") : q).executeTakeFirst()) ?? null;
}

/** The case's open tasks, oldest first, locked (the resolve closes them or is refused by them). */
export async function openTasksOf(tx: Queryable, caseId: string): Promise<Selectable<TasksTable>[]> {
  return k(tx).selectFrom("tasks").selectAll().where("case_id", "=", caseId).where("status", "=", "open").orderBy("created_at").orderBy("id").forUpdate().execute();
}

/** Every task of one case, oldest first. */
export async function tasksOfCase(db: Queryable, caseId: string): Promise<TaskRow[]> {
  return selectTasks(db).where("t.case_id", "=", caseId).orderBy("t.created_at").orderBy("t.id").execute();
}

export interface TaskFilter {
  /** The visibility rule's organisation: null for staff (every case), a partner's otherwise. */
  visibleTo: string | null;
  organizationId?: string | undefined;
  caseId?: string | undefined;
  status?: TaskStatus[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Tasks on the cases the caller may see, newest first, paged by (created_at, id). */
export async function listTasks(db: Queryable, f: TaskFilter): Promise<{ items: TaskRow[]; nextCursor: string | null }> {
  const after = decodeCursor(f.cursor, ["time", "uuid"]);
  let q = selectTasks(db).where(visibleCase("c", f.visibleTo));
  if (f.organizationId) q = q.where("t.organization_id", "=", f.organizationId);
  if (f.caseId) q = q.where("t.case_id", "=", f.caseId);
  if (f.status?.length) q = q.where("t.status", "in", f.status);
  if (after) q = q.where(sql<boolean>`(t.created_at, t.id) < (${new Date(String(after[0]))}, ${String(after[1])}::uuid)`);
  const rows = await q.orderBy("t.created_at", "desc").orderBy("t.id", "desc").limit(f.limit + 1).execute();
  return page(rows, f.limit, (r) => [new Date(r.created_at).toISOString(), r.id]);
}
