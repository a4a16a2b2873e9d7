import { z } from "zod";
import { isoTime, listQuery } from "./common.js";

// Printable ASCII only, no spaces: a URL as sent (internationalised names in their xn-- form).
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * The event types a webhook can subscribe to today (the console offers these). Later issues add
 * types; a subscription names any `<aggregate>.<verb>` or `*` (every event its owner may hear of).
 */
export const WEBHOOK_EVENT_TYPES = [
  "case.created",
  "case.updated",
  "case.assigned",
  "case.shared",
  "case.status_changed",
  "case.resolved",
  "case.reopened",
  "case.closed",
  "case.message_added",
  "case.interaction_recorded",
  "case.follow_up_opened",
  "case.linked",
  "case.unlinked",
] as const;

const eventType = z.string().max(100).regex(/^(\*|[a-z_]+\.[a-z_]+)$/, "must be an event type such as case.resolved, or *");
const webhookUrl = z
  .string()
  .max(2000)
  .regex(PRINTABLE, "must be printable ASCII without spaces (write international names as xn--)")
  .url("must be an http or https URL")
  .regex(/^https?:\/\//i, "must be an http or https URL");
const webhookSecret = z.string().min(16, "must be at least 16 characters").max(200).regex(PRINTABLE, "must be printable ASCII without spaces");
const events = z.array(eventType).min(1, "name at least one event type").max(50);

/** `secret` signs the deliveries; left out, Tandem makes one and shows it once, in this answer. */
export const createWebhookBody = z.strictObject({ url: webhookUrl, events, secret: webhookSecret.optional() });
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

/** `active: true` resumes a paused webhook (its waiting deliveries go out); `false` pauses it. */
export const updateWebhookBody = z.strictObject({ url: webhookUrl.optional(), events: events.optional(), active: z.boolean().optional(), secret: webhookSecret.optional() });
export type UpdateWebhookBody = z.infer<typeof updateWebhookBody>;

export const WEBHOOK_ABILITIES = ["webhook.update"] as const;
export type WebhookAbility = (typeof WEBHOOK_ABILITIES)[number];

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  /** null: an admin's webhook, which hears of every event; else the partner organisation it belongs to. */
  organizationId: z.string().nullable(),
  active: z.boolean(),
  /** Why it is paused: `failing` (paused by Tandem after failing), `owner` (paused by a person). */
  pausedReason: z.enum(["failing", "owner"]).nullable(),
  pausedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  abilities: z.array(z.enum(WEBHOOK_ABILITIES)),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** The answer to a registration: the webhook and its secret, shown this once. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

export const webhookDeliverySchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  /** The event's id: the `id` of the body and `X-Tandem-Event-Id`, the same on every attempt. */
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoTime,
  lastAttemptAt: isoTime.nullable(),
  nextAttemptAt: isoTime.nullable(),
  deliveredAt: isoTime.nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const listWebhooksQuery = z.strictObject({ ...listQuery });
export const listWebhookDeliveriesQuery = z.strictObject({ ...listQuery, status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional() });
export type ListWebhookDeliveriesQuery = z.infer<typeof listWebhookDeliveriesQuery>;
