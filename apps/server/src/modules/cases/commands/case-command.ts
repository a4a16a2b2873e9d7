/**
 * The one sequence every change to a case follows: load it (locked), check the policy, let the
 * command decide, apply the change, record the case's events, publish one outbox event, and
 * return the case as it now is — all in the command's transaction.
 */
import type { Actor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { notFound } from "../../../platform/errors.js";
import { publish } from "../../../platform/events.js";
import { recordCaseEvent, type CaseEventRow } from "../events.js";
import type { MessageVisibility } from "@tandem/contracts";
import { caseAudience, checkCase, writerOrganization, type CaseAbility } from "../policies.js";
import { caseObserved } from "../observers.js";
import { caseFacts, findCase, updateCase, type CasePatch, type CaseRow } from "../repository.js";

export interface CaseChange {
  /** Columns to change (none: only `updated_at` moves). */
  patch?: CasePatch;
  /** The case events, in order; the first names the change. */
  events: { type: string; data?: Record<string, unknown> }[];
  /** The outbox event: by default the first event's type; `data` is added to the case's routing facts. */
  publish?: { type?: string; data?: (events: CaseEventRow[]) => Record<string, unknown> };
}

export interface CaseChanged {
  before: CaseRow;
  after: CaseRow;
  events: CaseEventRow[];
}

/**
 * Loads a case for an action, locked for update when it will change: 404 when the caller may
 * not see it, 403 when they may not do this, 409 when the case's state refuses it.
 */
export async function loadCaseFor(ctx: Ctx, caseId: string, action: CaseAbility, forUpdate = false): Promise<CaseRow> {
  const kase = await findCase(ctx.tx, caseId, { forUpdate });
  if (!kase) throw notFound("Case");
  checkCase(ctx.actor, action, caseFacts(kase));
  return kase;
}

/** Runs one change to a case; `decide` returns null when there is nothing to change. */
export async function changeCase(ctx: Ctx, caseId: string, action: CaseAbility, decide: (kase: CaseRow) => Promise<CaseChange | null> | CaseChange | null): Promise<CaseChanged> {
  const before = await loadCaseFor(ctx, caseId, action, true);
  const change = await decide(before);
  if (!change) return { before, after: before, events: [] };
  await updateCase(ctx.tx, caseId, change.patch ?? {}, ctx.now);
  const events: CaseEventRow[] = [];
  for (const event of change.events) {
    events.push(await recordCaseEvent(ctx, { caseId, customerId: before.customer_id, type: event.type, data: event.data ?? {} }));
  }
  let after = (await findCase(ctx.tx, caseId))!;
  const payload = { ...casePayload(after), ...change.publish?.data?.(events) };
  await publish(ctx, {
    type: change.publish?.type ?? change.events[0]!.type,
    aggregate: { type: "case", id: caseId },
    // A message is heard by whom it is written for; any other change by everyone on the case and its customer.
    audience: caseAudience(caseFacts(after), (payload.visibility as MessageVisibility | undefined) ?? "public", writerOrganization(ctx.actor, after.owner_organization_id)),
    payload,
  });
  after = await caseObserved(ctx, after, events.map((e) => e.type));
  return { before, after, events };
}

/**
 * What other systems and live consoles are told about a case: enough to route the change. A case
 * not yet inserted has no number: the statement that inserts it adds it.
 */
export function casePayload(kase: Pick<CaseRow, "id" | "customer_id" | "status" | "owner_organization_id" | "owner_user_id" | "parties"> & { number?: string }): Record<string, unknown> {
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

/** Who resolved it, from the actor when not said. */
export function defaultResolvedBy(actor: Actor): "agent" | "customer" | "party" {
  if (actor.type === "customer") return "customer";
  if (actor.type === "partner") return "party";
  return "agent";
}
