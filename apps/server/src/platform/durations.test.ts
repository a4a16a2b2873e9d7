import { describe, expect, it } from "vitest";
import { parseDuration } from "./durations.js";

describe("ISO 8601 durations", () => {
  it("reads weeks, days, hours, minutes and seconds", () => {
    expect(parseDuration("PT6S")).toBe(6_000);
    expect(parseDuration("PT1.5S")).toBe(1_500);
    expect(parseDuration("PT15M")).toBe(900_000);
    expect(parseDuration("P1D")).toBe(86_400_000);
    expect(parseDuration("P2W")).toBe(14 * 86_400_000);
    expect(parseDuration("P1DT12H")).toBe(36 * 3_600_000);
    expect(parseDuration("p14d")).toBe(14 * 86_400_000);
  });

  it("refuses what is not a fixed length of time", () => {
    for (const text of ["", "P", "PT", "P1DT", "1D", "P1M", "P1Y", "PT-5S", "P1.5D", "14 days"]) expect(parseDuration(text), text).toBeNull();
  });
});
