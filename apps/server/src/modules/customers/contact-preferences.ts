/**
 * How a customer may be contacted: their own time zone and their consent per channel (the latest
 * word, with when and how it was given). Read by the presenters and by the contact guard.
 */
import type { Channel } from "@tandem/contracts";
import type { Selectable } from "kysely";
import type { ActorRef } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import type { CustomerConsentsTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import type { CustomerRow } from "./repository.js";

export type ConsentRow = Selectable<CustomerConsentsTable>;

export async function consentsOf(db: Queryable, customerIds: readonly string[]): Promise<ConsentRow[]> {
  if (customerIds.length === 0) return [];
  return k(db).selectFrom("customer_consents").selectAll().where("customer_id", "in", customerIds).orderBy("channel").execute();
}

/** Records the customer's word on a channel, replacing the previous one. */
export async function putConsent(tx: Queryable, input: { customerId: string; channel: Channel; status: "opted_in" | "opted_out"; how: string; by: ActorRef; at: Date }): Promise<void> {
  const row = { customer_id: input.customerId, channel: input.channel, status: input.status, how: input.how, at: input.at, recorded_by_type: input.by.type, recorded_by_id: input.by.id };
  await k(tx)
    .insertInto("customer_consents")
    .values(row)
    .onConflict((oc) => oc.columns(["customer_id", "channel"]).doUpdateSet({ status: row.status, how: row.how, at: row.at, recorded_by_type: row.recorded_by_type, recorded_by_id: row.recorded_by_id }))
    .execute();
  await k(tx).updateTable("customers").set({ updated_at: input.at }).where("id", "=", input.customerId).execute();
}

export async function setTimeZone(tx: Queryable, customerId: string, timeZone: string | null, now: Date): Promise<void> {
  await k(tx).updateTable("customers").set({ time_zone: timeZone, updated_at: now }).where("id", "=", customerId).execute();
}

/** Locks the customer's row and reads it: contacts with one customer are decided one at a time. */
export async function lockCustomer(tx: Queryable, customerId: string): Promise<CustomerRow | null> {
  return (await k(tx).selectFrom("customers").selectAll().where("id", "=", customerId).forUpdate().executeTakeFirst()) ?? null;
}
