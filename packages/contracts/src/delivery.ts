import { z } from "zod";
import { isoTime, listQuery } from "./common.js";

/**
 * What became of a public message on its way to the customer: `pending` (being sent, or waiting
 * to be tried again), `sent` (handed to the mail server or SMS provider), `logged_only` (no
 * mail server or SMS provider is configured: written to the log, not sent), `failed` (refused for
 * good, or every attempt failed: parked), `undeliverable` (no e-mail address or phone to use).
 */
export const DELIVERY_STATUSES = ["pending", "sent", "logged_only", "failed", "undeliverable"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_ABILITIES = ["delivery.retry"] as const;

export const deliverySchema = z.object({
  id: z.string(),
  /** The public message (its `message.added` case event). */
  messageId: z.string(),
  caseId: z.string(),
  channel: z.enum(["email", "sms"]).nullable(),
  /** Where it goes; null for a partner desk (they see the channel, not the customer's address) and when undeliverable. */
  address: z.string().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  /** Written by Tandem itself (an acknowledgement, an update): sent with `Auto-Submitted: auto-generated`. */
  automatic: z.boolean(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: isoTime.nullable(),
  sentAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** `delivery.retry` when the caller may send it again now (a failed or logged-only delivery). */
  abilities: z.array(z.enum(DELIVERY_ABILITIES)),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const listDeliveriesQuery = z.strictObject({ ...listQuery });
export const deliveryPageSchema = z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });
