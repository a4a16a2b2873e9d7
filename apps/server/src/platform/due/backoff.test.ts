import { describe, expect, it } from "vitest";
import { afterFailure, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff.js";

const now = new Date("2026-11-29T10:00:00Z");
const policy: BackoffPolicy = { maxAttempts: 5, baseMs: 1000, maxMs: 5000 };
const waitOf = (attempts: number, random: number) => {
  const next = afterFailure(attempts, now, policy, random);
  if (next.park) throw new Error("parked");
  return next.retryAt.getTime() - now.getTime();
};

describe("afterFailure", () => {
  it("doubles the wait with each failure, between half and all of it", () => {
    expect([0, 1, 2].map((a) => waitOf(a, 0))).toEqual([500, 1000, 2000]);
    expect([0, 1, 2].map((a) => waitOf(a, 0.999999))).toEqual([1000, 2000, 4000]);
    expect(waitOf(1, 0.5)).toBe(1500);
  });

  it("never waits longer than the cap", () => {
    expect(waitOf(3, 0.999999)).toBe(5000);
    expect(waitOf(3, 0)).toBe(2500);
  });

  it("counts the failure it is told about", () => {
    expect(afterFailure(0, now, policy, 0)).toMatchObject({ park: false, attempts: 1 });
    expect(afterFailure(3, now, policy, 0)).toMatchObject({ park: false, attempts: 4 });
  });

  it("parks the work when the last allowed attempt fails", () => {
    expect(afterFailure(4, now, policy, 0)).toEqual({ park: true, attempts: 5 });
    expect(afterFailure(9, now, policy, 0)).toEqual({ park: true, attempts: 10 });
    expect(afterFailure(0, now, { ...policy, maxAttempts: 1 }, 0)).toEqual({ park: true, attempts: 1 });
  });

  it("clamps a random draw outside [0, 1)", () => {
    expect(waitOf(0, -3)).toBe(500);
    expect(waitOf(0, 7)).toBe(1000);
  });

  it("by default retries for hours before parking", () => {
    let attempts = 0;
    let waited = 0;
    for (;;) {
      const next = afterFailure(attempts, now, DEFAULT_BACKOFF, 1);
      if (next.park) break;
      waited += next.retryAt.getTime() - now.getTime();
      attempts = next.attempts;
    }
    expect(attempts + 1).toBe(DEFAULT_BACKOFF.maxAttempts);
    expect(waited).toBeGreaterThan(3_600_000);
  });
});
