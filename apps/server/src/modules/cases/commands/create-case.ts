import { clock } from "../../../platform/clock.js";
import type { CreateCaseBody } from "@tandem/contracts";
import type { Queryable } from "../../../platform/db.js";
import { actorRef, type UserActor } from "../../../platform/actor.js";
import { badRequest } from "../../../platform/errors.js";
import { publish, recordCaseEvent } from "../../../platform/events.js";
import { findOrganization } from "../../organizations/index.js";
import { findCustomer } from "../../customers/index.js";
import { findCase, insertCase, type CaseRow } from "../repository.js";

export async function createCase(tx: Queryable, actor: UserActor, input: CreateCaseBody): Promise<CaseRow> {
  const customer = await findCustomer(tx, input.customerId);
  if (!customer) throw badRequest("The customer does not exist.", [{ path: "body.customerId", message: "unknown customer" }]);
  const ownerOrganizationId = input.organizationId ?? actor.organizationId;
  if (input.organizationId && !(await findOrganization(tx, input.organizationId))) {
    throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
  }
  const now = clock.now();
  const ref = actorRef(actor);
  const id = await insertCase(tx, {
    customerId: customer.id,
    kind: input.kind,
    subject: input.subject,
    description: input.description ?? null,
    channel: input.channel,
    priority: input.priority ?? "normal",
    category: input.category ?? null,
    ownerOrganizationId,
    createdBy: { type: ref.type, id: ref.id },
    now,
  });
  await recordCaseEvent(tx, { caseId: id, customerId: customer.id, type: "case.created", actor: ref, at: now, data: { subject: input.subject, kind: input.kind, channel: input.channel, priority: input.priority ?? "normal" } });
  const kase = (await findCase(tx, id))!;
  await publish(tx, { type: "case.created", aggregateType: "case", aggregateId: id, actor: ref, payload: casePayload(kase) });
  return kase;
}

/** What other systems and live consoles are told about a case. */
export function casePayload(kase: CaseRow): Record<string, unknown> {
  return {
    caseId: kase.id,
    number: kase.number,
    customerId: kase.customer_id,
    status: kase.status,
    ownerOrganizationId: kase.owner_organization_id,
    ownerUserId: kase.owner_user_id,
    partyOrganizationIds: kase.parties.map((p) => p.organization_id),
  };
}
