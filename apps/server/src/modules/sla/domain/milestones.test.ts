/** Milestones as a pure function of the case's history, the policies applied and now — frozen clocks only. */
import { describe, expect, it } from "vitest";
import { addBusinessDays, addOpenTime, openTimeBetween, type BusinessCalendar } from "../../calendars/index.js";
import { AROUND_THE_CLOCK, computeMilestones, milestoneId, timersOf, type AppliedTargets, type BusinessTime, type HistoryEvent } from "./milestones.js";
import { sameTargets, targetsOf } from "./policy.js";

const T0 = new Date("2041-01-07T01:00:00.000Z");
const s = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let seq = 0;
const ev = (seconds: number, type: string, data: Record<string, unknown> = {}, actorType: HistoryEvent["actorType"] = "user"): HistoryEvent => ({
  id: `00000000-0000-7000-8000-${String(++seq).padStart(12, "0")}`,
  type,
  at: s(seconds),
  actorType,
  data,
});
const targets = (t: Partial<AppliedTargets> = {}): AppliedTargets => ({
  policyId: "p1",
  firstResponseMs: 60_000,
  nextUpdateMs: 120_000,
  resolutionMs: 600_000,
  warnBeforeMs: 10_000,
  calendarId: null,
  pauseWhileWaitingOnCustomer: true,
  proactiveUpdates: "off",
  ...t,
});
const applied = (seconds: number, t: Partial<AppliedTargets> = {}) => ev(seconds, "sla.policy_applied", { ...targets(t) }, "system");
const reply = (seconds: number, actor: HistoryEvent["actorType"] = "user") => ev(seconds, "message.added", { visibility: "public", body: "x" }, actor);
const status = (seconds: number, from: string, to: string) => ev(seconds, "case.status_changed", { from, to });
const at = () => AROUND_THE_CLOCK;
const run = (history: HistoryEvent[], now: number, time: (id: string | null) => BusinessTime = at) => computeMilestones(history, time, s(now));
const brief = (history: HistoryEvent[], now: number) => run(history, now).milestones.map((m) => ({ kind: m.kind, status: m.status, dueAt: m.dueAt?.toISOString() ?? null, metAt: m.metAt?.toISOString() ?? null }));

describe("arming and meeting", () => {
  it("a new case under a policy has first_response and resolution, warned then breached as time passes", () => {
    const h = [ev(0, "case.created"), applied(0)];
    expect(brief(h, 0)).toEqual([
      { kind: "first_response", status: "active", dueAt: s(60).toISOString(), metAt: null },
      { kind: "resolution", status: "active", dueAt: s(600).toISOString(), metAt: null },
    ]);
    expect(brief(h, 50)[0]!.status).toBe("warned");
    expect(brief(h, 60)[0]!.status).toBe("breached");
    expect(run(h, 60).firings.map((f) => `${f.kind}:${f.what}`)).toEqual(["first_response:warned", "first_response:breached"]);
  });

  it("no policy applied yet, or a policy without targets: no milestones", () => {
    expect(run([ev(0, "case.created")], 0).milestones).toEqual([]);
    expect(run([ev(0, "case.created"), applied(0, { firstResponseMs: null, nextUpdateMs: null, resolutionMs: null })], 0).milestones).toEqual([]);
  });

  it("the first public message from staff meets first_response and arms next_update; notes, customers and system do not", () => {
    const h = [ev(0, "case.created"), applied(0), ev(5, "message.added", { visibility: "internal", body: "note" }), reply(6, "customer"), reply(7, "system"), reply(20, "partner")];
    expect(brief(h, 30)).toEqual([
      { kind: "first_response", status: "met", dueAt: s(60).toISOString(), metAt: s(20).toISOString() },
      { kind: "resolution", status: "active", dueAt: s(600).toISOString(), metAt: null },
      { kind: "next_update", status: "active", dueAt: s(140).toISOString(), metAt: null },
    ]);
  });

  it("every public staff message re-arms next_update; a first reply after the due time stays breached with its metAt", () => {
    const h = [ev(0, "case.created"), applied(0), reply(90), reply(150)];
    expect(brief(h, 160).filter((m) => m.kind !== "resolution")).toEqual([
      { kind: "first_response", status: "breached", dueAt: s(60).toISOString(), metAt: s(90).toISOString() },
      { kind: "next_update", status: "met", dueAt: s(210).toISOString(), metAt: s(150).toISOString() },
      { kind: "next_update", status: "active", dueAt: s(270).toISOString(), metAt: null },
    ]);
    // Met late and not yet recorded as breached: the breach still fires, once (a warning no longer would).
    expect(run(h, 160).firings.map((f) => `${f.kind}:${f.what}`)).toEqual(["first_response:breached"]);
    const recorded = [...h, ev(161, "sla.warned", { milestoneId: milestoneId(h[0]!.id, "first_response") }, "system"), ev(161, "sla.breached", { milestoneId: milestoneId(h[0]!.id, "first_response") }, "system")];
    expect(run(recorded, 170).firings).toEqual([]);
  });

  it("without a first-response target, next_update runs from the opening", () => {
    expect(brief([ev(0, "case.created"), applied(0, { firstResponseMs: null })], 0).map((m) => `${m.kind}@${m.dueAt}`)).toEqual([`next_update@${s(120).toISOString()}`, `resolution@${s(600).toISOString()}`]);
  });

  it("a commitment is due at the promised time, warns warnBefore ahead, and is not paused by waiting", () => {
    const h = [ev(0, "case.created"), applied(0, { firstResponseMs: null, nextUpdateMs: null, resolutionMs: null }), ev(5, "commitment.added", { description: "Ticket by 18:00", dueAt: s(100).toISOString() }), status(10, "open", "waiting_on_customer")];
    const [m] = run(h, 95).milestones;
    expect(m).toMatchObject({ kind: "commitment", description: "Ticket by 18:00", dueAt: s(100), warnAt: s(90), status: "warned" });
    expect(run(h, 100).milestones[0]!.status).toBe("breached");
  });

  it("ids are stable across recomputations", () => {
    const h = [ev(0, "case.created"), applied(0)];
    expect(run(h, 0).milestones.map((m) => m.id)).toEqual(run(h, 500).milestones.map((m) => m.id));
    expect(milestoneId("a", "resolution")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("pauses, resolution, reopening", () => {
  it("waiting on the customer pauses the clocks (when the policy says so) and they run on afterwards", () => {
    const h = [ev(0, "case.created"), applied(0), status(30, "open", "waiting_on_customer")];
    const paused = run(h, 1000).milestones;
    expect(paused.map((m) => [m.kind, m.status, m.dueAt, m.remainingMs])).toEqual([
      ["first_response", "paused", null, 30_000],
      ["resolution", "paused", null, 570_000],
    ]);
    expect(run(h, 1000).firings).toEqual([]);
    const resumed = [...h, status(1000, "waiting_on_customer", "open")];
    expect(brief(resumed, 1000).map((m) => m.dueAt)).toEqual([s(1030).toISOString(), s(1570).toISOString()]);
  });

  it("a policy that does not pause keeps the clocks running while waiting; waiting on a party never pauses", () => {
    expect(brief([ev(0, "case.created"), applied(0, { pauseWhileWaitingOnCustomer: false }), status(30, "open", "waiting_on_customer")], 40)[0]!.dueAt).toBe(s(60).toISOString());
    expect(brief([ev(0, "case.created"), applied(0), status(30, "open", "waiting_on_party")], 40)[0]!.dueAt).toBe(s(60).toISOString());
  });

  it("waiting on the customer then on a party resumes the clock", () => {
    const h = [ev(0, "case.created"), applied(0), status(30, "open", "waiting_on_customer"), status(100, "waiting_on_customer", "waiting_on_party")];
    expect(brief(h, 100)[0]!.dueAt).toBe(s(130).toISOString());
  });

  it("a breach while paused cannot happen; a breach before the pause stays", () => {
    const h = [ev(0, "case.created"), applied(0), status(70, "open", "waiting_on_customer")];
    expect(brief(h, 500)[0]).toEqual({ kind: "first_response", status: "breached", dueAt: s(60).toISOString(), metAt: null });
  });

  it("resolving meets every open milestone, no clock runs on a resolved case, and reopening arms new ones", () => {
    const h = [ev(0, "case.created"), applied(0), ev(30, "case.resolved", { from: "open", to: "resolved" })];
    expect(brief(h, 5000).map((m) => `${m.kind}:${m.status}:${m.metAt}`)).toEqual([`first_response:met:${s(30).toISOString()}`, `resolution:met:${s(30).toISOString()}`]);
    expect(run(h, 5000).firings).toEqual([]);
    expect(timersOf(run(h, 5000).milestones, targets())).toEqual([]);
    const reopened = [...h, ev(6000, "case.reopened", { from: "resolved", to: "open" })];
    expect(brief(reopened, 6000).filter((m) => m.status === "active")).toEqual([
      { kind: "next_update", status: "active", dueAt: s(6120).toISOString(), metAt: null },
      { kind: "resolution", status: "active", dueAt: s(6600).toISOString(), metAt: null },
    ]);
  });
});

describe("a policy changed mid-case", () => {
  it("active milestones are recomputed from their original start; met ones keep the due time they were met against", () => {
    const h = [ev(0, "case.created"), applied(0), reply(40), applied(50, { policyId: "p2", firstResponseMs: 10_000, resolutionMs: 1_200_000, nextUpdateMs: 30_000 })];
    expect(brief(h, 55)).toEqual([
      { kind: "first_response", status: "met", dueAt: s(60).toISOString(), metAt: s(40).toISOString() },
      { kind: "resolution", status: "active", dueAt: s(1200).toISOString(), metAt: null },
      { kind: "next_update", status: "active", dueAt: s(70).toISOString(), metAt: null },
    ]);
    expect(run(h, 55).milestones.find((m) => m.kind === "first_response")!.policyId).toBe("p1");
  });

  it("a shorter target already past is breached at once; a breach recorded before stays breached under a longer one", () => {
    const h = [ev(0, "case.created"), applied(0), applied(30, { firstResponseMs: 20_000 })];
    expect(brief(h, 30)[0]!.status).toBe("breached");
    const opened = ev(0, "case.created");
    const h2 = [opened, applied(0), ev(61, "sla.breached", { milestoneId: milestoneId(opened.id, "first_response") }, "system"), applied(70, { firstResponseMs: 3_600_000 })];
    expect(brief(h2, 80)[0]).toMatchObject({ status: "breached", dueAt: s(3600).toISOString() });
  });

  it("a new policy that adds a target arms it from the original start; one that drops it drops the milestone", () => {
    const h = [ev(0, "case.created"), applied(0, { resolutionMs: null }), applied(30, { resolutionMs: 100_000 })];
    expect(brief(h, 30).find((m) => m.kind === "resolution")!.dueAt).toBe(s(100).toISOString());
    expect(brief([...h, applied(40, { resolutionMs: null })], 40).find((m) => m.kind === "resolution")).toBeUndefined();
  });
});

describe("automatic updates", () => {
  it("auto: next_update never warns or breaches; at its due time an update is due, which meets it (by system) and re-arms it", () => {
    const h = [ev(0, "case.created"), applied(0, { proactiveUpdates: "auto" }), reply(10)];
    expect(run(h, 125).firings).toEqual([]);
    expect(run(h, 131).firings.map((f) => `${f.kind}:${f.what}`)).toEqual(["next_update:update_due"]);
    expect(run(h, 131).milestones.find((m) => m.kind === "next_update")!.status).toBe("active");
    const nu = run(h, 131).milestones.find((m) => m.kind === "next_update")!;
    const sent = [...h, reply(131, "system"), ev(131, "sla.update_sent", { milestoneId: nu.id }, "system")];
    expect(brief(sent, 131).filter((m) => m.kind === "next_update")).toEqual([
      { kind: "next_update", status: "met", dueAt: s(130).toISOString(), metAt: s(131).toISOString() },
      { kind: "next_update", status: "active", dueAt: s(251).toISOString(), metAt: null },
    ]);
  });

  it("notify_owner_first: the owner is told at the warning time, the update is due at the due time", () => {
    const h = [ev(0, "case.created"), applied(0, { proactiveUpdates: "notify_owner_first" }), reply(10)];
    expect(run(h, 120).firings.map((f) => `${f.kind}:${f.what}`)).toEqual(["next_update:owner_told"]);
    expect(run(h, 130).firings.map((f) => `${f.kind}:${f.what}`)).toEqual(["next_update:owner_told", "next_update:update_due"]);
  });
});

describe("business time", () => {
  // A test calendar: open 09:00–10:00 UTC every day (the calendars module brings real ones).
  const hourADay: BusinessTime = {
    addOpenTime(start, ms) {
      let t = start.getTime();
      let left = ms;
      for (;;) {
        const day = Math.floor(t / 86_400_000) * 86_400_000;
        const open = day + 9 * 3_600_000;
        const close = day + 10 * 3_600_000;
        const from = Math.max(t, open);
        if (from < close && close - from >= left) return new Date(from + left);
        if (from < close) left -= close - from;
        t = day + 86_400_000;
      }
    },
    openTimeBetween(from, to) {
      let total = 0;
      for (let day = Math.floor(from.getTime() / 86_400_000) * 86_400_000; day < to.getTime(); day += 86_400_000) {
        total += Math.max(0, Math.min(to.getTime(), day + 10 * 3_600_000) - Math.max(from.getTime(), day + 9 * 3_600_000));
      }
      return total;
    },
  };
  it("a clock runs in the policy's calendar: overnight, and across a pause", () => {
    const h = [ev(0, "case.created"), applied(0, { calendarId: "c1", firstResponseMs: 90 * 60_000 })];
    // Opened 01:00 UTC: the first hour counts 09:00–10:00 that day, the rest the next day from 09:00.
    expect(run(h, 0, () => hourADay).milestones[0]!.dueAt).toEqual(new Date("2041-01-08T09:30:00.000Z"));
    const paused = [...h, ev(9 * 3600 - 3600 + 1800, "case.status_changed", { from: "open", to: "waiting_on_customer" }), ev(86_400, "case.status_changed", { from: "waiting_on_customer", to: "open" })];
    // 30 open minutes ran (09:00–09:30) before the pause; resumed 01:00 next day: 60 left → 10:00 that day.
    expect(run(paused, 86_400, () => hourADay).milestones[0]!.dueAt).toEqual(new Date("2041-01-08T10:00:00.000Z"));
  });
});

describe("days in a business calendar count working days", () => {
  const weekdays = (from: string, to: string) => ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from, to }));
  // Shanghai desk: 09:00–12:00 and 13:30–18:00 Mon–Fri; Fri 2026-06-19 a holiday; Sat 2026-06-27 a make-up working day.
  const shanghai: BusinessCalendar = { id: "sh", name: "Shanghai", timezone: "Asia/Shanghai", hours: [...weekdays("09:00", "12:00"), ...weekdays("13:30", "18:00")], holidays: ["2026-06-19"], workingDays: [{ date: "2026-06-27" }] };
  // Berlin office hours, for a DST change (2026-03-29).
  const berlin: BusinessCalendar = { id: "be", name: "Berlin", timezone: "Europe/Berlin", hours: weekdays("09:00", "17:00"), holidays: [], workingDays: [] };
  const timeOf = (cal: BusinessCalendar) => (): BusinessTime => ({
    addOpenTime: (start, ms) => addOpenTime(cal, start, ms),
    openTimeBetween: (from, to) => openTimeBetween(cal, from, to),
    addBusinessDays: (start, days, ms) => addBusinessDays(cal, start, days, ms),
  });
  const sh = (local: string) => new Date(`${local}+08:00`);
  /** The resolution milestone of a case opened at `opened` under `resolution` (days, ms) in the calendar. */
  const resolution = (cal: BusinessCalendar, opened: Date, resolutionDays: number, extraMs = 0, warnBeforeMs = 0) => {
    const created: HistoryEvent = { id: "00000000-0000-7000-8000-00000000d001", type: "case.created", at: opened, actorType: "user", data: {} };
    const policy: HistoryEvent = { ...created, id: "00000000-0000-7000-8000-00000000d002", type: "sla.policy_applied", actorType: "system", data: { ...targets({ firstResponseMs: null, nextUpdateMs: null, resolutionMs: resolutionDays * 86_400_000 + extraMs, resolutionDays, warnBeforeMs, calendarId: cal.id }) } };
    return computeMilestones([created, policy], timeOf(cal), opened).milestones.find((m) => m.kind === "resolution")!;
  };

  it("Friday 17:00 + P1D is Monday 17:00, and the warning comes in open time before it", () => {
    const m = resolution(shanghai, sh("2026-06-05T17:00:00"), 1, 0, 15 * 60_000);
    expect(m.dueAt).toEqual(sh("2026-06-08T17:00:00"));
    expect(m.warnAt).toEqual(sh("2026-06-08T16:45:00"));
  });

  it("the hours after the days count open time: Friday 17:00 + P1DT2H is Tuesday 10:00", () => {
    expect(resolution(shanghai, sh("2026-06-05T17:00:00"), 1, 2 * 3_600_000).dueAt).toEqual(sh("2026-06-09T10:00:00"));
  });

  it("the day before a holiday: Thursday 10:00 + P1D is Monday 10:00", () => {
    expect(resolution(shanghai, sh("2026-06-18T10:00:00"), 1).dueAt).toEqual(sh("2026-06-22T10:00:00"));
  });

  it("a make-up Saturday is a working day: Friday 15:00 + P1D is Saturday 15:00, + P2D Monday 15:00", () => {
    expect(resolution(shanghai, sh("2026-06-26T15:00:00"), 1).dueAt).toEqual(sh("2026-06-27T15:00:00"));
    expect(resolution(shanghai, sh("2026-06-26T15:00:00"), 2).dueAt).toEqual(sh("2026-06-29T15:00:00"));
  });

  it("across a DST change: Friday 10:00 CET + P1D is Monday 10:00 CEST (an hour less in UTC)", () => {
    const m = resolution(berlin, new Date("2026-03-27T09:00:00Z"), 1);
    expect(m.dueAt).toEqual(new Date("2026-03-30T08:00:00Z"));
  });

  it("outside opening hours the count starts at the next opening: Saturday 11:00 + P1D is Tuesday 09:00", () => {
    expect(resolution(shanghai, sh("2026-06-06T11:00:00"), 1).dueAt).toEqual(sh("2026-06-09T09:00:00"));
  });

  it("a policy records the days of its targets only with a calendar (around the clock a day is 24 hours)", () => {
    const rules = { id: "p", name: "P", position: 1, appliesKind: null, appliesPriority: null, appliesCategory: null, firstResponse: "PT1H", nextUpdate: "P1D", resolution: "P5DT4H", warnBefore: "PT15M", pauseWhileWaitingOnCustomer: true, proactiveUpdates: "auto" as const };
    expect(targetsOf({ ...rules, calendarId: "sh" })).toMatchObject({ nextUpdateMs: 86_400_000, nextUpdateDays: 1, resolutionDays: 5 });
    expect(targetsOf({ ...rules, calendarId: "sh" }).firstResponseDays).toBeUndefined();
    const aroundTheClock = targetsOf({ ...rules, calendarId: null });
    expect(aroundTheClock.nextUpdateDays).toBeUndefined();
    expect(sameTargets({ ...aroundTheClock }, aroundTheClock)).toBe(true);
  });
});
