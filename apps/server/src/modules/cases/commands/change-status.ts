import { clock } from "../../../platform/clock.js";
import type { CaseStatus } from "@tandem/contracts";
import type { Queryable } from "../../../platform/db.js";
import { actorRef, type Actor } from "../../../platform/actor.js";
import { conflict } from "../../../platform/errors.js";
import { publish, recordCaseEvent } from "../../../platform/events.js";
import { canReopen, canTransition } from "../domain/lifecycle.js";
import { findCase, updateCase, type CaseRow } from "../repository.js";
import { loadCaseFor } from "./load-case.js";
import { casePayload } from "./create-case.js";
import type { Action } from "../../../platform/policies.js";

const EVENT_OF: Partial<Record<CaseStatus, string>> = { resolved: "case.resolved", closed: "case.closed" };

/**
 * Moves a case through its lifecycle: resolve, reopen, wait on someone, close. A transition the
 * state machine forbids is 409 invalid_transition and changes nothing.
 */
export async function changeStatus(
  tx: Queryable,
  actor: Actor,
  caseId: string,
  to: CaseStatus,
  opts: { action: Action; data?: Record<string, unknown>; resolution?: string; resolvedBy?: string; eventType?: string },
): Promise<CaseRow> {
  const kase = await loadCaseFor(tx, actor, caseId, opts.action, true);
  const check = opts.action === "case.reopen" ? canReopen(kase.status) : canTransition(kase.status, to);
  if (!check.ok) throw conflict("invalid_transition", check.reason, [{ from: kase.status, to }]);
  const now = clock.now();
  const ref = actorRef(actor);
  const resolving = to === "resolved";
  await updateCase(
    tx,
    caseId,
    {
      status: to,
      ...(resolving ? { resolution: opts.resolution ?? null, resolvedBy: opts.resolvedBy ?? null, resolvedAt: now } : {}),
      ...(kase.status === "resolved" && to === "open" ? { resolution: null, resolvedBy: null, resolvedAt: null } : {}),
    },
    now,
  );
  const type = opts.eventType ?? EVENT_OF[to] ?? "case.status_changed";
  await recordCaseEvent(tx, { caseId, customerId: kase.customer_id, type, actor: ref, at: now, data: { from: kase.status, to, ...opts.data } });
  const after = (await findCase(tx, caseId))!;
  await publish(tx, { type, aggregateType: "case", aggregateId: caseId, actor: ref, payload: { ...casePayload(after), from: kase.status, ...opts.data } });
  return after;
}

/** Who resolved it, from the actor when not said. */
export function defaultResolvedBy(actor: Actor): "agent" | "customer" | "party" {
  if (actor.type === "customer") return "customer";
  if (actor.type === "partner") return "party";
  return "agent";
}
