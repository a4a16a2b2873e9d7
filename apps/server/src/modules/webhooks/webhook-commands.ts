/**
 * Registering, changing, pausing, resuming and removing webhooks, and redelivering one delivery.
 * Every change is audited (never with the secret). The URL is checked (target.ts) by the route
 * before the transaction, since that may resolve a host name.
 */
import type { CreateWebhookBody, UpdateWebhookBody } from "@tandem/contracts";
import type { UserActor } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import { reschedule } from "../../platform/due/index.js";
import { conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { audit } from "../audit/index.js";
import { newWebhookSecret, sealSecret } from "./domain/signing.js";
import { ownerOrganizationOf, visible } from "./policies.js";
import { deleteWebhook, findDelivery, findWebhook, holdDeliveries, insertWebhook, pendingDeliveries, updateDelivery, updateWebhook, type DeliveryRow, type WebhookPatch, type WebhookRow } from "./repository.js";

/** The due work that sends one delivery (key: the delivery's id). */
export const DELIVER_KIND = "webhook.deliver";

/** What the audit log keeps of a webhook: never the secret. */
const audited = (r: WebhookRow) => ({ url: r.url, events: r.events, active: r.active, pausedReason: r.paused_reason });
const subject = (id: string) => ({ type: "webhook", id });

export async function registerWebhook(ctx: Ctx<UserActor>, input: CreateWebhookBody, serverSecret: string): Promise<{ row: WebhookRow; secret: string }> {
  const secret = input.secret ?? newWebhookSecret();
  const row = await insertWebhook(ctx.tx, { id: newId(ctx.now.getTime()), organization_id: ownerOrganizationOf(ctx.actor), url: input.url, events: [...new Set(input.events)], secret_sealed: sealSecret(secret, serverSecret) }, ctx.now);
  await audit(ctx, { action: "webhook.created", subject: subject(row.id), after: audited(row), organizationId: row.organization_id });
  return { row, secret };
}

/** Schedules the sending of these deliveries now. */
export async function sendSoon(ctx: Pick<Ctx, "tx" | "now">, deliveryIds: readonly string[]): Promise<void> {
  for (const id of deliveryIds) await reschedule(ctx, { kind: DELIVER_KIND, key: id, dueAt: ctx.now, payload: { deliveryId: id } });
}

/** Pauses a webhook: no new deliveries, and those pending wait until it is resumed. */
export async function pauseWebhook(ctx: Ctx, hook: WebhookRow, reason: "failing" | "owner"): Promise<WebhookRow> {
  const after = await updateWebhook(ctx.tx, hook.id, { active: false, paused_reason: reason, paused_at: ctx.now }, ctx.now);
  await holdDeliveries(ctx.tx, hook.id);
  await audit(ctx, { action: "webhook.paused", subject: subject(hook.id), before: audited(hook), after: audited(after), reason: reason === "failing" ? "kept failing" : "paused by its owner", organizationId: hook.organization_id });
  return after;
}

export async function changeWebhook(ctx: Ctx<UserActor>, id: string, patch: UpdateWebhookBody, serverSecret: string): Promise<WebhookRow> {
  let hook = visible(ctx.actor, await findWebhook(ctx.tx, id, { forUpdate: true }));
  const changes: WebhookPatch = {};
  if (patch.url !== undefined) changes.url = patch.url;
  if (patch.events !== undefined) changes.events = [...new Set(patch.events)];
  if (patch.secret !== undefined) changes.secret_sealed = sealSecret(patch.secret, serverSecret);
  if (Object.keys(changes).length) {
    const after = await updateWebhook(ctx.tx, id, changes, ctx.now);
    await audit(ctx, { action: "webhook.updated", subject: subject(id), before: audited(hook), after: { ...audited(after), ...(patch.secret !== undefined ? { secretChanged: true } : {}) }, organizationId: hook.organization_id });
    hook = after;
  }
  if (patch.active === false && hook.active) hook = await pauseWebhook(ctx, hook, "owner");
  if (patch.active === true && !hook.active) {
    const after = await updateWebhook(ctx.tx, id, { active: true, paused_reason: null, paused_at: null, failed_attempts: 0, failing_since: null }, ctx.now);
    await sendSoon(ctx, await pendingDeliveries(ctx.tx, id, ctx.now));
    await audit(ctx, { action: "webhook.resumed", subject: subject(id), before: audited(hook), after: audited(after), organizationId: hook.organization_id });
    hook = after;
  }
  return hook;
}

export async function removeWebhook(ctx: Ctx<UserActor>, id: string): Promise<void> {
  const hook = visible(ctx.actor, await findWebhook(ctx.tx, id, { forUpdate: true }));
  await audit(ctx, { action: "webhook.deleted", subject: subject(id), before: audited(hook), organizationId: hook.organization_id });
  await deleteWebhook(ctx.tx, id);
}

/** Sends a delivery again (delivered, failed or pending), with a new day of retries. */
export async function redeliver(ctx: Ctx<UserActor>, webhookId: string, deliveryId: string): Promise<DeliveryRow> {
  const hook = visible(ctx.actor, await findWebhook(ctx.tx, webhookId));
  const delivery = await findDelivery(ctx.tx, deliveryId, { forUpdate: true });
  if (!delivery || delivery.webhook_id !== hook.id) throw notFound("Delivery");
  if (!hook.active) throw conflict("webhook_paused", "The webhook is paused; resume it first (its waiting deliveries then go out).");
  const after = await updateDelivery(ctx.tx, deliveryId, { status: "pending", retrying_since: ctx.now, next_attempt_at: ctx.now, delivered_at: null });
  await sendSoon(ctx, [deliveryId]);
  return after;
}
