/** The case_links table: links between two cases, stored one way round (see domain/links.ts). */
import { sql, type Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { CaseLinksTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { newId } from "../../platform/ids.js";

export type CaseLinkStoredRow = Selectable<CaseLinksTable>;

/** Locks the cases in id order, so that two commands linking the same two cases never wait on each other crosswise. */
export async function lockCases(tx: Queryable, ids: string[]): Promise<void> {
  await k(tx).selectFrom("cases").select("id").where("id", "in", ids).orderBy("id").forUpdate().execute();
}

export async function insertCaseLink(tx: Queryable, input: { caseId: string; kind: CaseLinkStoredRow["kind"]; linkedCaseId: string; createdBy: { type: string; id: string | null }; now: Date }): Promise<CaseLinkStoredRow> {
  return k(tx)
    .insertInto("case_links")
    .values({ id: newId(input.now.getTime()), case_id: input.caseId, kind: input.kind, linked_case_id: input.linkedCaseId, created_at: input.now, created_by_type: input.createdBy.type, created_by_id: input.createdBy.id })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The link between two cases, whichever way round it is stored. */
export async function findLinkBetween(db: Queryable, a: string, b: string): Promise<CaseLinkStoredRow | null> {
  const row = await k(db)
    .selectFrom("case_links")
    .selectAll()
    .where(sql<string>`LEAST(case_id, linked_case_id)`, "=", sql<string>`LEAST(${a}::uuid, ${b}::uuid)`)
    .where(sql<string>`GREATEST(case_id, linked_case_id)`, "=", sql<string>`GREATEST(${a}::uuid, ${b}::uuid)`)
    .executeTakeFirst();
  return row ?? null;
}

export async function findLink(db: Queryable, id: string): Promise<CaseLinkStoredRow | null> {
  return (await k(db).selectFrom("case_links").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

export async function deleteLink(tx: Queryable, id: string): Promise<void> {
  await k(tx).deleteFrom("case_links").where("id", "=", id).execute();
}
