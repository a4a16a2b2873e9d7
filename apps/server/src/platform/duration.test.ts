import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it("reads weeks, days, hours, minutes and seconds", () => {
    expect(parseDuration("P7D")).toBe(7 * 86_400_000);
    expect(parseDuration("P2W")).toBe(14 * 86_400_000);
    expect(parseDuration("PT36H")).toBe(36 * 3_600_000);
    expect(parseDuration("PT90M")).toBe(90 * 60_000);
    expect(parseDuration("P1DT2H3M4S")).toBe(86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4000);
    expect(parseDuration("PT0.5S")).toBe(500);
    expect(parseDuration("PT1,25S")).toBe(1250);
    expect(parseDuration(" p1d ")).toBe(86_400_000);
    expect(parseDuration("PT0S")).toBe(0);
  });

  it("refuses what is not a fixed-length duration", () => {
    for (const text of ["", "P", "PT", "P1DT", "7D", "7", "P1Y", "P1M", "P1Y2M3D", "P-1D", "P1.5D", "PT1H30", "1 day", "P1H"]) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});
