import { describe, expect, it } from "vitest";
import { DEFAULT_WORKING_HOURS, nextWorkingTime, type WorkingInterval } from "./working-hours.js";

const SHANGHAI = "Asia/Shanghai";
const next = (now: string, hours: readonly WorkingInterval[] = DEFAULT_WORKING_HOURS, tz = SHANGHAI) => nextWorkingTime(hours, tz, new Date(now)).toISOString();

describe("when a notification e-mail may go", () => {
  it("goes at once within working hours (Mon–Fri 09:00–18:00 in the user's zone by default)", () => {
    // Monday 2026-11-30 10:00 in Shanghai.
    expect(next("2026-11-30T02:00:00Z")).toBe("2026-11-30T02:00:00.000Z");
    // 09:00 sharp is in; 18:00 sharp is out.
    expect(next("2026-11-30T01:00:00Z")).toBe("2026-11-30T01:00:00.000Z");
    expect(next("2026-11-30T10:00:00Z")).toBe("2026-12-01T01:00:00.000Z");
  });

  it("waits for the next morning, and over the weekend for Monday", () => {
    // Monday 07:30 → Monday 09:00; Friday 19:00 → Monday 09:00; Saturday noon → Monday 09:00.
    expect(next("2026-11-29T23:30:00Z")).toBe("2026-11-30T01:00:00.000Z");
    expect(next("2026-12-04T11:00:00Z")).toBe("2026-12-07T01:00:00.000Z");
    expect(next("2026-12-05T04:00:00Z")).toBe("2026-12-07T01:00:00.000Z");
  });

  it("respects a lunch break and several intervals a day", () => {
    const hours = [
      { day: 1, from: "13:30", to: "18:00" },
      { day: 1, from: "09:00", to: "12:00" },
    ];
    expect(next("2026-11-30T04:30:00Z", hours)).toBe("2026-11-30T05:30:00.000Z"); // 12:30 → 13:30
    expect(next("2026-11-30T10:30:00Z", hours)).toBe("2026-12-07T01:00:00.000Z"); // Monday evening → next Monday
  });

  it("reads the schedule in the user's time zone, across a DST change", () => {
    // London: Sunday 29 March 2026 the clocks go forward; Monday 09:00 is then 08:00 UTC.
    expect(next("2026-03-28T12:00:00Z", DEFAULT_WORKING_HOURS, "Europe/London")).toBe("2026-03-30T08:00:00.000Z");
    // Before the change, Friday 09:00 was 09:00 UTC.
    expect(next("2026-03-27T07:00:00Z", DEFAULT_WORKING_HOURS, "Europe/London")).toBe("2026-03-27T09:00:00.000Z");
    // A weekend worker in New York.
    expect(next("2026-11-29T20:00:00Z", [{ day: 7, from: "09:00", to: "17:00" }], "America/New_York")).toBe("2026-11-29T20:00:00.000Z");
  });

  it("never holds mail back when the schedule is empty", () => {
    expect(next("2026-12-05T04:00:00Z", [])).toBe("2026-12-05T04:00:00.000Z");
  });
});
