/** The SQL of deliveries (message_deliveries, see migrations/0014_delivery.sql). */
import type { Insertable, Selectable, Updateable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { MessageDeliveriesTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { decodeCursor, isoRequired, page } from "../../platform/pagination.js";

export type DeliveryRow = Selectable<MessageDeliveriesTable>;
export type DeliveryStatus = DeliveryRow["status"];

export async function insertDelivery(tx: Queryable, row: Insertable<MessageDeliveriesTable>): Promise<DeliveryRow> {
  return k(tx).insertInto("message_deliveries").values(row).returningAll().executeTakeFirstOrThrow();
}

/** One delivery, locked for the transaction that sends it when `forUpdate`. */
export async function findDelivery(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<DeliveryRow | null> {
  const row = await k(db)
    .selectFrom("message_deliveries")
    .selectAll()
    .where("id", "=", id)
    .$if(opts.forUpdate === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
  return row ?? null;
}

export async function updateDelivery(tx: Queryable, id: string, patch: Updateable<MessageDeliveriesTable>): Promise<DeliveryRow> {
  return k(tx).updateTable("message_deliveries").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

/** A case's deliveries, oldest first (a case has as many as it has public messages from staff and Tandem). */
export async function deliveriesOfCase(db: Queryable, caseId: string, q: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  let query = k(db).selectFrom("message_deliveries").selectAll().where("case_id", "=", caseId);
  if (after) query = query.where((eb) => eb(eb.refTuple("created_at", "id"), ">", eb.tuple(eb.cast<Date>(eb.val(after[0]), "timestamptz"), eb.cast<string>(eb.val(after[1]), "uuid"))));
  const rows = await query.orderBy("created_at").orderBy("id").limit(q.limit + 1).execute();
  return page(rows, q.limit, (r) => [isoRequired(r.created_at), r.id]);
}

/** Deletes the deliveries of these cases still pending; returns their ids. */
export async function deletePendingDeliveries(tx: Queryable, caseIds: readonly string[]): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const rows = await k(tx).deleteFrom("message_deliveries").where("case_id", "in", [...caseIds]).where("status", "=", "pending").returning("id").execute();
  return rows.map((r) => r.id);
}
