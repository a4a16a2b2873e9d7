/** Webhooks and their deliveries as the API shows them: never the secret (it is shown once, at registration). */
import type { Webhook, WebhookDelivery } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { webhookAbilities } from "./policies.js";
import type { DeliveryRow, WebhookRow } from "./repository.js";

export function presentWebhook(r: WebhookRow, actor: Actor): Webhook {
  return {
    id: r.id,
    url: r.url,
    events: r.events,
    organizationId: r.organization_id,
    active: r.active,
    pausedReason: r.paused_reason,
    pausedAt: iso(r.paused_at),
    createdAt: isoRequired(r.created_at),
    updatedAt: isoRequired(r.updated_at),
    abilities: webhookAbilities(actor),
  };
}

export function presentDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    webhookId: r.webhook_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: isoRequired(r.created_at),
    lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: iso(r.next_attempt_at),
    deliveredAt: iso(r.delivered_at),
  };
}
