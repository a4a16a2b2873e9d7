import { describe, expect, it } from "vitest";
import {
  addBusinessDuration,
  addOpenTime,
  type BusinessCalendar,
  BusinessTimeError,
  isOpenAt,
  nextOpening,
  openTimeBetween,
  type OpeningInterval,
  validateCalendar,
} from "./business-time.js";

const H = 3_600_000;
const M = 60_000;

const weekdays = (from: string, to: string): OpeningInterval[] => ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from, to }));

/** Shanghai hotline: Mon–Fri 09:00–12:00 and 13:30–18:00, Sat 10:00–16:00, national-day week with make-up days. */
const shanghai: BusinessCalendar = {
  id: "cal-sh",
  name: "Hotline Shanghai",
  timezone: "Asia/Shanghai",
  hours: [...weekdays("09:00", "12:00"), ...weekdays("13:30", "18:00"), { day: 6, from: "10:00", to: "16:00" }],
  holidays: ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
  workingDays: [{ date: "2026-09-27" }, { date: "2026-10-10" }],
};

/** Europe/Berlin, a night desk: every day 22:00–24:00 and 00:00–06:00, plus 09:00–17:00 on weekdays. */
const berlin: BusinessCalendar = {
  id: "cal-be",
  name: "Berlin",
  timezone: "Europe/Berlin",
  hours: [...weekdays("09:00", "17:00"), ...([1, 2, 3, 4, 5, 6, 7] as const).flatMap((day) => [{ day, from: "00:00", to: "06:00" }, { day, from: "22:00", to: "24:00" }])],
  holidays: [],
  workingDays: [],
};

const sh = (local: string): Date => new Date(`${local}+08:00`);

describe("around the clock (no calendar)", () => {
  it("is always open and adds plain time, a day being 24 hours", () => {
    const t = new Date("2026-03-28T12:00:00Z");
    expect(isOpenAt(null, t)).toBe(true);
    expect(nextOpening(null, t)).toEqual(t);
    expect(addBusinessDuration(null, t, "P1D")).toEqual(new Date("2026-03-29T12:00:00Z"));
    expect(addBusinessDuration(null, t, "PT6S")).toEqual(new Date("2026-03-28T12:00:06Z"));
    expect(addBusinessDuration(null, t, "P1W")).toEqual(new Date("2026-04-04T12:00:00Z"));
    expect(openTimeBetween(null, t, new Date("2026-03-28T13:00:00Z"))).toBe(H);
  });
});

describe("opening intervals", () => {
  it("knows open and closed, with a lunch break", () => {
    expect(isOpenAt(shanghai, sh("2026-06-01T09:00:00"))).toBe(true); // a Monday, opening instant
    expect(isOpenAt(shanghai, sh("2026-06-01T08:59:59"))).toBe(false);
    expect(isOpenAt(shanghai, sh("2026-06-01T12:00:00"))).toBe(false); // end is exclusive
    expect(isOpenAt(shanghai, sh("2026-06-01T12:45:00"))).toBe(false); // lunch
    expect(isOpenAt(shanghai, sh("2026-06-01T13:30:00"))).toBe(true);
    expect(isOpenAt(shanghai, sh("2026-06-07T11:00:00"))).toBe(false); // Sunday
    expect(isOpenAt(shanghai, sh("2026-06-06T11:00:00"))).toBe(true); // Saturday
  });

  it("finds the next opening, or the instant itself when open", () => {
    expect(nextOpening(shanghai, sh("2026-06-01T10:15:00"))).toEqual(sh("2026-06-01T10:15:00"));
    expect(nextOpening(shanghai, sh("2026-06-01T12:10:00"))).toEqual(sh("2026-06-01T13:30:00"));
    expect(nextOpening(shanghai, sh("2026-06-01T18:00:00"))).toEqual(sh("2026-06-02T09:00:00"));
    expect(nextOpening(shanghai, sh("2026-06-06T16:30:00"))).toEqual(sh("2026-06-08T09:00:00")); // Sat evening → Monday
  });

  it("counts open time across lunch, evenings and the weekend", () => {
    expect(addBusinessDuration(shanghai, sh("2026-06-01T09:00:00"), "PT3H")).toEqual(sh("2026-06-01T12:00:00"));
    expect(addBusinessDuration(shanghai, sh("2026-06-01T11:00:00"), "PT2H")).toEqual(sh("2026-06-01T14:30:00"));
    expect(addBusinessDuration(shanghai, sh("2026-06-01T09:00:00"), "PT8H")).toEqual(sh("2026-06-02T09:30:00")); // 7.5 h a weekday
    expect(addBusinessDuration(shanghai, sh("2026-06-05T17:00:00"), "PT8H")).toEqual(sh("2026-06-08T10:00:00")); // 1 h Fri + 6 h Sat + 1 h Mon
    expect(addBusinessDuration(shanghai, sh("2026-06-07T10:00:00"), "PT1H")).toEqual(sh("2026-06-08T10:00:00")); // starts Sunday: counts from Monday 09:00
  });

  it("counts seconds, and a start outside hours counts from the next opening", () => {
    expect(addBusinessDuration(shanghai, sh("2026-06-01T11:59:57"), "PT6S")).toEqual(sh("2026-06-01T13:30:03"));
    expect(addBusinessDuration(shanghai, sh("2026-06-01T19:00:00"), "PT6S")).toEqual(sh("2026-06-02T09:00:06"));
    expect(addBusinessDuration(shanghai, sh("2026-06-01T12:30:00"), "PT0S")).toEqual(sh("2026-06-01T13:30:00"));
    expect(addOpenTime(shanghai, sh("2026-06-01T17:59:59.500"), 1500)).toEqual(sh("2026-06-02T09:00:01"));
  });

  it("counts the days part as working days, at the same open moment", () => {
    expect(addBusinessDuration(shanghai, sh("2026-06-01T10:00:00"), "P1D")).toEqual(sh("2026-06-02T10:00:00"));
    expect(addBusinessDuration(shanghai, sh("2026-06-04T15:00:00"), "P2D")).toEqual(sh("2026-06-06T14:30:00")); // Thu → Sat: 4.5 h into the day (Sat opens 10:00)
    expect(addBusinessDuration(shanghai, sh("2026-06-05T17:00:00"), "P1D")).toEqual(sh("2026-06-08T09:30:00")); // 6.5 h into Fri; Sat has 6 h → carries into Monday
    expect(addBusinessDuration(shanghai, sh("2026-06-06T12:00:00"), "P1D")).toEqual(sh("2026-06-08T11:00:00")); // Sat noon (2 h in) → Monday 2 h in
    expect(addBusinessDuration(shanghai, sh("2026-06-01T20:00:00"), "P1DT1H")).toEqual(sh("2026-06-03T10:00:00")); // evening → from Tue 09:00
    expect(addBusinessDuration(shanghai, sh("2026-06-01T09:00:00"), "P1W")).toEqual(sh("2026-06-09T09:00:00")); // 7 working days (Saturdays count)
  });
});

describe("a shift past midnight", () => {
  it("carries over from 24:00 into 00:00 without a gap", () => {
    const at = new Date("2026-06-01T21:00:00Z"); // 23:00 Berlin summer time
    expect(isOpenAt(berlin, at)).toBe(true);
    expect(isOpenAt(berlin, new Date("2026-06-01T22:00:00Z"))).toBe(true); // 00:00
    expect(addOpenTime(berlin, at, 3 * H)).toEqual(new Date("2026-06-02T00:00:00Z")); // 02:00 next day
    expect(openTimeBetween(berlin, at, new Date("2026-06-02T04:30:00Z"))).toBe(7 * H); // 23:00 → 06:00 local
  });
});

describe("holidays and make-up days", () => {
  it("closes holidays", () => {
    expect(isOpenAt(shanghai, sh("2026-10-05T10:00:00"))).toBe(false); // a Monday in the national-day week
    expect(nextOpening(shanghai, sh("2026-09-30T18:30:00"))).toEqual(sh("2026-10-08T09:00:00"));
    expect(addBusinessDuration(shanghai, sh("2026-09-30T17:00:00"), "PT2H")).toEqual(sh("2026-10-08T10:00:00"));
    expect(addBusinessDuration(shanghai, sh("2026-09-30T10:00:00"), "P1D")).toEqual(sh("2026-10-08T10:00:00"));
  });

  it("opens a make-up Sunday with Monday's hours", () => {
    // 2026-09-27 is a Sunday made a working day: 09:00–12:00 and 13:30–18:00
    expect(isOpenAt(shanghai, sh("2026-09-27T09:30:00"))).toBe(true);
    expect(isOpenAt(shanghai, sh("2026-09-27T12:30:00"))).toBe(false);
    expect(addBusinessDuration(shanghai, sh("2026-09-26T15:00:00"), "PT2H")).toEqual(sh("2026-09-27T10:00:00"));
  });

  it("opens a make-up Saturday with Monday's hours rather than Saturday's", () => {
    // 2026-10-10 is a Saturday: Monday's hours, so open 09:00 and at 17:00
    expect(isOpenAt(shanghai, sh("2026-10-10T09:30:00"))).toBe(true);
    expect(isOpenAt(shanghai, sh("2026-10-10T17:00:00"))).toBe(true);
    expect(isOpenAt(shanghai, sh("2026-10-17T17:00:00"))).toBe(false); // an ordinary Saturday closes at 16:00
  });

  it("opens a make-up day with its own hours", () => {
    const cal = { ...shanghai, workingDays: [{ date: "2026-09-27", hours: [{ from: "10:00", to: "14:00" }] }] };
    expect(isOpenAt(cal, sh("2026-09-27T09:30:00"))).toBe(false);
    expect(isOpenAt(cal, sh("2026-09-27T13:00:00"))).toBe(true);
    expect(openTimeBetween(cal, sh("2026-09-27T00:00:00"), sh("2026-09-28T00:00:00"))).toBe(4 * H);
  });
});

describe("across DST", () => {
  it("spring forward in Berlin (2026-03-29): the night interval is an hour shorter", () => {
    const dayStart = new Date("2026-03-28T23:00:00Z"); // 00:00 CET, a Sunday
    const sixLocal = new Date("2026-03-29T04:00:00Z"); // 06:00 CEST
    expect(openTimeBetween(berlin, dayStart, sixLocal)).toBe(5 * H);
    expect(addOpenTime(berlin, dayStart, 5 * H)).toEqual(sixLocal);
    expect(addOpenTime(berlin, dayStart, 5 * H + 1000)).toEqual(new Date("2026-03-29T20:00:01Z")); // 22:00 CEST
    expect(isOpenAt(berlin, new Date("2026-03-29T01:30:00Z"))).toBe(true); // 03:30 CEST
  });

  it("fall back in Berlin (2026-10-25): the night interval is an hour longer", () => {
    const dayStart = new Date("2026-10-24T22:00:00Z"); // 00:00 CEST, a Sunday
    const sixLocal = new Date("2026-10-25T05:00:00Z"); // 06:00 CET
    expect(openTimeBetween(berlin, dayStart, sixLocal)).toBe(7 * H);
    expect(addOpenTime(berlin, dayStart, 7 * H)).toEqual(sixLocal);
  });

  it("keeps the wall-clock opening across the change for day counts", () => {
    // Friday 2026-03-27 10:00 CET (+01) → one working day later is Monday 2026-03-30 10:00 CEST (+02)
    const weekdaysOnly: BusinessCalendar = { ...berlin, hours: weekdays("09:00", "17:00") };
    expect(addBusinessDuration(weekdaysOnly, new Date("2026-03-27T09:00:00Z"), "P1D")).toEqual(new Date("2026-03-30T08:00:00Z"));
    expect(addBusinessDuration(weekdaysOnly, new Date("2026-10-23T08:00:00Z"), "P1D")).toEqual(new Date("2026-10-26T09:00:00Z"));
  });

  it("around the clock P1D stays 24 hours even across the change", () => {
    expect(addBusinessDuration(null, new Date("2026-03-28T12:00:00Z"), "P1D")).toEqual(new Date("2026-03-29T12:00:00Z"));
  });
});

describe("openTimeBetween agrees with addOpenTime", () => {
  it("for many starts and amounts (property-style)", () => {
    let seed = 42;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const cal of [shanghai, berlin]) {
      for (let i = 0; i < 300; i++) {
        const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 365 * 24 * H));
        const ms = Math.floor(rand() * 40 * H);
        const end = addOpenTime(cal, start, ms);
        expect(openTimeBetween(cal, start, end)).toBe(ms);
        expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime() + ms);
        if (ms > 0) expect(isOpenAt(cal, new Date(end.getTime() - 1))).toBe(true);
      }
    }
  });

  it("is zero for an empty or reversed range", () => {
    expect(openTimeBetween(shanghai, sh("2026-06-01T10:00:00"), sh("2026-06-01T10:00:00"))).toBe(0);
    expect(openTimeBetween(shanghai, sh("2026-06-01T11:00:00"), sh("2026-06-01T10:00:00"))).toBe(0);
    expect(openTimeBetween(shanghai, sh("2026-06-01T11:30:00"), sh("2026-06-01T14:00:00"))).toBe(60 * M);
  });
});

describe("refusals and guards", () => {
  it("refuses durations it cannot count", () => {
    expect(() => addBusinessDuration(shanghai, new Date(), "P1M")).toThrow(/years or months/);
    expect(() => addBusinessDuration(null, new Date(), "P1Y")).toThrow(/years or months/);
    expect(() => addBusinessDuration(shanghai, new Date(), "8 hours")).toThrow(/not an ISO 8601 duration/);
    expect(() => addBusinessDuration(shanghai, new Date(), "-PT1H")).toThrow(/negative/);
    expect(() => addOpenTime(shanghai, new Date(), -1)).toThrow(BusinessTimeError);
  });

  it("stops a far-future search with an error instead of spinning", () => {
    const rare: BusinessCalendar = { ...shanghai, hours: [{ day: 1, from: "09:00", to: "09:01" }], workingDays: [] };
    expect(() => addBusinessDuration(rare, sh("2026-06-01T09:00:00"), "P5000D")).toThrow(/open too rarely/);
    expect(() => addOpenTime(rare, sh("2026-06-01T09:00:00"), 5000 * 60 * M)).toThrow(/open too rarely/);
  });
});

describe("validateCalendar", () => {
  const good = { name: "Desk", timezone: "Asia/Shanghai", hours: [{ day: 1, from: "09:00", to: "12:00" }, { day: 1, from: "13:30", to: "18:00" }], holidays: ["2026-10-01"], workingDays: ["2026-10-10"] };
  const problems = (patch: Record<string, unknown>): string[] => {
    const r = validateCalendar({ ...good, ...patch });
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it("accepts a good calendar and normalises make-up days", () => {
    const r = validateCalendar({ ...good, workingDays: ["2026-10-10", { date: "2026-09-27", hours: [{ from: "10:00", to: "24:00" }] }] });
    expect(r).toEqual({
      ok: true,
      value: { name: "Desk", timezone: "Asia/Shanghai", hours: good.hours, holidays: ["2026-10-01"], workingDays: [{ date: "2026-09-27", hours: [{ from: "10:00", to: "24:00" }] }, { date: "2026-10-10" }] },
    });
  });

  it.each([
    ["an empty name", { name: " " }, /name: A calendar needs a name/],
    ["an unknown zone", { timezone: "Mars/Olympus" }, /timezone: "Mars\/Olympus" is not a known IANA time zone/],
    ["a bad time", { hours: [{ day: 1, from: "9:00", to: "12:00" }] }, /hours\[0\]\.from: "from" must be a time HH:MM/],
    ["24:00 as a start", { hours: [{ day: 1, from: "24:00", to: "24:00" }] }, /hours\[0\]\.from/],
    ["a bad day", { hours: [{ day: 8, from: "09:00", to: "12:00" }] }, /hours\[0\]\.day: day must be 1 \(Monday\) to 7/],
    ["an interval ending before it starts", { hours: [{ day: 2, from: "22:00", to: "06:00" }] }, /Tuesday: 22:00–06:00 ends before it starts; a shift past midnight is two intervals/],
    ["an empty interval", { hours: [{ day: 2, from: "09:00", to: "09:00" }] }, /ends before it starts/],
    ["overlapping intervals", { hours: [{ day: 3, from: "09:00", to: "12:00" }, { day: 3, from: "11:00", to: "14:00" }] }, /hours\[1\]: Wednesday: the intervals 09:00–12:00 and 11:00–14:00 overlap/],
    ["no open time at all", { hours: [] }, /hours: The calendar is never open/],
    ["hours not a list", { hours: "9-5" }, /hours: hours must be a list/],
    ["an invalid date", { holidays: ["2026-02-30"] }, /holidays\[0\]: "2026-02-30" is not a valid date/],
    ["a date in another format", { holidays: ["01.10.2026"] }, /holidays\[0\]/],
    ["a date listed twice", { holidays: ["2026-10-01", "2026-10-01"] }, /holidays\[1\]: 2026-10-01 is listed twice/],
    ["a date both holiday and working day", { workingDays: ["2026-10-01"] }, /workingDays\[0\]: 2026-10-01 is both a holiday and a make-up working day/],
    ["too many dates", { holidays: Array.from({ length: 2001 }, (_, i) => `2026-01-01`.replace("01-01", String(i))) }, /holidays: holidays lists 2001 dates; at most 2000/],
    ["a make-up day with bad hours", { workingDays: [{ date: "2026-10-10", hours: [{ from: "14:00", to: "10:00" }] }] }, /workingDays\[0\]\.hours\[0\]: 2026-10-10: 14:00–10:00 ends before it starts/],
    ["a make-up day with no hours", { workingDays: [{ date: "2026-10-10", hours: [] }] }, /workingDays\[0\]\.hours: 2026-10-10 is a make-up working day with no hours/],
    ["a make-up day with Monday's hours when Monday is closed", { hours: [{ day: 2, from: "09:00", to: "12:00" }] }, /workingDays: A make-up day without its own hours takes Monday's hours/],
  ])("refuses %s", (_what, patch, reason) => {
    const found = problems(patch);
    expect(found.join("\n")).toMatch(reason);
  });
});
