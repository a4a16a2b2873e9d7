import type { Ctx } from "../../platform/context.js";
import { publish } from "../../platform/events.js";
import { caseAudience, caseFacts, findCase } from "../cases/index.js";
import type { DeliveryRow } from "./repository.js";

/**
 * Tells open consoles that a message's delivery changed (`case.message_delivery`), so the case
 * page shows it without a reload. Staff and the case's organisations hear of it, not the
 * customer: it is about how we reached them.
 */
export async function announceDelivery(ctx: Ctx, delivery: DeliveryRow): Promise<void> {
  const kase = (await findCase(ctx.tx, delivery.case_id))!;
  await publish(ctx, {
    type: "case.message_delivery",
    aggregate: { type: "case", id: kase.id },
    audience: caseAudience(caseFacts(kase), "parties"),
    payload: { caseId: kase.id, number: kase.number, customerId: kase.customer_id, messageId: delivery.message_id, deliveryId: delivery.id, status: delivery.status, channel: delivery.channel },
  });
}
