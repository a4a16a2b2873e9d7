import type { Ctx } from "../../platform/context.js";
import { actorRef } from "../../platform/actor.js";
import { publish } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { touchCustomer } from "../customers/index.js";
import { insertInteraction, type InteractionRow } from "./repository.js";

/**
 * A message Tandem delivered to the customer (a reply, an acknowledgement, an update), as an
 * outbound contact on their timeline. The case already shows the message and its delivery, so
 * no case event is added here.
 */
export async function recordOutboundMessage(ctx: Ctx, input: { customerId: string; caseId: string; organizationId: string; channel: "email" | "sms"; body: string }): Promise<InteractionRow> {
  const row = await insertInteraction(ctx.tx, { id: newId(), customerId: input.customerId, channel: input.channel, direction: "outbound", organizationId: input.organizationId, caseId: input.caseId, body: input.body, occurredAt: ctx.now, createdBy: actorRef(ctx.actor), now: ctx.now });
  await touchCustomer(ctx.tx, input.customerId, ctx.now);
  await publish(ctx, { type: "interaction.created", aggregate: { type: "interaction", id: row.id }, audience: {}, payload: { interactionId: row.id, customerId: input.customerId, caseId: input.caseId, channel: row.channel } });
  return row;
}
