import { describe, expect, it } from "vitest";
import { PICKER_PAGE, searchParams } from "./search";

describe("searchParams", () => {
  it("asks for one short page of what was typed, trimmed", () => {
    expect(searchParams("  Li Na ")).toEqual({ limit: PICKER_PAGE, q: "Li Na" });
    expect(PICKER_PAGE).toBeLessThanOrEqual(50);
  });

  it("sends no q for blank input, and at most the 200 characters the server takes", () => {
    expect(searchParams("   ", { active: "true" })).toEqual({ limit: PICKER_PAGE, active: "true" });
    expect((searchParams("x".repeat(300)).q as string).length).toBe(200);
  });
});
