import { clock } from "../../../platform/clock.js";
import type { CaseMessage } from "@tandem/contracts";
import type { Queryable } from "../../../platform/db.js";
import { actorRef, type Actor } from "../../../platform/actor.js";
import { conflict, forbidden } from "../../../platform/errors.js";
import { publish, recordCaseEvent } from "../../../platform/events.js";
import { isoRequired } from "../../../platform/pagination.js";
import { statusAfterCustomerMessage } from "../domain/lifecycle.js";
import { findCase, updateCase } from "../repository.js";
import { loadCaseFor } from "./load-case.js";
import { casePayload } from "./create-case.js";

/** A public reply (goes to the customer) or an internal note (staff and parties only). */
export async function addMessage(tx: Queryable, actor: Actor, caseId: string, input: { visibility: "public" | "internal"; body: string }): Promise<CaseMessage> {
  const kase = await loadCaseFor(tx, actor, caseId, "case.message", true);
  if (actor.type === "customer" && input.visibility !== "public") throw forbidden();
  if (kase.status === "closed") throw conflict("case_closed", "The case is closed; open a new case instead.");
  const now = clock.now();
  const ref = actorRef(actor);
  const event = await recordCaseEvent(tx, { caseId, customerId: kase.customer_id, type: "message.added", actor: ref, at: now, data: { visibility: input.visibility, body: input.body } });
  const next = actor.type === "customer" ? statusAfterCustomerMessage(kase.status) : kase.status;
  await updateCase(tx, caseId, next !== kase.status ? { status: next } : {}, now);
  if (next !== kase.status) {
    await recordCaseEvent(tx, { caseId, customerId: kase.customer_id, type: "case.status_changed", actor: ref, at: now, data: { from: kase.status, to: next } });
  }
  await publish(tx, {
    type: "case.message_added",
    aggregateType: "case",
    aggregateId: caseId,
    actor: ref,
    payload: { ...casePayload((await findCase(tx, caseId))!), messageId: event.id, visibility: input.visibility },
  });
  return { id: event.id, caseId, visibility: input.visibility, body: input.body, author: ref, createdAt: isoRequired(event.at) };
}
