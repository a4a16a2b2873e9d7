import { describe, expect, it } from "vitest";
import { overLimit, WindowCounter } from "./rate-limit.js";

describe("the general rate limit's counting", () => {
  it("counts per key in one-minute windows and starts again when the minute turns", () => {
    const counter = new WindowCounter();
    const t0 = Date.UTC(2026, 2, 2, 9, 0, 15);
    expect(counter.hit("a", t0)).toEqual({ count: 1, resetAt: Date.UTC(2026, 2, 2, 9, 1, 0) });
    expect(counter.hit("a", t0 + 1000).count).toBe(2);
    expect(counter.hit("b", t0 + 2000).count).toBe(1);
    expect(counter.hit("a", Date.UTC(2026, 2, 2, 9, 1, 0))).toEqual({ count: 1, resetAt: Date.UTC(2026, 2, 2, 9, 2, 0) });
  });

  it("refuses past the limit with the seconds left in the window; a limit of 0 refuses nothing", () => {
    const now = Date.UTC(2026, 2, 2, 9, 0, 15, 500);
    const resetAt = Date.UTC(2026, 2, 2, 9, 1, 0);
    expect(overLimit(5, { count: 5, resetAt }, now)).toEqual({ refused: false });
    expect(overLimit(5, { count: 6, resetAt }, now)).toEqual({ refused: true, retryAfterSeconds: 45 });
    expect(overLimit(0, { count: 1_000_000, resetAt }, now)).toEqual({ refused: false });
  });
});
