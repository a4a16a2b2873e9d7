import { clock } from "../../../platform/clock.js";
import type { CreateCaseBody } from "@tandem/contracts";
import type { Queryable } from "../../../platform/db.js";
import { actorRef, type UserActor } from "../../../platform/actor.js";
import { badRequest } from "../../../platform/errors.js";
import { recordAndPublish } from "../../../platform/events.js";
import { findCustomer } from "../../customers/index.js";
import { insertCase, type CaseRow } from "../repository.js";

/** Opens a case: the case, its first event and the outbox event in three statements. */
export async function createCase(tx: Queryable, actor: UserActor, input: CreateCaseBody): Promise<CaseRow> {
  const now = clock.now();
  const ref = actorRef(actor);
  const priority = input.priority ?? "normal";
  const kase = await insertCase(tx, {
    customerId: input.customerId,
    kind: input.kind,
    subject: input.subject,
    description: input.description ?? null,
    channel: input.channel,
    priority,
    category: input.category ?? null,
    ownerOrganizationId: input.organizationId ?? actor.organizationId,
    createdBy: { type: ref.type, id: ref.id },
    now,
  });
  if (!kase) {
    // Only on the error path: say which reference was wrong.
    if (!(await findCustomer(tx, input.customerId))) throw badRequest("The customer does not exist.", [{ path: "body.customerId", message: "unknown customer" }]);
    throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
  }
  await recordAndPublish(
    tx,
    { caseId: kase.id, customerId: kase.customer_id, type: "case.created", actor: ref, at: now, data: { subject: input.subject, kind: input.kind, channel: input.channel, priority } },
    { type: "case.created", aggregateType: "case", aggregateId: kase.id, actor: ref, payload: casePayload(kase) },
  );
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
