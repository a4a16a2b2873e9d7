/**
 * A case's milestones as a pure function of its history, the policies applied to it (their
 * targets travel in the history's `sla.policy_applied` events), the business time its clocks run
 * in, and now. No database, no clock: the same history gives the same milestones.
 *
 * - `first_response` runs from the case's opening until the first public message from staff
 *   (automatic messages from `system` do not count).
 * - `next_update` is armed by every public message from staff (and by an automatic update) while
 *   the case is open, and met by the next one; without a first-response target it runs from the opening.
 * - `resolution` runs from the opening (and again from a reopening) until the case is resolved.
 * - `commitment`: one per promise recorded on the case, due at the promised time.
 * - `task`: one per task given with a due time (modules/tasks), due then; met when the task is
 *   done or closed.
 * - Waiting on the customer pauses the first three when the policy says so; resolving the case
 *   meets every milestone still open (no clock runs on a resolved case).
 * - A milestone met after its due time is `breached` with its `metAt`. A policy applied mid-case
 *   recomputes the open milestones from their original start; met and breached ones stay.
 */
import { createHash } from "node:crypto";

export type MilestoneKind = "first_response" | "next_update" | "resolution" | "commitment" | "task";
export type MilestoneStatus = "active" | "paused" | "warned" | "met" | "breached";
export type MetBy = "staff" | "system" | "resolution";
export type ProactiveUpdates = "auto" | "notify_owner_first" | "off";

/** The targets of the policy in force, as `sla.policy_applied` records them (durations in ms). */
export interface AppliedTargets {
  policyId: string | null;
  firstResponseMs: number | null;
  nextUpdateMs: number | null;
  resolutionMs: number | null;
  warnBeforeMs: number;
  calendarId: string | null;
  pauseWhileWaitingOnCustomer: boolean;
  proactiveUpdates: ProactiveUpdates;
  /**
   * In a calendar, the whole days of each target (they are also in its `…Ms`, as 24 hours each):
   * they count working days — `P1D` is the same open moment on the next working day — and the
   * rest counts open time. Absent (older histories, or none) every millisecond counts open time.
   */
  firstResponseDays?: number | null;
  nextUpdateDays?: number | null;
  resolutionDays?: number | null;
}

/** Open-time arithmetic in one business calendar (or around the clock). */
export interface BusinessTime {
  /** The moment `ms` of open time after `start`. */
  addOpenTime(start: Date, ms: number): Date;
  /** The open time between two moments, in ms. */
  openTimeBetween(from: Date, to: Date): number;
  /** `days` working days after `start` (the same open moment), then `ms` of open time; absent: days of 24 hours. */
  addBusinessDays?(start: Date, days: number, ms: number): Date;
}

/** Around the clock: every millisecond is open. */
export const AROUND_THE_CLOCK: BusinessTime = {
  addOpenTime: (start, ms) => new Date(start.getTime() + ms),
  openTimeBetween: (from, to) => Math.max(0, to.getTime() - from.getTime()),
};

/** One event of the case's history, as the fold reads it. */
export interface HistoryEvent {
  id: string;
  type: string;
  at: Date;
  actorType: "user" | "partner" | "customer" | "system" | "rule";
  data: Record<string, unknown>;
}

export interface Milestone {
  id: string;
  kind: MilestoneKind;
  description: string | null;
  startedAt: Date;
  /** Null while paused. */
  dueAt: Date | null;
  warnAt: Date | null;
  /** Open time left on a paused clock. */
  remainingMs: number | null;
  status: MilestoneStatus;
  metAt: Date | null;
  metBy: MetBy | null;
  policyId: string | null;
  /** Has its warning / breach already been recorded in the history? */
  warned: boolean;
  breached: boolean;
}

/** What has come due on a milestone and not yet happened (for the timers to fire, once each). */
export type Firing = { milestoneId: string; kind: MilestoneKind; what: "warned" | "breached" | "update_due" | "owner_told"; at: Date };

interface Segment {
  from: Date;
  to: Date | null;
}

interface Working {
  id: string;
  kind: MilestoneKind;
  description: string | null;
  startedAt: Date;
  segments: Segment[];
  fixedDue: Date | null;
  met: { at: Date; by: MetBy; dueAt: Date | null; warnAt: Date | null; policyId: string | null } | null;
  warned: boolean;
  breached: boolean;
}

const KIND_ORDER: Record<MilestoneKind, number> = { first_response: 0, next_update: 1, resolution: 2, commitment: 3, task: 4 };
const PAUSABLE: ReadonlySet<MilestoneKind> = new Set(["first_response", "next_update", "resolution"]);
const STAFF: ReadonlySet<HistoryEvent["actorType"]> = new Set(["user", "partner"]);

/** A stable uuid for the milestone armed by `eventId` (the same on every recomputation). */
export function milestoneId(eventId: string, kind: MilestoneKind): string {
  const hex = createHash("sha1").update(`${eventId}:${kind}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The order the fold reads a history in: by time, the opening and the policy first among equals, then by id. */
const RANK: Record<string, number> = { "case.created": 0, "sla.policy_applied": 1 };
export function inHistoryOrder(events: readonly HistoryEvent[]): HistoryEvent[] {
  return [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || (RANK[a.type] ?? 2) - (RANK[b.type] ?? 2) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const isPublicMessage = (e: HistoryEvent) => e.type === "message.added" && e.data.visibility === "public";
const statusTo = (e: HistoryEvent): string | null => {
  if (e.type === "case.resolved") return "resolved";
  if (e.type === "case.closed") return "closed";
  if (e.type === "case.reopened") return "open";
  if (e.type === "case.status_changed" && typeof e.data.to === "string") return e.data.to;
  return null;
};

export function targetOf(t: AppliedTargets, kind: MilestoneKind): number | null {
  if (kind === "first_response") return t.firstResponseMs;
  if (kind === "next_update") return t.nextUpdateMs;
  if (kind === "resolution") return t.resolutionMs;
  return null;
}

const DAY_MS = 86_400_000;
function daysOf(t: AppliedTargets, kind: MilestoneKind): number {
  const days = kind === "first_response" ? t.firstResponseDays : kind === "next_update" ? t.nextUpdateDays : kind === "resolution" ? t.resolutionDays : null;
  return days ?? 0;
}

/**
 * The open time a target gives a milestone started at `start`: its `…Ms`, except that in a
 * calendar its whole days count working days — the open time from the start to the same open
 * moment that many working days later (a pause then moves the due time by the open time it took).
 */
function openTarget(t: AppliedTargets, kind: MilestoneKind, time: BusinessTime, start: Date): { target: number; end: Date | null } | null {
  const total = targetOf(t, kind);
  const days = daysOf(t, kind);
  if (total === null || days <= 0 || !time.addBusinessDays) return total === null ? null : { target: total, end: null };
  const end = time.addBusinessDays(start, days, Math.max(0, total - days * DAY_MS));
  return { target: time.openTimeBetween(start, end), end };
}

/** Where the running open time of `segments` reaches `target`; null when it has not yet (paused) — then also what is left. */
function reach(time: BusinessTime, segments: readonly Segment[], target: number): { at: Date | null; remaining: number } {
  let accrued = 0;
  for (const s of segments) {
    if (s.to === null) return { at: time.addOpenTime(s.from, Math.max(0, target - accrued)), remaining: target - accrued };
    const span = time.openTimeBetween(s.from, s.to);
    if (accrued + span >= target) return { at: time.addOpenTime(s.from, target - accrued), remaining: 0 };
    accrued += span;
  }
  return { at: null, remaining: target - accrued };
}

/** The due and warning times of a working milestone under the targets `t`. */
function timesOf(m: Working, t: AppliedTargets | null, timeIn: (calendarId: string | null) => BusinessTime) {
  const warnBefore = t?.warnBeforeMs ?? 0;
  if (m.fixedDue) return { dueAt: m.fixedDue, warnAt: new Date(m.fixedDue.getTime() - warnBefore), remainingMs: null };
  if (!t) return null;
  const time = timeIn(t.calendarId);
  const open = openTarget(t, m.kind, time, m.startedAt);
  if (open === null) return null;
  const { target, end } = open;
  const due = reach(time, m.segments, target);
  const warn = reach(time, m.segments, Math.max(0, target - warnBefore));
  // Never paused: due at the same open moment the working days later itself (not the close of the day before, which has the same open time).
  const unpaused = m.segments.length === 1 && m.segments[0]!.to === null;
  return { dueAt: end && unpaused ? end : due.at, warnAt: warn.at, remainingMs: due.at ? null : due.remaining };
}

/**
 * The milestones of a case at `now`, oldest first, and what has come due on them and not yet
 * been recorded (warnings, breaches, automatic updates), earliest first.
 */
export function computeMilestones(history: readonly HistoryEvent[], timeIn: (calendarId: string | null) => BusinessTime, now: Date): { milestones: Milestone[]; firings: Firing[]; targets: AppliedTargets | null } {
  const events = inHistoryOrder(history);
  const all: Working[] = [];
  let targets: AppliedTargets | null = null;
  let status = "open";
  let openedAt: Date | null = null;
  let openedBy: string | null = null;
  let firstResponded = false;
  /** The milestone of each task given with a due time, by task id. */
  const taskMilestones = new Map<string, string>();

  const running = (m: Working) => m.segments.length > 0 && m.segments[m.segments.length - 1]!.to === null;
  const paused = () => status === "waiting_on_customer" && (targets?.pauseWhileWaitingOnCustomer ?? false);
  const open = (kind: MilestoneKind) => all.find((m) => m.kind === kind && !m.met);
  const arm = (eventId: string, kind: MilestoneKind, at: Date, description: string | null = null, fixedDue: Date | null = null) => {
    const id = milestoneId(eventId, kind);
    if (all.some((m) => m.id === id)) return;
    all.push({ id, kind, description, startedAt: at, segments: fixedDue ? [] : [{ from: at, to: paused() && PAUSABLE.has(kind) ? at : null }], fixedDue, met: null, warned: false, breached: false });
  };
  const meet = (m: Working, at: Date, by: MetBy) => {
    const times = timesOf(m, targets, timeIn);
    m.met = { at, by, dueAt: times?.dueAt ?? null, warnAt: times?.warnAt ?? null, policyId: targets?.policyId ?? null };
  };
  const pauseAll = (at: Date) => {
    for (const m of all) if (!m.met && PAUSABLE.has(m.kind) && running(m)) m.segments[m.segments.length - 1]!.to = at;
  };
  const resumeAll = (at: Date) => {
    for (const m of all) if (!m.met && PAUSABLE.has(m.kind) && !m.fixedDue && !running(m)) m.segments.push({ from: at, to: null });
  };
  /** Arms what the targets ask for and the case lacks (the first policy, or a policy with a new target). */
  const armMissing = (e: HistoryEvent) => {
    if (!targets || !openedAt || !openedBy || status === "resolved" || status === "closed") return;
    if (targets.firstResponseMs !== null && !firstResponded && !all.some((m) => m.kind === "first_response")) arm(openedBy, "first_response", openedAt);
    if (targets.resolutionMs !== null && !open("resolution")) arm(openedBy, "resolution", openedAt);
    if (targets.nextUpdateMs !== null && !open("next_update") && (firstResponded || targets.firstResponseMs === null)) arm(e.id, "next_update", e.type === "sla.policy_applied" && !firstResponded ? openedAt : e.at);
  };

  for (const e of events) {
    if (e.type === "case.created") {
      openedAt = e.at;
      openedBy = e.id;
      status = "open";
      continue;
    }
    if (e.type === "sla.policy_applied") {
      const wasPaused = paused();
      targets = e.data as unknown as AppliedTargets;
      if (wasPaused && !paused()) resumeAll(e.at);
      if (!wasPaused && paused()) pauseAll(e.at);
      armMissing(e);
      continue;
    }
    if (e.type === "sla.warned" || e.type === "sla.breached") {
      const m = all.find((x) => x.id === e.data.milestoneId);
      if (m) m[e.type === "sla.warned" ? "warned" : "breached"] = true;
      continue;
    }
    if (e.type === "sla.update_sent") {
      const m = all.find((x) => x.id === e.data.milestoneId && !x.met);
      if (m) meet(m, e.at, "system");
      if (targets?.nextUpdateMs != null && status !== "resolved" && status !== "closed") arm(e.id, "next_update", e.at);
      continue;
    }
    if (e.type === "commitment.added") {
      arm(e.id, "commitment", e.at, typeof e.data.description === "string" ? e.data.description : null, new Date(String(e.data.dueAt)));
      continue;
    }
    if (e.type === "task.created" && typeof e.data.taskId === "string" && typeof e.data.dueAt === "string") {
      arm(e.id, "task", e.at, typeof e.data.title === "string" ? e.data.title : null, new Date(e.data.dueAt));
      taskMilestones.set(e.data.taskId, milestoneId(e.id, "task"));
      continue;
    }
    if ((e.type === "task.completed" || e.type === "task.closed") && typeof e.data.taskId === "string") {
      const m = all.find((x) => x.id === taskMilestones.get(e.data.taskId as string) && !x.met);
      if (m) meet(m, e.at, "staff");
      continue;
    }
    if (isPublicMessage(e) && STAFF.has(e.actorType) && status !== "resolved" && status !== "closed") {
      const first = open("first_response");
      if (first) meet(first, e.at, "staff");
      firstResponded = true;
      const update = open("next_update");
      if (update) meet(update, e.at, "staff");
      if (targets?.nextUpdateMs != null) arm(e.id, "next_update", e.at);
      continue;
    }
    const to = statusTo(e);
    if (!to) continue;
    const from = status;
    const wasPaused = paused();
    status = to;
    if (to === "resolved" || to === "closed") {
      for (const m of all) if (!m.met) meet(m, e.at, "resolution");
    } else if (from === "resolved") {
      // Reopened: the work starts again — a new resolution clock and an update owed to the customer.
      if (targets?.resolutionMs != null) arm(e.id, "resolution", e.at);
      if (targets?.nextUpdateMs != null) arm(e.id, "next_update", e.at);
    } else if (wasPaused && !paused()) resumeAll(e.at);
    else if (!wasPaused && paused()) pauseAll(e.at);
  }

  const milestones: Milestone[] = [];
  const firings: Firing[] = [];
  for (const m of all) {
    const times = m.met ? { dueAt: m.met.dueAt, warnAt: m.met.warnAt, remainingMs: null } : timesOf(m, targets, timeIn);
    if (!times) continue; // the policy in force has no target of this kind
    const late = times.dueAt !== null && ((m.met ? m.met.at : now) > times.dueAt || (!m.met && now.getTime() >= times.dueAt.getTime()));
    const automatic = m.kind === "next_update" && (targets?.proactiveUpdates ?? "off") !== "off";
    let status: MilestoneStatus;
    if (m.met) status = m.breached || (late && !(m.met.by === "system")) ? "breached" : "met";
    else if (m.breached || (late && !automatic)) status = "breached";
    else if (times.dueAt === null) status = "paused";
    else if (m.warned || (times.warnAt !== null && now >= times.warnAt && !(automatic && targets?.proactiveUpdates === "auto"))) status = "warned";
    else status = "active";
    milestones.push({
      id: m.id,
      kind: m.kind,
      description: m.description,
      startedAt: m.startedAt,
      dueAt: times.dueAt,
      warnAt: times.warnAt,
      remainingMs: times.remainingMs,
      status,
      metAt: m.met?.at ?? null,
      metBy: m.met?.by ?? null,
      policyId: m.met?.policyId ?? targets?.policyId ?? null,
      warned: m.warned,
      breached: m.breached,
    });
    // What has come due: the warning while the milestone is unmet; the breach if the due time came
    // before it was met (a late reply records its breach too); for an automatically updated
    // next_update, the update instead of the breach.
    const until = m.met?.at ?? null;
    const reached = (t: Date | null) => t !== null && now >= t && (until === null || until > t);
    if (!m.warned && !m.met && reached(times.warnAt) && !(automatic && targets?.proactiveUpdates === "auto")) {
      firings.push({ milestoneId: m.id, kind: m.kind, what: automatic ? "owner_told" : "warned", at: times.warnAt! });
    }
    if (!m.breached && reached(times.dueAt)) {
      if (!automatic) firings.push({ milestoneId: m.id, kind: m.kind, what: "breached", at: times.dueAt! });
      else if (!m.met) firings.push({ milestoneId: m.id, kind: m.kind, what: "update_due", at: times.dueAt! });
    }
  }
  firings.sort((a, b) => a.at.getTime() - b.at.getTime());
  milestones.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { milestones, firings, targets };
}

/** The next time something will come due on these milestones (for the timer), per milestone and what. */
export function timersOf(milestones: readonly Milestone[], targets: AppliedTargets | null): { milestoneId: string; what: "warn" | "due"; at: Date }[] {
  const automatic = (m: Milestone) => m.kind === "next_update" && (targets?.proactiveUpdates ?? "off") !== "off";
  const timers: { milestoneId: string; what: "warn" | "due"; at: Date }[] = [];
  for (const m of milestones) {
    if (m.metAt || m.dueAt === null) continue;
    if (!m.warned && m.warnAt && !(automatic(m) && targets?.proactiveUpdates === "auto")) timers.push({ milestoneId: m.id, what: "warn", at: m.warnAt });
    if (!m.breached) timers.push({ milestoneId: m.id, what: "due", at: m.dueAt });
  }
  return timers;
}
