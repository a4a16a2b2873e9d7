import type { CaseMessage } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import { actorRef } from "../../../platform/actor.js";
import { forbidden } from "../../../platform/errors.js";
import { recordCaseEvent } from "../events.js";
import { isoRequired } from "../../../platform/pagination.js";
import { afterCustomerMessage } from "../domain/lifecycle.js";
import type { CaseRow } from "../repository.js";
import { changeCase, type CaseChange } from "./case-command.js";
import { openCase } from "./create-case.js";
import { findUser } from "../../users/index.js";

/** How long after resolution a customer's message reopens the case rather than opening a follow-up. */
export const DEFAULT_REOPEN_WITHIN_MS = 14 * 86_400_000;

export type AddedMessage = CaseMessage & { followUp: { id: string; number: string } | null };

/**
 * A public reply (goes to the customer), an internal note (staff and parties only), or the
 * customer writing in. Nothing a customer writes is left unseen: on a case waiting for them it
 * goes back to open, a resolved case is reopened, and an old or closed one gets a follow-up case
 * owned by whoever owned this one.
 */
export async function addMessage(ctx: Ctx, caseId: string, input: { visibility: "public" | "internal"; body: string }, opts = { reopenWithinMs: DEFAULT_REOPEN_WITHIN_MS }): Promise<AddedMessage> {
  if (ctx.actor.type === "customer" && input.visibility !== "public") throw forbidden();
  let followUp: CaseRow | null = null;
  const { events } = await changeCase(ctx, caseId, "case.message", async (kase): Promise<CaseChange> => {
    const message = { type: "message.added", data: { visibility: input.visibility, body: input.body } };
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
        followUp = await openFollowUp(ctx, kase, input.body);
        return {
          events: [message, { type: "case.follow_up_opened", data: { caseId: followUp.id, number: followUp.number } }],
          publish: published("case.message_added", { followUpCaseId: followUp.id }),
        };
      }
    }
  });
  const event = events[0]!;
  const found = followUp as CaseRow | null;
  return {
    id: event.id,
    caseId,
    visibility: input.visibility,
    body: input.body,
    author: actorRef(ctx.actor),
    createdAt: isoRequired(event.at),
    followUp: found ? { id: found.id, number: found.number } : null,
  };
}

/** A new case for what the customer wrote, linked back to the old one, with the same owner. */
async function openFollowUp(ctx: Ctx, kase: CaseRow, body: string): Promise<CaseRow> {
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
  await recordCaseEvent(ctx, { caseId: followUp.id, customerId: kase.customer_id, type: "message.added", data: { visibility: "public", body } });
  return followUp;
}
