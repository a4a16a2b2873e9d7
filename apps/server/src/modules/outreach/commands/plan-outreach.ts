/**
 * Plans a contact with a customer through the guard. The case and then the customer are locked
 * for the transaction, so two parties planning at the same instant are decided one after the
 * other (the second sees the first's contact), and a resolution cannot slip in between the
 * decision and its row.
 */
import type { PlanOutreachBody } from "@tandem/contracts";
import { actorRef, type UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { publish } from "../../../platform/events.js";
import { badRequest, forbidden, notFound } from "../../../platform/errors.js";
import { newId } from "../../../platform/ids.js";
import { caseAccess, caseAudience, caseFacts, findCase, recordCaseEvent, type CaseRow } from "../../cases/index.js";
import { consentsOf, customerTimeZone, identitiesOf, lockCustomer } from "../../customers/index.js";
import { decide, isResponseTo, lookAround, type Decision } from "../domain/guard.js";
import { settingsFor } from "../settings.js";
import { addPurpose, findInteractionFacts, findOutreach, insertOutreach, nearbyContacts, type OutreachRow, type Purpose } from "../repository.js";

export async function planOutreach(ctx: Ctx<UserActor>, input: PlanOutreachBody): Promise<{ outreach: OutreachRow; decision: Decision }> {
  const { tx, actor, now } = ctx;
  const kase = await findCase(tx, input.caseId, { forUpdate: true });
  const access = kase ? caseAccess(actor, caseFacts(kase)) : null;
  if (!kase || !access) throw notFound("Case");
  if (access === "view") throw forbidden("Your organisation may only view this case.");
  const organizationId = input.organizationId ?? actor.organizationId;
  if (actor.type === "partner" && organizationId !== actor.organizationId) throw forbidden("A partner plans contacts for its own organisation.");
  if (organizationId !== kase.owner_organization_id && !kase.parties.some((p) => p.organization_id === organizationId)) {
    throw badRequest("The organisation is neither the case's owner nor a party to it.", [{ path: "body.organizationId", message: "not on this case" }]);
  }
  const customer = await lockCustomer(tx, kase.customer_id);

  let isResponse = false;
  if (input.replyTo) {
    const inbound = await findInteractionFacts(tx, input.replyTo);
    if (!inbound || inbound.customer_id !== kase.customer_id || inbound.direction !== "inbound") {
      throw badRequest("replyTo must be a message of this case's customer to us (an inbound interaction).", [{ path: "body.replyTo", message: "not an inbound interaction of this customer" }]);
    }
    isResponse = isResponseTo({ direction: inbound.direction, occurredAt: new Date(inbound.occurred_at) }, now);
  }

  const settings = await settingsFor(tx, kase.owner_organization_id);
  const identities = await identitiesOf(tx, [kase.customer_id]);
  const consents = await consentsOf(tx, [kase.customer_id]);
  const timeZone = customerTimeZone(customer?.time_zone ?? null, identities.filter((i) => i.kind === "phone").map((i) => i.value)).timeZone ?? settings.timeZone;
  const asked = input.scheduledFor ? new Date(input.scheduledFor) : now;
  const requestedFor = asked.getTime() < now.getTime() ? now : asked;
  const around = lookAround(settings);
  const nearby = await nearbyContacts(tx, kase.customer_id, new Date(requestedFor.getTime() - around), new Date(requestedFor.getTime() + around + 24 * 3_600_000));
  const decision = decide({
    caseStatus: kase.status,
    optedOut: consents.some((c) => c.channel === input.channel && c.status === "opted_out"),
    isResponse,
    timeZone,
    settings,
    requestedFor,
    nearby,
  });

  const id = newId(now.getTime());
  const by = actorRef(actor);
  const purpose: Purpose = { purpose: input.purpose, caseId: kase.id, organizationId, outreachId: id, at: now.toISOString() };
  const row = await insertOutreach(tx, {
    id,
    case_id: kase.id,
    customer_id: kase.customer_id,
    organization_id: organizationId,
    channel: input.channel,
    purposes: [purpose] as unknown as OutreachRow["purposes"],
    status: decision.status,
    reason: decision.reason,
    is_response: isResponse,
    reply_to: input.replyTo ?? null,
    requested_for: requestedFor,
    scheduled_for: decision.scheduledFor,
    time_zone: timeZone,
    duplicate_of: decision.reason === "duplicate" ? decision.duplicateOf : null,
    interaction_id: null,
    cancel_reason: null,
    created_by_type: by.type,
    created_by_id: by.id,
    created_by_name: by.name,
    created_at: now,
    updated_at: now,
    sent_at: null,
    cancelled_at: null,
  });
  await recordDecision(ctx, kase, row);
  if (decision.reason === "duplicate") {
    // One call covers both: the purpose joins the contact already planned (perhaps on another case).
    await addPurpose(tx, decision.duplicateOf, purpose, now);
    const original = (await findOutreach(tx, decision.duplicateOf))!;
    if (original.case_id !== kase.id) {
      const originalCase = (await findCase(tx, original.case_id))!;
      await recordCaseEvent(ctx, { caseId: original.case_id, customerId: original.customer_id, type: "outreach.purpose_added", data: { outreachId: original.id, from: row.id } });
      await tellCase(ctx, originalCase, "outreach.purpose_added", original.id);
    }
  }
  return { outreach: row, decision };
}

async function recordDecision(ctx: Ctx, kase: CaseRow, row: OutreachRow): Promise<void> {
  const type = row.status === "scheduled" ? "outreach.scheduled" : "outreach.suppressed";
  await recordCaseEvent(ctx, {
    caseId: kase.id,
    customerId: kase.customer_id,
    type,
    data: { outreachId: row.id, channel: row.channel, organizationId: row.organization_id, scheduledFor: row.scheduled_for.toISOString(), reason: row.reason, ...(row.duplicate_of ? { duplicateOf: row.duplicate_of } : {}) },
  });
  await tellCase(ctx, kase, type, row.id);
}

/** Consoles open on the case hear of the change (the case's organisations, not the customer). */
export async function tellCase(ctx: Ctx, kase: CaseRow, type: string, outreachId: string): Promise<void> {
  await publish(ctx, { type, aggregate: { type: "case", id: kase.id }, audience: caseAudience(caseFacts(kase), "internal"), payload: { caseId: kase.id, customerId: kase.customer_id, outreachId } });
}
