import { describe, expect, it } from "vitest";
import { isoDateTime, timeInRange, TIME_RANGE } from "./common.js";

describe("times sent to the API", () => {
  it("accepts ISO 8601 times with an offset from 1970 through 9999", () => {
    for (const ok of ["1970-01-01T00:00:00Z", "2026-01-31T09:30:00+08:00", "2024-02-29T12:00:00.123Z", "9999-12-31T23:59:59Z", "1970-01-01T08:00:00+08:00"]) {
      expect(isoDateTime.safeParse(ok).success, ok).toBe(true);
    }
  });

  it("refuses times before 1970 or after 9999, impossible dates and other shapes, with a clear message", () => {
    const refused = [
      "1969-12-31T23:59:59Z",
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "1970-01-01T07:59:59+08:00",
      "9999-12-31T23:59:59-00:01",
      "+275760-09-13T00:00:00Z",
      "-271821-04-20T00:00:00Z",
      "2026-02-30T00:00:00Z",
      "2025-02-29T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-01-01T24:00:01Z",
      "2026-01-01T10:00:00",
      "2026-01-01",
      "yesterday",
      "",
    ];
    for (const bad of refused) {
      const result = isoDateTime.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues[0]!.message, bad).toMatch(/1970|ISO 8601/);
    }
    expect(isoDateTime.safeParse("1969-12-31T23:59:59Z").error!.issues[0]!.message).toBe("must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
  });

  it("timeInRange takes numbers, dates and texts, and refuses what is not a time", () => {
    expect(timeInRange(TIME_RANGE.min)).toBe(true);
    expect(timeInRange(TIME_RANGE.min - 1)).toBe(false);
    expect(timeInRange(new Date(TIME_RANGE.max))).toBe(true);
    expect(timeInRange(TIME_RANGE.max + 1)).toBe(false);
    expect(timeInRange(new Date(Number.NaN))).toBe(false);
    expect(timeInRange(Number.POSITIVE_INFINITY)).toBe(false);
    expect(timeInRange("not a time")).toBe(false);
    expect(timeInRange("+275760-09-13T00:00:00.000Z")).toBe(false);
  });
});
