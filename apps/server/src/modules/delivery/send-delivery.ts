import type { Ctx } from "../../platform/context.js";
import { SYSTEM } from "../../platform/actor.js";
import { afterFailure, schedule, type BackoffPolicy } from "../../platform/due/index.js";
import { SendError, type MailTransport, type SendOutcome, type SmsProvider } from "../../platform/mail/index.js";
import { caseSubject, recordCaseEvent, findCase } from "../cases/index.js";
import { notify } from "../notifications/index.js";
import { findCustomer } from "../customers/index.js";
import { recordOutboundMessage } from "../interactions/index.js";
import { DEFAULT_LINK_DAYS, insertLink, revokeLink } from "../portal/index.js";
import { customerLocale, messageMail, messageSms, type MessageFacts } from "./domain/texts.js";
import { findDelivery, updateDelivery, type DeliveryRow } from "./repository.js";
import { announceDelivery } from "./case-facts.js";
import { SEND_DELIVERY } from "./queue-delivery.js";

/** What sending needs from the process: the transports, where customers' links point, the key that signs them. */
export interface DeliveryServices {
  mail: MailTransport;
  sms: SmsProvider;
  publicUrl: string;
  secret: string;
  /** Attempts and waits for a mail server that refuses for now (a 4xx, a timeout). */
  backoff: BackoffPolicy;
  /** The time zone dates in customers' mail are written in. */
  timeZone: string;
}

/** Six attempts over about half an hour, then parked (visible on the case, sent again on request). */
export const DELIVERY_BACKOFF: BackoffPolicy = { maxAttempts: 6, baseMs: 30_000, maxMs: 3_600_000 };

/**
 * Sends one delivery, in the scheduler's transaction: a fresh customer link for it (links are
 * stored only as hashes, so each message carries a new one), the mail or text in the customer's
 * language, then what became of it, on the delivery and on the case. A refusal by the mail
 * server does not throw: the attempt is recorded and the next one scheduled after a back-off, or
 * the delivery is parked (`message.delivery_failed`). A delivery no longer pending (sent, parked)
 * is left alone, so running this again never sends anything twice.
 */
export async function sendDelivery(ctx: Ctx, deliveryId: string, services: DeliveryServices): Promise<void> {
  const delivery = await findDelivery(ctx.tx, deliveryId, { forUpdate: true });
  if (!delivery || delivery.status !== "pending" || !delivery.channel || !delivery.address) return;
  const kase = (await findCase(ctx.tx, delivery.case_id))!;
  const customer = (await findCustomer(ctx.tx, delivery.customer_id))!;
  const link = await insertLink(ctx.tx, { caseId: kase.id, customerId: customer.id, createdBy: null, days: DEFAULT_LINK_DAYS, secret: services.secret, now: ctx.now });
  const facts: MessageFacts = {
    locale: customerLocale(customer.locale),
    customerName: customer.name,
    caseNumber: kase.number,
    caseSubject: kase.subject,
    body: delivery.body,
    authorFirstName: delivery.author_name,
    organizationName: kase.owner_organization_name,
    automatic: delivery.automatic,
    link: { url: `${services.publicUrl}/portal/#${link.token}`, expiresAt: link.expiresAt },
    timeZone: services.timeZone,
  };
  let outcome: SendOutcome;
  try {
    outcome =
      delivery.channel === "email"
        ? await services.mail.send({ to: delivery.address, ...messageMail(facts), messageId: `delivery-${delivery.id}`, automatic: delivery.automatic, locale: facts.locale }, ctx.log)
        : await services.sms.send({ to: delivery.address, text: messageSms(facts), messageId: `delivery-${delivery.id}` }, ctx.log);
  } catch (error) {
    // The link went nowhere: withdraw it rather than leave an unsent key to the case open.
    await revokeLink(ctx.tx, link.id, ctx.now);
    await failedAttempt(ctx, delivery, error instanceof SendError ? error : new SendError(String(error), false), services.backoff);
    return;
  }
  const system: Ctx = { ...ctx, actor: SYSTEM };
  const interaction = outcome.delivery === "sent" ? await recordOutboundMessage(system, { customerId: customer.id, caseId: kase.id, organizationId: kase.owner_organization_id, channel: delivery.channel, body: delivery.body }) : null;
  const done = await updateDelivery(ctx.tx, delivery.id, {
    status: outcome.delivery,
    attempts: delivery.attempts + 1,
    last_error: null,
    next_attempt_at: null,
    transport_message_id: outcome.messageId,
    link_id: link.id,
    interaction_id: interaction?.id ?? null,
    sent_at: ctx.now,
    updated_at: ctx.now,
  });
  // Logged only: no mail server is configured. Said on the case, never retried (nothing would change).
  await recordCaseEvent(system, {
    caseId: kase.id,
    customerId: customer.id,
    type: outcome.delivery === "sent" ? "message.delivered" : "message.delivery_logged",
    data: { messageId: delivery.message_id, deliveryId: delivery.id, channel: delivery.channel, delivery: outcome.delivery, attempts: done.attempts },
  });
  await announceDelivery(system, done);
}

/** A refused or failed attempt: tried again after a back-off, or parked and said on the case. */
async function failedAttempt(ctx: Ctx, delivery: DeliveryRow, error: SendError, backoff: BackoffPolicy): Promise<void> {
  const next = error.permanent ? ({ park: true, attempts: delivery.attempts + 1 } as const) : afterFailure(delivery.attempts, ctx.now, backoff);
  if (!next.park) {
    await updateDelivery(ctx.tx, delivery.id, { attempts: next.attempts, last_error: error.message, next_attempt_at: next.retryAt, updated_at: ctx.now });
    await schedule(ctx, { kind: SEND_DELIVERY, key: delivery.id, dueAt: next.retryAt, payload: { deliveryId: delivery.id } });
    ctx.log.warn({ deliveryId: delivery.id, caseId: delivery.case_id, attempts: next.attempts, retryAt: next.retryAt.toISOString(), error: error.message }, "message delivery failed; it will be tried again");
    return;
  }
  const parked = await updateDelivery(ctx.tx, delivery.id, { status: "failed", attempts: next.attempts, last_error: error.message, next_attempt_at: null, updated_at: ctx.now });
  const system: Ctx = { ...ctx, actor: SYSTEM };
  const event = await recordCaseEvent(system, {
    caseId: delivery.case_id,
    customerId: delivery.customer_id,
    type: "message.delivery_failed",
    // Partners read the case's events too: the server's answer goes there without the customer's address.
    data: { messageId: delivery.message_id, deliveryId: delivery.id, channel: delivery.channel, delivery: "failed", attempts: next.attempts, permanent: error.permanent, error: withoutAddress(error.message, delivery.address) },
  });
  await announceDelivery(system, parked);
  // The case's owner hears of it (unowned: its organisation's supervisors): the customer has not got the message.
  const kase = await findCase(ctx.tx, delivery.case_id);
  if (kase) {
    await notify(system, {
      kind: "delivery.failed",
      subject: caseSubject(kase),
      recipients: kase.owner_user_id ? { users: [kase.owner_user_id] } : { supervisorsOf: kase.owner_organization_id },
      dedupeKey: `delivery.failed:${event.id}`,
      data: { messageId: delivery.message_id, deliveryId: delivery.id, channel: delivery.channel, attempts: next.attempts, permanent: error.permanent },
    });
  }
  ctx.log.error({ deliveryId: delivery.id, caseId: delivery.case_id, attempts: next.attempts, error: error.message }, "message delivery failed for good; parked on the case");
}

/** The text with every occurrence of the address (any case) replaced by "…". */
export function withoutAddress(text: string, address: string | null): string {
  if (!address) return text;
  return text.replace(new RegExp(address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "…");
}
