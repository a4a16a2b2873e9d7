/**
 * What milestones' timers do when they fire (the scheduler role runs a batch of them in one
 * transaction): make each warning, breach and automatic update that has come due happen — once
 * each, whatever the timing: the `sla_firings` primary key decides, so a second scheduler, a
 * retried run or a stale timer does nothing.
 *
 * A warning or a breach of a milestone whose stored row is current (computed after the last
 * policy change, not paused, not met, its time come) fires from that row, set-based over the
 * batch: the firings, the rows' status, the case events, the outbox and the notifications are a
 * handful of statements for the whole batch, with no case recomputed from its history. Anything
 * else (an automatic update, a stale row, a timer that moved) recomputes its case (`fireDue`).
 */
import { SYSTEM } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import { schedule, scheduleMany, type DueWork, type DueWorkHandlers } from "../../platform/due/index.js";
import { parseDuration } from "../../platform/duration.js";
import { publish, publishMany, type OutboxInput } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { addMessage, caseAudience, caseFacts, caseSubject, findCase, lockCaseFacts, recordCaseEvent, recordCaseEvents, type CaseFactsRow } from "../cases/index.js";
import { findCustomer } from "../customers/index.js";
import { notify, notifyMany, type NotifyInput } from "../notifications/index.js";
import { findUser } from "../users/index.js";
import type { Firing, Milestone } from "./domain/milestones.js";
import { proactiveUpdate } from "./domain/update-text.js";
import { findPolicy, milestonesToFire, openCaseIds, recordFiring, recordFirings, type FiringRow } from "./repository.js";
import { assess, SLA_TIMER, track, type Tracked } from "./track.js";

export const SLA_ESCALATE = "sla.escalate";
/** Recomputing the open cases after a policy change: one batch of cases per run, the next run scheduled by this one. */
export const SLA_RECOMPUTE = "sla.recompute";
export const RECOMPUTE_KEY = "open-cases";
const RECOMPUTE_BATCH = 100;

type Rung = "owner" | "supervisors" | "admins";
export interface EscalationLadder {
  warn: Rung[];
  breach: Rung[];
  adminsAfter: string | null;
}
export const DEFAULT_LADDER: EscalationLadder = { warn: ["owner"], breach: ["owner", "supervisors"], adminsAfter: "PT4H" };

/** Registers the deadlines' due work with the scheduler role. */
export function addSlaHandlers(handlers: DueWorkHandlers): void {
  handlers.addBatch(SLA_TIMER, async (ctx, works) => fireTimers(asSystem(ctx), works));
  handlers.add(SLA_ESCALATE, async (ctx, work) => escalate(asSystem(ctx), work));
  handlers.add(SLA_RECOMPUTE, async (ctx, work) => recompute(asSystem(ctx), work));
}

const asSystem = (ctx: Ctx): Ctx => ({ ...ctx, actor: SYSTEM });

/** A timer's key: the milestone and which of its times (see track.ts). */
function timerOf(work: DueWork): { milestoneId: string; what: "warn" | "due"; caseId: string } | null {
  const [milestoneId, what] = work.key.split(":");
  return milestoneId && (what === "warn" || what === "due") ? { milestoneId, what, caseId: String(work.payload.caseId) } : null;
}

const OPEN = (status: string) => status !== "resolved" && status !== "closed";

/** A warning or breach that can fire from the stored milestone row (see the top of this file). */
interface Quick {
  kase: CaseFactsRow;
  row: FiringRow;
  what: "warned" | "breached";
  dueAt: Date;
}

/** Fires a batch of timers: from the stored rows where they are current, by recomputing their cases where not. */
export async function fireTimers(ctx: Ctx, works: readonly DueWork[]): Promise<void> {
  const timers = works.map(timerOf);
  const cases = new Map((await lockCaseFacts(ctx.tx, [...new Set(timers.map((t, i) => t?.caseId ?? String(works[i]!.payload.caseId)))])).map((c) => [c.id, c]));
  const rows = new Map((await milestonesToFire(ctx.tx, timers.flatMap((t) => (t ? [t.milestoneId] : [])))).map((r) => [r.id, r]));
  const quick: Quick[] = [];
  const slow = new Set<string>();
  timers.forEach((t, i) => {
    const caseId = t?.caseId ?? String(works[i]!.payload.caseId);
    const kase = cases.get(caseId);
    if (!kase) return; // deleted since
    const row = t ? rows.get(t.milestoneId) : undefined;
    const at = row ? (t!.what === "due" ? row.due_at : row.warn_at) : null;
    // A row computed before the last policy change may be stale: its case is recomputed.
    const current = row && row.case_id === caseId && row.kind !== "next_update" && !row.met_at && row.status !== "paused" && OPEN(kase.status) && row.updated_at.getTime() >= (row.policies_changed?.getTime() ?? 0);
    if (current && at && at.getTime() <= ctx.now.getTime()) quick.push({ kase, row, what: t!.what === "due" ? "breached" : "warned", dueAt: at });
    else slow.add(caseId);
  });
  await fireQuick(ctx, quick);
  for (const caseId of slow) await fireDue(ctx, caseId);
}

/** Warnings and breaches fired from their stored rows, set-based: once each (the firings' key), with their events, outbox rows and notifications. */
async function fireQuick(ctx: Ctx, quick: Quick[]): Promise<void> {
  if (quick.length === 0) return;
  quick.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.what === "warned" ? -1 : 1));
  const recorded = await recordFirings(ctx.tx, quick.map((q) => ({ milestoneId: q.row.id, what: q.what, caseId: q.kase.id, dueAt: q.dueAt })), ctx.now);
  const fired = quick.filter((q) => recorded.has(`${q.row.id}:${q.what}`));
  const events: Parameters<typeof recordCaseEvents>[1][number][] = [];
  const outbox: OutboxInput[] = [];
  const notices: NotifyInput[] = [];
  const escalations: Parameters<typeof scheduleMany>[1][number][] = [];
  for (const { kase, row, what } of fired) {
    const data = { milestoneId: row.id, kind: row.kind, dueAt: (row.due_at ?? ctx.now).toISOString(), ...(row.description ? { description: row.description } : {}) };
    const type = what === "breached" ? "sla.breached" : "sla.warned";
    const id = newId(ctx.now.getTime());
    events.push({ id, caseId: kase.id, customerId: kase.customer_id, type, data });
    outbox.push({ type: `case.${type.replace(".", "_")}`, aggregate: { type: "case", id: kase.id }, audience: caseAudience(caseFacts(kase), "internal"), payload: { caseId: kase.id, number: kase.number, ...data } });
    const ladder = (row.escalation as EscalationLadder | null) ?? DEFAULT_LADDER;
    const subject = caseSubject(kase);
    if (what === "warned") {
      notices.push({ kind: "sla.warned", subject, recipients: recipients(kase, ladder.warn), dedupeKey: `sla.warned:${row.id}`, data, urgent: kase.priority === "urgent" });
    } else {
      notices.push({ kind: "sla.breached", subject, recipients: recipients(kase, ladder.breach), dedupeKey: `sla.breached:${row.id}`, data, urgent: true });
      const after = ladder.adminsAfter ? parseDuration(ladder.adminsAfter) : null;
      if (after !== null) escalations.push({ kind: SLA_ESCALATE, key: row.id, dueAt: new Date(ctx.now.getTime() + after), payload: { caseId: kase.id, milestoneId: row.id, eventId: id } });
    }
  }
  await recordCaseEvents(ctx, events);
  await publishMany(ctx, outbox);
  await notifyMany(ctx, notices);
  await scheduleMany(ctx, escalations);
}

/** Fires what has come due on the case's milestones, recomputing it from its history. */
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

function recipients(kase: CaseFactsRow, rungs: readonly Rung[]): NotifyInput["recipients"] {
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
  await publish(ctx, { type: `case.${type.replace(".", "_")}`, aggregate: { type: "case", id: kase.id }, audience: caseAudience(caseFacts(kase), "internal"), payload: { caseId: kase.id, number: kase.number, ...data } });
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

/**
 * The next batch of open cases after the cursor takes the policies now in force (each recomputed:
 * its active milestones from their original start, met and breached ones stay, `sla.policy_applied`
 * recorded where the policy changed). The next batch is scheduled unless a newer policy change has
 * scheduled a pass from the start meanwhile (`schedule` leaves that one be).
 */
async function recompute(ctx: Ctx, work: DueWork): Promise<void> {
  const ids = await openCaseIds(ctx.tx, typeof work.payload.after === "string" ? work.payload.after : null, RECOMPUTE_BATCH);
  for (const id of ids) {
    const kase = await findCase(ctx.tx, id, { forUpdate: true });
    if (kase) await track(ctx, kase);
  }
  if (ids.length === RECOMPUTE_BATCH) await schedule(ctx, { kind: SLA_RECOMPUTE, key: RECOMPUTE_KEY, dueAt: ctx.now, payload: { after: ids.at(-1)! } });
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
