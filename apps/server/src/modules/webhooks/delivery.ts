/**
 * From event to receiver. The outbox relay hands each event to `webhookSubscriber`, which writes
 * one delivery per webhook that subscribes to its type and whose owner may hear of it, and
 * schedules its sending — all in the relay's transaction. The due work `webhook.deliver` then
 * makes one attempt (sender.ts) and records it: delivered on 2xx; otherwise tried again with
 * back-off for at least a day (domain/delivery.ts), then failed. A webhook whose attempts keep
 * failing is paused and its owner told. The HTTP request is made inside the due work's
 * transaction (so the attempt is recorded with it); it is bounded by the timeout.
 */
import { createHash } from "node:crypto";
import { SYSTEM } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import type { DueWorkHandlers } from "../../platform/due/index.js";
import { reschedule } from "../../platform/due/index.js";
import { newId } from "../../platform/ids.js";
import type { OutboxSubscriber } from "../../platform/outbox/subscribers.js";
import { notify } from "../notifications/index.js";
import { afterFailedAttempt, hookHears, isDelivered, recordAttempt, shouldPause } from "./domain/delivery.js";
import { openSecret, signature } from "./domain/signing.js";
import { send, type Attempt } from "./sender.js";
import { DELIVER_KIND, pauseWebhook, sendSoon } from "./webhook-commands.js";
import { findDelivery, findWebhook, hooksSubscribedTo, insertDeliveries, updateDelivery, updateWebhook, type WebhookRow } from "./repository.js";

export const USER_AGENT = "Tandem-Webhooks";
/** The loop marker's header: a receiver that relays our deliveries onwards can recognise (and drop) its way back to us. */
export const LOOP_HEADER = "x-tandem-loop";

export interface DeliverySettings {
  /** TANDEM_SECRET: opens the webhooks' secrets. */
  serverSecret: string;
  timeoutMs: number;
  /** The value of `X-Tandem-Loop`: this installation. */
  installId: string;
  random?: () => number;
}

/** This installation's id for the loop marker: derived from TANDEM_SECRET, which it does not reveal. */
export const installIdOf = (serverSecret: string): string => createHash("sha256").update(`tandem-install:${serverSecret}`).digest("hex").slice(0, 16);

/** The relay's subscriber: deliveries for the webhooks that hear of the event. */
export function webhookSubscriber(now: () => Date): OutboxSubscriber {
  return async (tx, event) => {
    const hooks = (await hooksSubscribedTo(tx, event.type)).filter((h) => hookHears({ organizationId: h.organization_id, events: h.events }, event.type, event.audience));
    if (hooks.length === 0) return;
    const at = now();
    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: new Date(event.createdAt).toISOString(), data: event.payload });
    const written = await insertDeliveries(
      tx,
      hooks.map((h) => ({ id: newId(at.getTime()), webhook_id: h.id, event_id: event.id, event_type: event.type, body })),
      at,
    );
    await sendSoon({ tx, now: at }, written);
  };
}

/** Registers the due work that sends deliveries. */
export function addWebhookDelivery(handlers: DueWorkHandlers, settings: DeliverySettings): void {
  handlers.add(DELIVER_KIND, async (ctx, work) => deliverOnce(ctx, String(work.payload.deliveryId ?? work.key), settings));
}

/** One attempt at a pending delivery, recorded; nothing when it is not pending or its webhook is paused or gone. */
export async function deliverOnce(ctx: Ctx, deliveryId: string, settings: DeliverySettings): Promise<void> {
  const delivery = await findDelivery(ctx.tx, deliveryId, { forUpdate: true });
  if (!delivery || delivery.status !== "pending") return;
  const hook = await findWebhook(ctx.tx, delivery.webhook_id);
  if (!hook) return;
  if (!hook.active) {
    await updateDelivery(ctx.tx, deliveryId, { next_attempt_at: null });
    return;
  }
  const secret = openSecret(hook.secret_sealed, settings.serverSecret);
  const attempt: Attempt =
    secret === null
      ? { status: null, error: "The webhook's secret cannot be opened (was TANDEM_SECRET changed?): set a new secret." }
      : await send({
          url: hook.url,
          body: delivery.body,
          publicOnly: hook.organization_id !== null,
          timeoutMs: settings.timeoutMs,
          headers: {
            "user-agent": USER_AGENT,
            "x-tandem-event-id": delivery.event_id,
            "x-tandem-event-type": delivery.event_type,
            "x-tandem-delivery-id": delivery.id,
            "x-tandem-signature": signature(delivery.body, secret),
            [LOOP_HEADER]: settings.installId,
          },
        });
  const attempts = delivery.attempts + 1;
  const recorded = { attempts, last_status_code: attempt.status, last_error: attempt.error, last_attempt_at: ctx.now };
  if (isDelivered(attempt.status)) {
    await updateDelivery(ctx.tx, deliveryId, { ...recorded, status: "delivered", next_attempt_at: null, delivered_at: ctx.now });
    if (hook.failed_attempts > 0) await updateWebhook(ctx.tx, hook.id, { failed_attempts: 0, failing_since: null }, ctx.now);
    return;
  }
  const next = afterFailedAttempt(attempts, new Date(delivery.retrying_since), ctx.now, (settings.random ?? Math.random)());
  if (next.give_up) {
    await updateDelivery(ctx.tx, deliveryId, { ...recorded, status: "failed", next_attempt_at: null });
  } else {
    await updateDelivery(ctx.tx, deliveryId, { ...recorded, next_attempt_at: next.retryAt });
    await reschedule(ctx, { kind: DELIVER_KIND, key: deliveryId, dueAt: next.retryAt, payload: { deliveryId } });
  }
  await countFailure(ctx, hook.id);
}

/** Counts a failed attempt against the webhook; pauses it, and tells its owner, once it keeps failing. */
async function countFailure(ctx: Ctx, hookId: string): Promise<void> {
  const hook = await findWebhook(ctx.tx, hookId, { forUpdate: true });
  if (!hook?.active) return;
  const record = recordAttempt({ failedAttempts: hook.failed_attempts, failingSince: hook.failing_since ? new Date(hook.failing_since) : null }, false, ctx.now);
  const counted = await updateWebhook(ctx.tx, hookId, { failed_attempts: record.failedAttempts, failing_since: record.failingSince }, ctx.now);
  if (!shouldPause(record, ctx.now)) return;
  const paused = await pauseWebhook({ ...ctx, actor: SYSTEM }, counted, "failing");
  await tellOwner({ ...ctx, actor: SYSTEM }, paused, record.failedAttempts);
}

async function tellOwner(ctx: Ctx, hook: WebhookRow, failedAttempts: number): Promise<void> {
  const organizationId = hook.organization_id;
  await notify(ctx, {
    kind: "webhook.paused",
    subject: {
      type: "webhook",
      id: hook.id,
      label: safeHost(hook.url),
      title: hook.url,
      canSee: (r) => (organizationId === null ? r.role === "admin" : r.organizationId === organizationId),
    },
    recipients: organizationId === null ? { admins: true } : { membersOf: organizationId },
    dedupeKey: `webhook.paused:${hook.id}:${new Date(hook.paused_at ?? ctx.now).toISOString()}`,
    data: { failedAttempts, url: hook.url },
  });
}

const safeHost = (url: string): string | null => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};
