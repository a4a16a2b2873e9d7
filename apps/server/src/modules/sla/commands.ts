/** Changing SLA policies (admins) and recording a promise to the customer on a case. */
import type { CreateCommitmentBody, CreateSlaPolicyBody, UpdateSlaPolicyBody } from "@tandem/contracts";
import type { Ctx } from "../../platform/context.js";
import { badRequest, conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { reschedule } from "../../platform/due/index.js";
import { changeCase, type CaseRow } from "../cases/index.js";
import { audit } from "../audit/index.js";
import { findCalendar } from "../calendars/index.js";
import { DEFAULT_LADDER, RECOMPUTE_KEY, SLA_RECOMPUTE } from "./fire.js";
import { findPolicy, insertPolicy, nextPosition, updatePolicy, type SlaPolicyRow } from "./repository.js";

const DEFAULT_WARN_BEFORE = "PT15M";

function columns(input: UpdateSlaPolicyBody) {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.appliesTo !== undefined
      ? { applies_kind: input.appliesTo.kind ?? null, applies_priority: input.appliesTo.priority ?? null, applies_category: input.appliesTo.category ?? null }
      : {}),
    ...(input.firstResponse !== undefined ? { first_response: input.firstResponse } : {}),
    ...(input.nextUpdate !== undefined ? { next_update: input.nextUpdate } : {}),
    ...(input.resolution !== undefined ? { resolution: input.resolution } : {}),
    ...(input.warnBefore !== undefined ? { warn_before: input.warnBefore } : {}),
    ...(input.calendarId !== undefined ? { calendar_id: input.calendarId } : {}),
    ...(input.pauseWhileWaitingOnCustomer !== undefined ? { pause_while_waiting_on_customer: input.pauseWhileWaitingOnCustomer } : {}),
    ...(input.proactiveUpdates !== undefined ? { proactive_updates: input.proactiveUpdates } : {}),
    ...(input.escalation !== undefined ? { escalation: JSON.stringify(input.escalation) } : {}),
  };
}

/**
 * Open cases take the policy now in force, on due work (`sla.recompute`, a batch of cases per
 * run, see fire.ts): the edit answers at once however many cases are open. A pass under way starts
 * again from the first case.
 */
async function retrackOpenCases(ctx: Ctx): Promise<void> {
  await reschedule(ctx, { kind: SLA_RECOMPUTE, key: RECOMPUTE_KEY, dueAt: ctx.now, payload: { after: null } });
}

/** A policy's calendar must exist (400 otherwise, before anything is written). */
async function checkCalendar(ctx: Ctx, calendarId: string | null | undefined): Promise<void> {
  if (calendarId && !(await findCalendar(ctx.tx, calendarId))) throw badRequest("The calendar does not exist.", [{ path: "body.calendarId", message: "unknown calendar" }]);
}

export async function createPolicy(ctx: Ctx, input: CreateSlaPolicyBody): Promise<SlaPolicyRow> {
  await checkCalendar(ctx, input.calendarId);
  const row = await insertPolicy(ctx.tx, {
    id: newId(ctx.now.getTime()),
    name: input.name,
    position: input.position ?? (await nextPosition(ctx.tx)),
    applies_kind: input.appliesTo?.kind ?? null,
    applies_priority: input.appliesTo?.priority ?? null,
    applies_category: input.appliesTo?.category ?? null,
    first_response: input.firstResponse ?? null,
    next_update: input.nextUpdate ?? null,
    resolution: input.resolution ?? null,
    warn_before: input.warnBefore ?? DEFAULT_WARN_BEFORE,
    calendar_id: input.calendarId ?? null,
    pause_while_waiting_on_customer: input.pauseWhileWaitingOnCustomer ?? true,
    proactive_updates: input.proactiveUpdates ?? "auto",
    escalation: JSON.stringify(input.escalation ?? DEFAULT_LADDER),
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  await audit(ctx, { action: "sla_policy.created", subject: { type: "sla_policy", id: row.id }, after: input });
  await retrackOpenCases(ctx);
  return row;
}

export async function changePolicy(ctx: Ctx, id: string, input: UpdateSlaPolicyBody): Promise<SlaPolicyRow> {
  if (Object.keys(input).length === 0) throw badRequest("Give at least one field to change.");
  await checkCalendar(ctx, input.calendarId);
  const before = await findPolicy(ctx.tx, id, true);
  if (!before) throw notFound("SLA policy");
  const row = await updatePolicy(ctx.tx, id, { ...columns(input), updated_at: ctx.now });
  await audit(ctx, { action: "sla_policy.updated", subject: { type: "sla_policy", id }, before, after: input });
  await retrackOpenCases(ctx);
  return row;
}

/** A promise to the customer with its own deadline: a `commitment` milestone that warns and breaches like the others. */
export async function addCommitment(ctx: Ctx, caseId: string, input: CreateCommitmentBody): Promise<CaseRow> {
  const dueAt = new Date(input.dueAt);
  const { after } = await changeCase(ctx, caseId, "case.update", (kase) => {
    if (kase.status === "resolved" || kase.status === "closed") throw conflict("invalid_transition", `The case is ${kase.status}: there is nothing left to promise on it.`, [{ from: kase.status, action: "commitment" }]);
    if (dueAt.getTime() <= ctx.now.getTime()) throw badRequest("A commitment is due in the future.", [{ path: "body.dueAt", message: "must be later than now" }]);
    return { events: [{ type: "commitment.added", data: { description: input.description, dueAt: dueAt.toISOString() } }] };
  });
  return after;
}
