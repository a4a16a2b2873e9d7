import type { Selectable } from "kysely";
import type { AuditQuery } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import type { AuditLogTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { decodeCursor, isoRequired, page } from "../../platform/pagination.js";

export type AuditRow = Selectable<AuditLogTable>;

export async function insertAuditEntry(tx: Queryable, row: Omit<AuditRow, "before" | "after"> & { before: unknown; after: unknown }): Promise<AuditRow> {
  return k(tx)
    .insertInto("audit_log")
    .values({ ...row, before: row.before === null ? null : JSON.stringify(row.before), after: row.after === null ? null : JSON.stringify(row.after) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Entries newest first, filtered, keyset-paged by (at, id). */
export async function listAuditEntries(db: Queryable, q: AuditQuery) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  let query = k(db).selectFrom("audit_log").selectAll();
  if (q.actorId) query = query.where("actor_id", "=", q.actorId);
  if (q.action) query = query.where("action", "in", q.action);
  if (q.subjectType) query = query.where("subject_type", "=", q.subjectType);
  if (q.subjectId) query = query.where("subject_id", "=", q.subjectId);
  if (q.organizationId) query = query.where("organization_id", "=", q.organizationId);
  if (q.from) query = query.where("at", ">=", new Date(q.from));
  if (q.to) query = query.where("at", "<", new Date(q.to));
  if (after) query = query.where((eb) => eb(eb.refTuple("at", "id"), "<", eb.tuple(eb.cast<Date>(eb.val(after[0]), "timestamptz"), eb.cast<string>(eb.val(after[1]), "uuid"))));
  const rows = await query.orderBy("at", "desc").orderBy("id", "desc").limit(q.limit + 1).execute();
  return page(rows, q.limit, (r) => [isoRequired(r.at), r.id]);
}
