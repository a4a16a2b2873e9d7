import { describe, expect, it } from "vitest";
import { judge } from "../../../platform/throttle.js";
import { LOOKUPS_PER_USER_HOUR, partnerLookupBudgets } from "./lookup-budgets.js";

describe("a partner's identity look-up budgets", () => {
  const now = new Date("2026-03-01T10:00:00Z");
  const budgets = partnerLookupBudgets("u1", "o1");

  it("allow the 30th look-up of an hour and refuse the 31st until the first is an hour old", () => {
    const fresh = { used: 0, oldest: null };
    expect(judge(budgets, [{ used: LOOKUPS_PER_USER_HOUR - 1, oldest: now }, fresh, fresh], now).ok).toBe(true);
    const first = new Date(now.getTime() - 20 * 60_000);
    expect(judge(budgets, [{ used: LOOKUPS_PER_USER_HOUR, oldest: first }, fresh, fresh], now)).toEqual({ ok: false, budget: budgets[0], retryAfterSeconds: 40 * 60 });
  });

  it("count per user by the hour and the day, and per partner organization by the day", () => {
    expect(budgets.map((b) => [b.key, b.limit, b.windowMs / 3600_000])).toEqual([
      ["lookup:user_hour:u1", 30, 1],
      ["lookup:user_day:u1", 100, 24],
      ["lookup:organization_day:o1", 300, 24],
    ]);
  });
});
