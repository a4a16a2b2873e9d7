import type { Ctx } from "../../platform/context.js";
import { conflict, notFound } from "../../platform/errors.js";
import { schedule } from "../../platform/due/index.js";
import { loadCaseFor, recordCaseEvent } from "../cases/index.js";
import { canRetry } from "./domain/retry.js";
import { findDelivery, updateDelivery, type DeliveryRow } from "./repository.js";
import { announceDelivery } from "./case-facts.js";
import { SEND_DELIVERY } from "./queue-delivery.js";

/**
 * Sends a parked or logged-only delivery again, now: for whoever may write on the case (404 when
 * they may not see it), 409 when the delivery's status refuses it. The attempts start afresh.
 */
export async function retryDelivery(ctx: Ctx, deliveryId: string): Promise<DeliveryRow> {
  const found = await findDelivery(ctx.tx, deliveryId, { forUpdate: true });
  if (!found) throw notFound("Delivery");
  await loadCaseFor(ctx, found.case_id, "case.message");
  const check = canRetry(found.status);
  if (!check.ok) throw conflict("invalid_transition", check.reason, [{ status: found.status }]);
  const retried = await updateDelivery(ctx.tx, found.id, { status: "pending", attempts: 0, last_error: null, next_attempt_at: null, updated_at: ctx.now });
  await schedule(ctx, { kind: SEND_DELIVERY, key: found.id, dueAt: ctx.now, payload: { deliveryId: found.id } });
  await recordCaseEvent(ctx, { caseId: found.case_id, customerId: found.customer_id, type: "message.delivery_retried", data: { messageId: found.message_id, deliveryId: found.id, from: found.status } });
  await announceDelivery(ctx, retried);
  return retried;
}
