/**
 * What a milestone's timer does when it fires (the scheduler role runs it in one transaction):
 * recompute the case's milestones at the scheduler's now, and make each warning, breach and
 * automatic update that has come due happen — once each, whatever the timing: the `sla_firings`
 * primary key decides, so a second scheduler, a retried run or a stale timer does nothing.
 */
import { SYSTEM } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import { schedule, type DueWork, type DueWorkHandlers } from "../../platform/due/index.js";
import { parseDuration } from "../../platform/duration.js";
import { publish } from "../../platform/events.js";
import { addMessage, caseAudience, caseFacts, caseSubject, findCase, recordCaseEvent, type CaseRow } from "../cases/index.js";
import { findCustomer } from "../customers/index.js";
import { notify, type NotifyInput } from "../notifications/index.js";
import { findUser } from "../users/index.js";
import type { Firing, Milestone } from "./domain/milestones.js";
import { proactiveUpdate } from "./domain/update-text.js";
import { findPolicy, recordFiring } from "./repository.js";
import { assess, SLA_TIMER, track, type Tracked } from "./track.js";

export const SLA_ESCALATE = "sla.escalate";

type Rung = "owner" | "supervisors" | "admins";
export interface EscalationLadder {
  warn: Rung[];
  breach: Rung[];
  adminsAfter: string | null;
}
export const DEFAULT_LADDER: EscalationLadder = { warn: ["owner"], breach: ["owner", "supervisors"], adminsAfter: "PT4H" };

/** Registers the deadlines' due work with the scheduler role. */
export function addSlaHandlers(handlers: DueWorkHandlers): void {
  handlers.add(SLA_TIMER, async (ctx, work) => fireDue(asSystem(ctx), String(work.payload.caseId)));
  handlers.add(SLA_ESCALATE, async (ctx, work) => escalate(asSystem(ctx), work));
}

const asSystem = (ctx: Ctx): Ctx => ({ ...ctx, actor: SYSTEM });

/** Fires what has come due on the case's milestones. */
export async function fireDue(ctx: Ctx, caseId: string): Promise<void> {
  const kase = await findCase(ctx.tx, caseId, { forUpdate: true });
  if (!kase) return;
  const assessed = await assess(ctx, kase);
  let fired = false;
  for (const f of assessed.firings) {
    const m = assessed.milestones.find((x) => x.id === f.milestoneId)!;
    if (await fire(ctx, assessed, m, f)) fired = true;
  }
  // What fired is now in the history: store the milestones as they stand and time what comes next
  // (compared with what was stored before this run, so the timer that fired is not set again).
  await track(ctx, fired ? (await findCase(ctx.tx, caseId))! : kase);
}

async function ladderOf(ctx: Ctx, policyId: string | null): Promise<EscalationLadder> {
  const policy = policyId ? await findPolicy(ctx.tx, policyId) : null;
  return (policy?.escalation as EscalationLadder | undefined) ?? DEFAULT_LADDER;
}

function recipients(kase: CaseRow, rungs: readonly Rung[]): NotifyInput["recipients"] {
  const owner = rungs.includes("owner");
  return {
    users: owner && kase.owner_user_id ? [kase.owner_user_id] : [],
    // An unowned case's "owner" is its organisation's supervisors.
    supervisorsOf: rungs.includes("supervisors") || (owner && !kase.owner_user_id) ? kase.owner_organization_id : null,
    admins: rungs.includes("admins"),
  };
}

type Assessed = Omit<Tracked, "rows">;

async function fire(ctx: Ctx, tracked: Assessed, m: Milestone, f: Firing): Promise<boolean> {
  const kase = tracked.kase;
  const due = f.at;
  const what = f.what === "owner_told" ? "warned" : f.what === "update_due" ? "update_sent" : f.what;
  if (!(await recordFiring(ctx.tx, { milestoneId: m.id, what, caseId: kase.id, firedAt: ctx.now, dueAt: due }))) return false;
  const data = { milestoneId: m.id, kind: m.kind, dueAt: (m.dueAt ?? due).toISOString(), ...(m.description ? { description: m.description } : {}) };
  const ladder = await ladderOf(ctx, tracked.targets?.policyId ?? null);
  const subject = caseSubject(kase);
  if (f.what === "update_due") {
    await sendUpdate(ctx, tracked, m);
    return true;
  }
  const type = f.what === "breached" ? "sla.breached" : "sla.warned";
  const event = await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type, data: f.what === "owner_told" ? { ...data, updateDue: true } : data });
  await publish(ctx, { type: `case.${type.replace(".", "_")}`, aggregate: { type: "case", id: kase.id }, audience: caseAudience(caseFacts(kase), "parties"), payload: { caseId: kase.id, number: kase.number, ...data } });
  if (f.what === "owner_told") {
    await notify(ctx, { kind: "sla.update_due", subject, recipients: recipients(kase, ["owner"]), dedupeKey: `sla.update_due:${m.id}`, data });
  } else if (f.what === "warned") {
    await notify(ctx, { kind: "sla.warned", subject, recipients: recipients(kase, ladder.warn), dedupeKey: `sla.warned:${m.id}`, data, urgent: kase.priority === "urgent" });
  } else {
    await notify(ctx, { kind: "sla.breached", subject, recipients: recipients(kase, ladder.breach), dedupeKey: `sla.breached:${m.id}`, data, urgent: true });
    const after = ladder.adminsAfter ? parseDuration(ladder.adminsAfter) : null;
    if (after !== null && !m.metAt) await schedule(ctx, { kind: SLA_ESCALATE, key: m.id, dueAt: new Date(ctx.now.getTime() + after), payload: { caseId: kase.id, milestoneId: m.id, eventId: event.id } });
  }
  return true;
}

/** Still breached after the further period: the admins are told. */
async function escalate(ctx: Ctx, work: DueWork): Promise<void> {
  const kase = await findCase(ctx.tx, String(work.payload.caseId), { forUpdate: true });
  if (!kase) return;
  const m = (await assess(ctx, kase)).milestones.find((x) => x.id === work.payload.milestoneId);
  if (!m || m.metAt) return;
  if (!(await recordFiring(ctx.tx, { milestoneId: m.id, what: "escalated", caseId: kase.id, firedAt: ctx.now, dueAt: work.dueAt }))) return;
  const data = { milestoneId: m.id, kind: m.kind, dueAt: m.dueAt?.toISOString() ?? null };
  await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type: "sla.escalated", data });
  await notify(ctx, { kind: "sla.escalated", subject: caseSubject(kase), recipients: { admins: true }, dedupeKey: `sla.escalated:${m.id}`, data, urgent: true });
}

/** The automatic progress update: a public message from `system`, written from the case in the customer's language; it meets next_update. */
async function sendUpdate(ctx: Ctx, tracked: Assessed, m: Milestone): Promise<void> {
  const kase = tracked.kase;
  const customer = await findCustomer(ctx.tx, kase.customer_id);
  const owner = kase.owner_user_id ? await findUser(ctx.tx, kase.owner_user_id) : null;
  const deadlines = tracked.milestones.filter((x) => !x.metAt && x.dueAt && x.id !== m.id && (x.kind === "resolution" || x.kind === "commitment")).map((x) => ({ kind: x.kind, dueAt: x.dueAt!, description: x.description }));
  const body = proactiveUpdate({ locale: customer?.locale ?? null, number: kase.number, status: kase.status, ownerName: owner?.name ?? null, nextStep: kase.next_step, deadlines });
  const message = await addMessage(ctx, kase.id, { visibility: "public", body });
  await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type: "sla.update_sent", data: { milestoneId: m.id, messageId: message.id } });
}
