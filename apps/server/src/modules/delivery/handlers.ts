import type { DueWorkHandlers } from "../../platform/due/index.js";
import type { Env } from "../../platform/env.js";
import { createMailTransport, loggingSmsProvider } from "../../platform/mail/index.js";
import { SEND_DELIVERY } from "./queue-delivery.js";
import { DELIVERY_BACKOFF, sendDelivery, type DeliveryServices } from "./send-delivery.js";

/** The transports and settings deliveries are sent with, from the configuration. */
export function deliveryServices(env: Env, overrides: Partial<DeliveryServices> = {}): DeliveryServices {
  return { mail: createMailTransport(env.mail), sms: loggingSmsProvider, publicUrl: env.publicUrl, secret: env.secret, backoff: DELIVERY_BACKOFF, timeZone: "Asia/Shanghai", ...overrides };
}

/**
 * Registers the sending of deliveries with the scheduler. A mail server's refusal is handled by
 * the handler itself (recorded, retried, parked on the case), so the scheduler's own retries only
 * see database errors.
 */
export function addDeliveryHandlers(handlers: DueWorkHandlers, env: Env, overrides: Partial<DeliveryServices> = {}): void {
  const services = deliveryServices(env, overrides);
  // It sends mail: one per transaction, so no other work's failure makes it send again.
  handlers.add(SEND_DELIVERY, (ctx, work) => sendDelivery(ctx, work.payload.deliveryId as string, services), { alone: true });
}
