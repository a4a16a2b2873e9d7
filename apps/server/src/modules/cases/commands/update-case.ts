import type { UpdateCaseBody } from "@tandem/contracts";
import type { Queryable } from "../../../platform/db.js";
import { actorRef, type UserActor } from "../../../platform/actor.js";
import { badRequest, conflict } from "../../../platform/errors.js";
import { publish, recordCaseEvent } from "../../../platform/events.js";
import { clock } from "../../../platform/clock.js";
import { findCase, updateCase, type CaseRow } from "../repository.js";
import { loadCaseFor } from "./load-case.js";
import { casePayload } from "./create-case.js";

const FIELDS = { subject: "subject", priority: "priority", category: "category", nextStep: "next_step" } as const;

/** Changes the case's details; the event records each change as from → to. Nothing changed: no event. */
export async function updateCaseDetails(tx: Queryable, actor: UserActor, caseId: string, input: UpdateCaseBody): Promise<CaseRow> {
  if (Object.keys(input).length === 0) throw badRequest("Give at least one of subject, priority, category, nextStep.");
  const kase = await loadCaseFor(tx, actor, caseId, "case.update", true);
  if (kase.status === "closed") throw conflict("case_closed", "The case is closed.");
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, column] of Object.entries(FIELDS) as [keyof typeof FIELDS, (typeof FIELDS)[keyof typeof FIELDS]][]) {
    const to = input[key];
    if (to !== undefined && to !== kase[column]) changes[key] = { from: kase[column], to };
  }
  if (Object.keys(changes).length === 0) return kase;
  const now = clock.now();
  await updateCase(tx, caseId, input, now);
  const ref = actorRef(actor);
  await recordCaseEvent(tx, { caseId, customerId: kase.customer_id, type: "case.updated", actor: ref, at: now, data: { changes } });
  const after = (await findCase(tx, caseId))!;
  await publish(tx, { type: "case.updated", aggregateType: "case", aggregateId: caseId, actor: ref, payload: casePayload(after) });
  return after;
}
