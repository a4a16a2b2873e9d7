/** The webhooks module's SQL: its own tables, `webhooks` and `webhook_deliveries`. */
import { sql, type Selectable } from "kysely";
import type { ListWebhookDeliveriesQuery } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import type { WebhookDeliveriesTable, WebhooksTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { decodeCursor, page } from "../../platform/pagination.js";

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export async function insertWebhook(tx: Queryable, row: { id: string; organization_id: string | null; url: string; events: string[]; secret_sealed: string }, now: Date): Promise<WebhookRow> {
  return k(tx)
    .insertInto("webhooks")
    .values({ ...row, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findWebhook(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<WebhookRow | null> {
  let q = k(db).selectFrom("webhooks").selectAll().where("id", "=", id);
  if (opts.forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export type WebhookPatch = Partial<Pick<WebhookRow, "url" | "events" | "secret_sealed" | "active" | "paused_reason" | "paused_at" | "failed_attempts" | "failing_since">>;

export async function updateWebhook(tx: Queryable, id: string, patch: WebhookPatch, now: Date): Promise<WebhookRow> {
  return k(tx).updateTable("webhooks").set({ ...patch, updated_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteWebhook(tx: Queryable, id: string): Promise<void> {
  await k(tx).deleteFrom("webhooks").where("id", "=", id).execute();
}

/** A page of webhooks, oldest first: all of them (`organizationId` undefined), or one organisation's. */
export async function listWebhooks(db: Queryable, q: { limit: number; cursor?: string | undefined }, organizationId?: string) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  let query = k(db).selectFrom("webhooks").selectAll().orderBy("created_at").orderBy("id").limit(q.limit + 1);
  if (organizationId !== undefined) query = query.where("organization_id", "=", organizationId);
  if (after) query = query.where((eb) => eb(eb.refTuple("created_at", "id"), ">", eb.tuple(new Date(String(after[0])), String(after[1]))));
  return page(await query.execute(), q.limit, (r) => [new Date(r.created_at).toISOString(), r.id]);
}

/** The active webhooks subscribed to this event type (or to every type). */
export async function hooksSubscribedTo(tx: Queryable, type: string): Promise<Pick<WebhookRow, "id" | "organization_id" | "events">[]> {
  return k(tx)
    .selectFrom("webhooks")
    .select(["id", "organization_id", "events"])
    .where("active", "=", true)
    .where(sql<boolean>`events && ARRAY[${type}, '*']::text[]`)
    .execute();
}

/** One delivery per (webhook, event): returns the ids of those written now (none for a pair already there). */
export async function insertDeliveries(tx: Queryable, rows: { id: string; webhook_id: string; event_id: string; event_type: string; body: string }[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const written = await k(tx)
    .insertInto("webhook_deliveries")
    .values(rows.map((r) => ({ ...r, created_at: now, retrying_since: now, next_attempt_at: now })))
    .onConflict((oc) => oc.columns(["webhook_id", "event_id"]).doNothing())
    .returning("id")
    .execute();
  return written.map((r) => r.id);
}

export async function findDelivery(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<DeliveryRow | null> {
  let q = k(db).selectFrom("webhook_deliveries").selectAll().where("id", "=", id);
  if (opts.forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export type DeliveryPatch = Partial<Pick<DeliveryRow, "status" | "retrying_since" | "attempts" | "last_status_code" | "last_error" | "last_attempt_at" | "next_attempt_at" | "delivered_at">>;

export async function updateDelivery(tx: Queryable, id: string, patch: DeliveryPatch): Promise<DeliveryRow> {
  return k(tx).updateTable("webhook_deliveries").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

/** The pending deliveries of a webhook, to send again when it resumes; their next attempt is now. */
export async function pendingDeliveries(tx: Queryable, webhookId: string, now: Date): Promise<string[]> {
  const rows = await k(tx).updateTable("webhook_deliveries").set({ next_attempt_at: now }).where("webhook_id", "=", webhookId).where("status", "=", "pending").returning("id").execute();
  return rows.map((r) => r.id);
}

/** Pending deliveries of a paused webhook wait with no next attempt. */
export async function holdDeliveries(tx: Queryable, webhookId: string): Promise<void> {
  await k(tx).updateTable("webhook_deliveries").set({ next_attempt_at: null }).where("webhook_id", "=", webhookId).where("status", "=", "pending").execute();
}

/** A webhook's delivery log, newest first. */
export async function listDeliveries(db: Queryable, webhookId: string, q: ListWebhookDeliveriesQuery) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  let query = k(db).selectFrom("webhook_deliveries").selectAll().where("webhook_id", "=", webhookId).orderBy("created_at", "desc").orderBy("id", "desc").limit(q.limit + 1);
  if (q.status) query = query.where("status", "=", q.status);
  if (after) query = query.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(new Date(String(after[0])), String(after[1]))));
  return page(await query.execute(), q.limit, (r) => [new Date(r.created_at).toISOString(), r.id]);
}
