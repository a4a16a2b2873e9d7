import type { CaseMessage, MessageVisibility } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import { actorRef } from "../../../platform/actor.js";
import { forbidden } from "../../../platform/errors.js";
import { recordCaseEvent } from "../events.js";
import { isoRequired } from "../../../platform/pagination.js";
import { afterCustomerMessage } from "../domain/lifecycle.js";
import type { CaseRow } from "../repository.js";
import { changeCase, type CaseChange } from "./case-command.js";
import { writerOrganization } from "../policies.js";
import { openCase } from "./create-case.js";
import { findUser } from "../../users/index.js";
import { tellCustomerWrote } from "../case-notifications.js";
import { insertCaseLink } from "../link-repository.js";
import { deliverMessage } from "../../delivery/index.js";

/** How long after resolution a customer's message reopens the case rather than opening a follow-up. */
export const DEFAULT_REOPEN_WITHIN_MS = 14 * 86_400_000;

export type AddedMessage = CaseMessage & { followUp: { id: string; number: string } | null };

/** A follow-up case and its link to the case it follows. */
type FollowUp = { kase: CaseRow; linkId: string };

/**
 * A public reply (goes to the customer), a note to every organisation on the case (`parties`), an
 * internal note (the writer's organisation only: `canReadMessage`), or the
 * customer writing in. Nothing a customer writes is left unseen: on a case waiting for them it
 * goes back to open, a resolved case is reopened, and an old or closed one gets a follow-up case
 * owned by whoever owned this one, linked `follow_up_of` it; on a resolved or closed case the owner
 * is notified.
 */
export async function addMessage(ctx: Ctx, caseId: string, input: { visibility: MessageVisibility; body: string }, opts = { reopenWithinMs: DEFAULT_REOPEN_WITHIN_MS }): Promise<AddedMessage> {
  if (ctx.actor.type === "customer" && input.visibility !== "public") throw forbidden();
  let followUp: FollowUp | null = null;
  const { after, events } = await changeCase(ctx, caseId, "case.message", async (kase): Promise<CaseChange> => {
    // The writer's organisation, kept on the message: an internal note is read by it alone, wherever the case goes.
    const organizationId = writerOrganization(ctx.actor, kase.owner_organization_id);
    const message = { type: "message.added", data: { visibility: input.visibility, body: input.body, ...(organizationId ? { organizationId } : {}) } };
    const published = (type: string, extra: Record<string, unknown> = {}) => ({ type, data: (ev: { id: string }[]) => ({ messageId: ev[0]!.id, visibility: input.visibility, ...extra }) });
    if (ctx.actor.type !== "customer") return { events: [message], publish: published("case.message_added") };
    const outcome = afterCustomerMessage({ status: kase.status, resolvedAt: kase.resolved_at }, ctx.now, opts.reopenWithinMs);
    switch (outcome.kind) {
      case "none":
        return { events: [message], publish: published("case.message_added") };
      case "status":
        return { patch: { status: outcome.to }, events: [message, { type: "case.status_changed", data: { from: kase.status, to: outcome.to } }], publish: published("case.message_added") };
      case "reopen":
        return {
          patch: { status: "open", resolution: null, resolvedBy: null, resolvedAt: null },
          events: [message, { type: "case.reopened", data: { from: kase.status, to: "open", reason: "customer_wrote" } }],
          publish: published("case.reopened", { from: kase.status, reason: "customer_wrote" }),
        };
      case "follow_up": {
        const opened = await openFollowUp(ctx, kase, input.body);
        followUp = opened;
        return {
          events: [message, { type: "case.follow_up_opened", data: { caseId: opened.kase.id, number: opened.kase.number, linkId: opened.linkId } }],
          publish: published("case.message_added", { followUpCaseId: opened.kase.id }),
        };
      }
    }
  });
  const event = events[0]!;
  // Every public message from staff or Tandem goes out to the customer (the customer's own does not).
  await deliverMessage(ctx, event);
  const found = followUp as FollowUp | null;
  // The owner is told of a customer's message on a resolved or closed case, where the work now is.
  if (found) await tellCustomerWrote(ctx, found.kase, event, { followUpOf: { caseId, number: after.number } });
  else if (events.some((e) => e.type === "case.reopened")) await tellCustomerWrote(ctx, after, event, { reopened: true });
  return {
    id: event.id,
    caseId,
    visibility: input.visibility,
    body: input.body,
    author: actorRef(ctx.actor),
    createdAt: isoRequired(event.at),
    followUp: found ? { id: found.kase.id, number: found.kase.number } : null,
  };
}

/** A new case for what the customer wrote, linked back to the old one (`follow_up_of`), with the same owner. */
async function openFollowUp(ctx: Ctx, kase: CaseRow, body: string): Promise<FollowUp> {
  const owner = kase.owner_user_id ? await findUser(ctx.tx, kase.owner_user_id) : null;
  const followUp = await openCase(ctx, {
    customerId: kase.customer_id,
    kind: kase.kind,
    subject: kase.subject,
    description: body,
    channel: "web",
    priority: kase.priority,
    category: kase.category,
    ownerOrganizationId: kase.owner_organization_id,
    ownerUserId: owner?.active ? owner.id : null,
    data: { followUpOf: { caseId: kase.id, number: kase.number } },
  });
  const ref = actorRef(ctx.actor);
  const link = await insertCaseLink(ctx.tx, { caseId: followUp.id, kind: "follow_up_of", linkedCaseId: kase.id, createdBy: { type: ref.type, id: ref.id }, now: ctx.now });
  await recordCaseEvent(ctx, { caseId: followUp.id, customerId: kase.customer_id, type: "message.added", data: { visibility: "public", body } });
  return { kase: followUp, linkId: link.id };
}
