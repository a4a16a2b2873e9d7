import { clock } from "../../platform/clock.js";
import type { CreateInteractionBody, Interaction } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import { actorRef, type UserActor } from "../../platform/actor.js";
import { caseScope, can } from "../../platform/policies.js";
import { badRequest, forbidden, unprocessable } from "../../platform/errors.js";
import { publish } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { isoRequired } from "../../platform/pagination.js";
import { customerVisible, findCustomer, findOrCreateCustomer, type CustomerRow } from "../customers/index.js";
import { findOrganization } from "../organizations/index.js";
import { loadCaseFor } from "../cases/index.js";
import { insertInteraction } from "./repository.js";

/**
 * Records one contact on one channel. The customer is given by id, or found by any of the
 * identities (or created); a contact may be tied to one of that customer's cases.
 */
export async function recordInteraction(tx: Queryable, actor: UserActor, input: CreateInteractionBody, secret: string): Promise<Interaction & { customerCreated: boolean }> {
  let customer: CustomerRow | null;
  let customerCreated = false;
  if ("id" in input.customer) {
    customer = await findCustomer(tx, input.customer.id);
    if (!customer || !(await customerVisible(tx, customer.id, caseScope(actor)))) throw badRequest("The customer does not exist.", [{ path: "body.customer.id", message: "unknown customer" }]);
  } else {
    // A partner desk records contacts on the cases shared with it; it does not create customers.
    if (!can(actor, "customer.create")) throw forbidden("Partner agents record contacts on a shared case, by customer id.");
    const found = await findOrCreateCustomer(tx, input.customer, secret);
    customer = found.customer;
    customerCreated = found.created;
  }
  if (actor.type === "partner" && !input.caseId) throw badRequest("A partner agent records a contact on a case: give caseId.", [{ path: "body.caseId", message: "required for partner agents" }]);
  if (input.caseId) {
    const kase = await loadCaseFor(tx, actor, input.caseId, "interaction.create").catch((error: unknown) => {
      if (error instanceof Error && "status" in error && (error as { status: number }).status === 404) throw badRequest("The case does not exist.", [{ path: "body.caseId", message: "unknown case" }]);
      throw error;
    });
    if (kase.customer_id !== customer.id) throw unprocessable("case_customer_mismatch", `Case ${kase.number} belongs to another customer.`);
  }
  const organizationId = input.organizationId ?? actor.organizationId;
  if (input.organizationId && !(await findOrganization(tx, input.organizationId))) throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
  if (actor.type === "partner" && organizationId !== actor.organizationId) throw forbidden("A partner agent records contacts for their own organization.");
  const now = clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) throw badRequest("occurredAt is in the future.", [{ path: "body.occurredAt", message: "must not be in the future" }]);
  const id = newId();
  const ref = actorRef(actor);
  await insertInteraction(tx, { id, customerId: customer.id, channel: input.channel, direction: input.direction, organizationId, caseId: input.caseId ?? null, body: input.body, occurredAt, createdBy: ref, now });
  await publish(tx, { type: "interaction.created", aggregateType: "interaction", aggregateId: id, actor: ref, payload: { interactionId: id, customerId: customer.id, caseId: input.caseId ?? null, channel: input.channel } });
  return {
    id,
    customerId: customer.id,
    channel: input.channel,
    direction: input.direction,
    organizationId,
    caseId: input.caseId ?? null,
    body: input.body,
    occurredAt: isoRequired(occurredAt),
    createdAt: isoRequired(now),
    customerCreated,
  };
}

