import type { Ctx } from "../../platform/context.js";
import { SYSTEM } from "../../platform/actor.js";
import { newId } from "../../platform/ids.js";
import { schedule } from "../../platform/due/index.js";
import { recordCaseEvent, type CaseEventRow } from "../cases/index.js";
import { findCustomer, identitiesOf } from "../customers/index.js";
import { firstName } from "../portal/index.js";
import { chooseChannel } from "./domain/channel.js";
import { insertDelivery } from "./repository.js";
import { announceDelivery } from "./case-facts.js";

/** The due-work kind that sends one delivery. */
export const SEND_DELIVERY = "delivery.send";

/**
 * Sends a public case message to the customer: called in the transaction that wrote the message
 * (every public message from staff or from Tandem itself; never the customer's own). The channel
 * is chosen now (`chooseChannel`) and the sending is due work, so it happens once the message has
 * committed, with retries. A customer who cannot be reached is said so on the case at once
 * (`message.undeliverable`).
 */
export async function deliverMessage(ctx: Ctx, message: CaseEventRow): Promise<void> {
  if (message.type !== "message.added" || message.data.visibility !== "public" || message.actor_type === "customer") return;
  const customer = (await findCustomer(ctx.tx, message.customer_id))!;
  const choice = chooseChannel(customer.preferred_channel, await identitiesOf(ctx.tx, [customer.id]));
  const automatic = message.actor_type === "system" || message.actor_type === "rule";
  const delivery = await insertDelivery(ctx.tx, {
    id: newId(ctx.now.getTime()),
    message_id: message.id,
    case_id: message.case_id,
    customer_id: message.customer_id,
    channel: choice?.channel ?? null,
    address: choice?.address ?? null,
    status: choice ? "pending" : "undeliverable",
    automatic,
    body: String(message.data.body ?? ""),
    author_name: automatic ? null : firstName(message.actor_name),
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  if (!choice) {
    const system = { ...ctx, actor: SYSTEM };
    await recordCaseEvent(system, { caseId: delivery.case_id, customerId: delivery.customer_id, type: "message.undeliverable", data: { messageId: message.id, deliveryId: delivery.id, delivery: "undeliverable" } });
    await announceDelivery(system, delivery);
    return;
  }
  await schedule(ctx, { kind: SEND_DELIVERY, key: delivery.id, dueAt: ctx.now, payload: { deliveryId: delivery.id } });
}
