import type { AttachInteractionBody, Case, CreateInteractionBody, Interaction } from "@tandem/contracts";
import type { Ctx } from "../../platform/context.js";
import { actorRef, type Actor, type UserActor } from "../../platform/actor.js";
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from "../../platform/errors.js";
import { publish } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { isoRequired } from "../../platform/pagination.js";
import { canOnCustomers, customerVisible, findCustomer, findOrCreateCustomer, touchCustomer, type CustomerRow } from "../customers/index.js";
import { findOrganization } from "../organizations/index.js";
import { authorizeCase, createCase, loadCaseFor, presentCase, recordContactOnCase, visibilityOrg, type CaseRow } from "../cases/index.js";
import { interactionAbilities } from "./policies.js";
import { findInteraction, insertInteraction, setInteractionCase, type InteractionRow } from "./repository.js";

/**
 * Records one contact on one channel. The customer is given by id, or found by any of the
 * identities (or created); a contact tied to a case also shows on the case's timeline.
 */
export async function recordInteraction(ctx: Ctx<UserActor>, input: CreateInteractionBody, secret: string): Promise<Interaction & { customerCreated: boolean }> {
  const { tx, actor, now } = ctx;
  let customer: CustomerRow | null;
  let customerCreated = false;
  if ("id" in input.customer) {
    customer = await findCustomer(tx, input.customer.id);
    if (!customer || !(await customerVisible(tx, customer.id, visibilityOrg(actor)))) throw badRequest("The customer does not exist.", [{ path: "body.customer.id", message: "unknown customer" }]);
  } else {
    // A partner desk records contacts on the cases shared with it; it does not create customers.
    if (!canOnCustomers(actor, "customer.create")) throw forbidden("Partner agents record contacts on a shared case, by customer id.");
    const found = await findOrCreateCustomer(ctx, input.customer, secret);
    customer = found.customer;
    customerCreated = found.created;
  }
  if (actor.type === "partner" && !input.caseId) throw badRequest("A partner agent records a contact on a case: give caseId.", [{ path: "body.caseId", message: "required for partner agents" }]);
  if (input.caseId) sameCustomer(await caseForContact(ctx, input.caseId), customer.id);
  const organizationId = input.organizationId ?? actor.organizationId;
  if (input.organizationId && !(await findOrganization(tx, input.organizationId))) throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
  if (actor.type === "partner" && organizationId !== actor.organizationId) throw forbidden("A partner agent records contacts for their own organization.");
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) throw badRequest("occurredAt is in the future.", [{ path: "body.occurredAt", message: "must not be in the future" }]);
  const ref = actorRef(actor);
  const row = await insertInteraction(tx, { id: newId(), customerId: customer.id, channel: input.channel, direction: input.direction, organizationId, caseId: input.caseId ?? null, body: input.body, occurredAt, createdBy: ref, now });
  await touchCustomer(tx, customer.id, now);
  // Staff hear of it; a contact on a case reaches the case's audience through the case's own event.
  await publish(ctx, { type: "interaction.created", aggregate: { type: "interaction", id: row.id }, audience: {}, payload: { interactionId: row.id, customerId: customer.id, caseId: row.case_id, channel: row.channel } });
  if (row.case_id) await recordContactOnCase(ctx, row.case_id, contactFacts(row));
  return { ...presentInteraction(row, actor), customerCreated };
}

/**
 * Attaches a recorded contact to one of its customer's cases, or opens a case from it (owned,
 * like any case, by whoever opens it). Attaching again to the same case changes nothing.
 */
export async function attachInteraction(ctx: Ctx<UserActor>, interactionId: string, input: AttachInteractionBody): Promise<{ interaction: Interaction; case: Case }> {
  const { tx, actor } = ctx;
  const row = await findInteraction(tx, interactionId, { forUpdate: true });
  // A partner desk sees the contacts its own organisation recorded.
  if (!row || (actor.type === "partner" && row.organization_id !== actor.organizationId)) throw notFound("Interaction");
  let kase: CaseRow;
  if ("caseId" in input) {
    kase = sameCustomer(await caseForContact(ctx, input.caseId), row.customer_id);
    if (row.case_id === kase.id) return { interaction: presentInteraction(row, actor), case: presentCase(kase, actor) };
  } else {
    authorizeCase(actor, "case.create");
    kase = await createCase(ctx, { ...input.case, customerId: row.customer_id, channel: row.channel as CreateInteractionBody["channel"] });
  }
  if (row.case_id && row.case_id !== kase.id) throw conflict("already_attached", "This contact is already attached to another case.", [{ caseId: row.case_id }]);
  const attached = await setInteractionCase(tx, row.id, kase.id);
  const after = await recordContactOnCase(ctx, kase.id, contactFacts(attached));
  return { interaction: presentInteraction(attached, actor), case: presentCase(after, actor) };
}

/** The case a contact is recorded on: one the caller may record contacts on; unknown is a 400. */
async function caseForContact(ctx: Ctx<UserActor>, caseId: string): Promise<CaseRow> {
  try {
    return await loadCaseFor(ctx, caseId, "case.record_contact");
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw badRequest("The case does not exist.", [{ path: "body.caseId", message: "unknown case" }]);
    throw error;
  }
}

function sameCustomer(kase: CaseRow, customerId: string): CaseRow {
  if (kase.customer_id !== customerId) throw unprocessable("case_customer_mismatch", `Case ${kase.number} belongs to another customer.`);
  return kase;
}

const contactFacts = (r: InteractionRow) => ({
  interactionId: r.id,
  channel: r.channel,
  direction: r.direction,
  body: r.body,
  occurredAt: isoRequired(r.occurred_at),
  organizationId: r.organization_id,
});

export const presentInteraction = (r: InteractionRow, viewer: Actor): Interaction => ({
  id: r.id,
  customerId: r.customer_id,
  channel: r.channel,
  direction: r.direction,
  organizationId: r.organization_id,
  caseId: r.case_id,
  body: r.body,
  occurredAt: isoRequired(r.occurred_at),
  createdAt: isoRequired(r.created_at),
  abilities: interactionAbilities(viewer, { caseId: r.case_id, organizationId: r.organization_id }),
});
