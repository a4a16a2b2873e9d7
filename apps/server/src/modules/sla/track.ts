/**
 * Keeping a case's milestones in step with it: after every change to a case (an observer of the
 * cases module), and when a timer fires. Applies the policy the case should have (recorded as
 * `sla.policy_applied` when it changes), folds the history into milestones (domain/milestones.ts),
 * stores them, and moves the timers (platform due work) to what comes due next.
 */
import { SYSTEM } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import { cancel, reschedule } from "../../platform/due/index.js";
import { recordCaseEvent, type CaseMilestoneRow, type CaseRow } from "../cases/index.js";
import { addBusinessDays, addOpenTime, findCalendar, openTimeBetween, type BusinessCalendar } from "../calendars/index.js";
import { AROUND_THE_CLOCK, computeMilestones, timersOf, type AppliedTargets, type BusinessTime, type Firing, type HistoryEvent, type Milestone } from "./domain/milestones.js";
import { choosePolicy, sameTargets, targetsOf } from "./domain/policy.js";
import { listPolicies, loadHistory, milestonesOf, rulesOf, saveMilestones, type MilestoneRow } from "./repository.js";

/** The due work that wakes a case's milestones: one per milestone and what (its warning, its due time). */
export const SLA_TIMER = "sla.timer";

/** Open-time arithmetic in a business calendar (the calendars module); null: around the clock. */
export function businessTimeOf(cal: BusinessCalendar | null): BusinessTime {
  if (!cal) return AROUND_THE_CLOCK;
  return { addOpenTime: (start, ms) => addOpenTime(cal, start, ms), openTimeBetween: (from, to) => openTimeBetween(cal, from, to), addBusinessDays: (start, days, ms) => addBusinessDays(cal, start, days, ms) };
}

/** The business time of every calendar the case's history applied (a calendar since deleted: around the clock). */
async function calendarsOf(ctx: Ctx, history: readonly HistoryEvent[]): Promise<(calendarId: string | null) => BusinessTime> {
  const ids = new Set(history.filter((e) => e.type === "sla.policy_applied" && typeof e.data.calendarId === "string").map((e) => e.data.calendarId as string));
  const times = new Map<string, BusinessTime>();
  for (const id of ids) times.set(id, businessTimeOf(await findCalendar(ctx.tx, id)));
  return (calendarId) => (calendarId ? (times.get(calendarId) ?? AROUND_THE_CLOCK) : AROUND_THE_CLOCK);
}

export interface Tracked {
  kase: CaseRow;
  history: HistoryEvent[];
  milestones: Milestone[];
  firings: Firing[];
  targets: AppliedTargets | null;
  timeIn: (calendarId: string | null) => BusinessTime;
  rows: MilestoneRow[];
}

const ACTIVE = (status: string) => status !== "resolved" && status !== "closed";

/** The case's policy as it should now be; records `sla.policy_applied` when it differs from the last applied. */
async function applyPolicy(ctx: Ctx, kase: CaseRow, history: HistoryEvent[]): Promise<void> {
  const last = [...history].reverse().find((e) => e.type === "sla.policy_applied");
  if (last && !ACTIVE(kase.status)) return; // a resolved case keeps the policy it was resolved under
  const policy = choosePolicy((await listPolicies(ctx.tx)).map(rulesOf), kase);
  const targets = targetsOf(policy);
  if (sameTargets(last?.data as Partial<AppliedTargets> | undefined, targets)) return;
  const event = await recordCaseEvent({ ...ctx, actor: SYSTEM }, { caseId: kase.id, customerId: kase.customer_id, type: "sla.policy_applied", data: { ...targets } });
  history.push({ id: event.id, type: event.type, at: event.at, actorType: "system", data: event.data });
}

/** The case's milestones now, from its history under the policy it should have (recorded if it changed); nothing else written. */
export async function assess(ctx: Ctx, kase: CaseRow): Promise<Omit<Tracked, "rows">> {
  const history = await loadHistory(ctx.tx, kase.id);
  await applyPolicy(ctx, kase, history);
  const timeIn = await calendarsOf(ctx, history);
  return { kase, history, timeIn, ...computeMilestones(history, timeIn, ctx.now) };
}

/** Recomputes, stores and re-times the case's milestones. */
export async function track(ctx: Ctx, kase: CaseRow): Promise<Tracked> {
  const before = new Map((await milestonesOf(ctx.tx, kase.id)).map((r) => [r.id, r]));
  const { history, milestones, firings, targets, timeIn } = await assess(ctx, kase);
  const time = timeIn(targets?.calendarId ?? null);
  const shown = milestones.map((m) => ({ ...m, shownDueAt: m.dueAt ?? time.addOpenTime(ctx.now, m.remainingMs ?? 0) }));
  const rows = await saveMilestones(ctx.tx, kase.id, shown, ctx.now);
  await retime(ctx, kase.id, milestones, firings, targets, before);
  return { kase, history, timeIn, milestones, firings, targets, rows };
}

const key = (milestoneId: string, what: "warn" | "due") => `${milestoneId}:${what}`;
const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/** Moves the timers of the milestones that changed: pending for each warning and due time still to come, none for the rest. */
async function retime(ctx: Ctx, caseId: string, milestones: Milestone[], firings: Firing[], targets: AppliedTargets | null, before: Map<string, MilestoneRow>): Promise<void> {
  const wanted = new Map(timersOf(milestones, targets).map((t) => [key(t.milestoneId, t.what), t.at]));
  // Come due and not yet fired (a late first reply, a scheduler behind): fire now.
  for (const f of firings) wanted.set(key(f.milestoneId, f.what === "warned" || f.what === "owner_told" ? "warn" : "due"), f.at);
  for (const m of milestones) {
    const old = before.get(m.id);
    const unchanged = old && sameTime(old.due_at, m.dueAt) && sameTime(old.warn_at, m.warnAt) && sameTime(old.met_at, m.metAt) && old.status === m.status;
    for (const what of ["warn", "due"] as const) {
      const at = wanted.get(key(m.id, what));
      if (at) {
        if (!unchanged || firings.some((f) => f.milestoneId === m.id)) await reschedule(ctx, { kind: SLA_TIMER, key: key(m.id, what), dueAt: at, payload: { caseId } });
      } else if (old && !unchanged) await cancel(ctx, SLA_TIMER, key(m.id, what));
    }
  }
}

/** The milestones a case row carries, from the rows just stored (for the answer to the command that changed it). */
export const asCaseMilestones = (rows: readonly MilestoneRow[]): CaseMilestoneRow[] =>
  rows.map((r) => ({ id: r.id, kind: r.kind, description: r.description, started_at: r.started_at, due_at: r.due_at, warn_at: r.warn_at, remaining_seconds: r.remaining_seconds, status: r.status, met_at: r.met_at, met_by: r.met_by }));
