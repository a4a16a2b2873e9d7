import { describe, expect, it } from "vitest";
import { dayOf, effectiveTimeZone, fromWall, isHourMinute, isTimeZone, normalizeWall, offsetMinutes, parseWall, startOfDay, toWall } from "./time";

const NY = "America/New_York";
const SH = "Asia/Shanghai";
const LONDON = "Europe/London";

describe("wall clocks of a zone", () => {
  it("shows a moment on the zone's clock, whatever the computer's zone", () => {
    const moment = "2026-03-08T01:30:45Z";
    expect(toWall(moment, SH)).toBe("2026-03-08 09:30:45");
    expect(toWall(moment, NY)).toBe("2026-03-07 20:30:45");
    expect(toWall(new Date("2026-12-31T15:00:00Z"), "Asia/Tokyo")).toBe("2027-01-01 00:00:00");
    expect(dayOf("2026-12-31T15:00:00Z", "Asia/Tokyo")).toBe("2027-01-01");
    expect(dayOf("2026-12-31T15:00:00Z", LONDON)).toBe("2026-12-31");
  });

  it("knows the offset, half and quarter hours included, and its change with daylight saving", () => {
    expect(offsetMinutes(new Date("2026-01-15T12:00:00Z"), NY)).toBe(-300);
    expect(offsetMinutes(new Date("2026-07-15T12:00:00Z"), NY)).toBe(-240);
    expect(offsetMinutes(new Date("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toBe(330);
    expect(offsetMinutes(new Date("2026-07-15T12:00:00Z"), "Asia/Kathmandu")).toBe(345);
    expect(offsetMinutes(new Date("2026-07-15T12:00:00Z"), SH)).toBe(480);
  });

  it("reads a wall clock as the moment it means, with that zone's offset", () => {
    expect(fromWall("2026-03-08 09:30:00", SH)).toBe("2026-03-08T09:30:00+08:00");
    expect(fromWall("2026-03-08T09:30", SH)).toBe("2026-03-08T09:30:00+08:00");
    expect(fromWall("2026-01-15 09:30", NY)).toBe("2026-01-15T09:30:00-05:00");
    expect(fromWall("2026-07-15 09:30", NY)).toBe("2026-07-15T09:30:00-04:00");
    expect(fromWall("2026-07-15 09:30:15", "Asia/Kolkata")).toBe("2026-07-15T09:30:15+05:30");
    expect(fromWall("2026-01-15 23:59", "America/St_Johns")).toBe("2026-01-15T23:59:00-03:30");
    expect(fromWall("2026-07-15 12:00", "UTC")).toBe("2026-07-15T12:00:00+00:00");
  });

  it("round-trips every minute across both daylight-saving nights in New York and London", () => {
    const nights = [
      ["2026-03-08T05:00:00Z", NY],
      ["2026-11-01T04:00:00Z", NY],
      ["2026-03-29T00:00:00Z", LONDON],
      ["2026-10-25T00:00:00Z", LONDON],
    ] as const;
    for (const [start, zone] of nights) {
      for (let m = 0; m < 4 * 60; m += 1) {
        const moment = new Date(Date.parse(start) + m * 60_000);
        const wall = toWall(moment, zone);
        const back = fromWall(wall, zone)!;
        // A reading the clock shows twice reads as its first showing.
        const first = Date.parse(back);
        expect(toWall(new Date(first), zone)).toBe(wall);
        expect(first <= moment.getTime()).toBe(true);
        expect(moment.getTime() - first === 0 || moment.getTime() - first === 3_600_000).toBe(true);
      }
    }
  });

  it("moves a reading the clock skips forward by the gap, and takes the earlier of a repeated one", () => {
    // 02:30 does not exist in New York on 8 March 2026; 01:30 happens twice on 1 November.
    expect(fromWall("2026-03-08 02:30", NY)).toBe("2026-03-08T03:30:00-04:00");
    expect(fromWall("2026-11-01 01:30", NY)).toBe("2026-11-01T01:30:00-04:00");
    expect(fromWall("2026-03-29 01:15", LONDON)).toBe("2026-03-29T02:15:00+01:00");
    expect(fromWall("2026-10-25 01:15", LONDON)).toBe("2026-10-25T01:15:00+01:00");
    // Just around the gap nothing moves.
    expect(fromWall("2026-03-08 01:59", NY)).toBe("2026-03-08T01:59:00-05:00");
    expect(fromWall("2026-03-08 03:00", NY)).toBe("2026-03-08T03:00:00-04:00");
  });

  it("finds where a day starts, also where midnight is skipped", () => {
    expect(startOfDay("2026-03-08", SH)).toBe("2026-03-08T00:00:00+08:00");
    expect(startOfDay("2026-03-08", NY)).toBe("2026-03-08T00:00:00-05:00");
    // Santiago springs forward at midnight: the day starts at 01:00.
    expect(startOfDay("2026-09-06", "America/Santiago")).toBe("2026-09-06T01:00:00-03:00");
    expect(startOfDay("2026-9-6", SH)).toBeNull();
  });

  it("refuses what is not a reading or not a real date", () => {
    for (const bad of ["", "yesterday at five", "2026-03-08 9:30", "2026-02-30 10:00", "2026-13-01", "2026-03-08 24:00", "2026-03-08 10:60"]) {
      expect(parseWall(bad)).toBeNull();
      expect(fromWall(bad, SH)).toBeNull();
    }
    expect(parseWall("2028-02-29")).not.toBeNull();
    expect(normalizeWall("2026-03-08T09:30")).toBe("2026-03-08 09:30:00");
    expect(normalizeWall("2026-03-08")).toBe("2026-03-08 00:00:00");
  });

  it("names zones: a known one is kept, an unknown one falls back to the computer's", () => {
    expect(isTimeZone(SH)).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone(null)).toBe(false);
    expect(effectiveTimeZone(SH)).toBe(SH);
    expect(effectiveTimeZone("Mars/Olympus_Mons")).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it("checks times of day for weekly hours", () => {
    expect(isHourMinute("09:00")).toBe(true);
    expect(isHourMinute("23:59")).toBe(true);
    expect(isHourMinute("24:00")).toBe(false);
    expect(isHourMinute("24:00", { endOfDay: true })).toBe(true);
    expect(isHourMinute("9:00")).toBe(false);
    expect(isHourMinute("12:60")).toBe(false);
  });
});
