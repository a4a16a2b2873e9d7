import { describe, expect, it } from "vitest";
import { makeFormatter } from "./format";

describe("date-time inputs on the user's clock", () => {
  const shanghai = makeFormatter("en", "Asia/Shanghai");
  const newYork = makeFormatter("en", "America/New_York");

  it("reads an input value in the user's zone, whatever the browser's, and writes it with that zone's offset", () => {
    expect(shanghai.fromInput("2026-03-08T09:30")).toBe("2026-03-08T09:30:00+08:00");
    expect(newYork.fromInput("2026-01-15T09:30")).toBe("2026-01-15T09:30:00-05:00");
    expect(newYork.fromInput("2026-07-15T09:30")).toBe("2026-07-15T09:30:00-04:00");
    expect(makeFormatter("en", "Asia/Kolkata").fromInput("2026-07-15T09:30:15")).toBe("2026-07-15T09:30:15+05:30");
    expect(makeFormatter("en", "America/St_Johns").fromInput("2026-01-15T23:59")).toBe("2026-01-15T23:59:00-03:30");
  });

  it("shows a moment as an input value in the user's zone", () => {
    const moment = new Date("2026-03-08T01:30:45Z");
    expect(shanghai.toInput(moment)).toBe("2026-03-08T09:30");
    expect(newYork.toInput(moment)).toBe("2026-03-07T20:30");
    expect(makeFormatter("en", "Asia/Tokyo").toInput(new Date("2026-12-31T15:00:00Z"))).toBe("2027-01-01T00:00");
  });

  it("round-trips to the minute, and the timeline shows what was entered", () => {
    for (const f of [shanghai, newYork]) {
      for (const iso of ["2026-01-01T00:00:00Z", "2026-03-08T06:59:00Z", "2026-03-08T07:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:30:00Z"]) {
        const value = f.toInput(new Date(iso));
        const back = f.fromInput(value)!;
        expect(new Date(back).toISOString()).toBe(new Date(iso).toISOString().replace(/:\d\d\.\d+Z$/, ":00.000Z"));
        expect(f.dateTime(back)).toContain(value.slice(11));
      }
    }
  });

  it("gives a real moment for a clock time that daylight saving skips or repeats", () => {
    // 02:30 does not exist in New York on 8 March 2026; 01:30 happens twice on 1 November.
    expect(["2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00"]).toContain(newYork.fromInput("2026-03-08T02:30"));
    expect(["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"]).toContain(newYork.fromInput("2026-11-01T01:30"));
  });

  it("refuses what is not an input value, and falls back to the browser's zone for an unknown one", () => {
    expect(shanghai.fromInput("")).toBeNull();
    expect(shanghai.fromInput("yesterday at five")).toBeNull();
    expect(shanghai.fromInput("2026-03-08 09:30")).toBeNull();
    expect(shanghai.timeZone).toBe("Asia/Shanghai");
    expect(makeFormatter("en", "Mars/Olympus_Mons").timeZone).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
