import { describe, expect, it } from "vitest";
import { canAnswerSatisfaction, figuresBy, type SatisfactionFacts } from "./satisfaction.js";

const resolved: SatisfactionFacts = { status: "resolved", resolvedBy: "agent", resolvedAt: new Date("2026-11-29T10:00:00Z"), alreadyAnswered: false, askAfterCustomerResolved: false };

describe("satisfaction", () => {
  it("is asked after resolution, once", () => {
    expect(canAnswerSatisfaction(resolved)).toEqual({ ok: true, resolvedAt: resolved.resolvedAt });
    expect(canAnswerSatisfaction({ ...resolved, status: "closed" }).ok).toBe(true);
  });
  it.each(["open", "waiting_on_customer", "waiting_on_party"])("is not asked while the case is %s", (status) => {
    expect(canAnswerSatisfaction({ ...resolved, status })).toMatchObject({ ok: false, code: "satisfaction_not_asked" });
  });
  it("is not asked twice for one resolution", () => {
    expect(canAnswerSatisfaction({ ...resolved, alreadyAnswered: true })).toMatchObject({ ok: false, code: "satisfaction_already_given", words: { zh: expect.stringContaining("已评价") } });
  });
  it("is not asked after the customer resolved the case, unless the policy says so", () => {
    expect(canAnswerSatisfaction({ ...resolved, resolvedBy: "customer" })).toMatchObject({ ok: false, code: "satisfaction_not_asked" });
    expect(canAnswerSatisfaction({ ...resolved, resolvedBy: "customer", askAfterCustomerResolved: true }).ok).toBe(true);
  });
  it("figures: count and average per key", () => {
    expect(figuresBy([{ score: 5, a: "x" }, { score: 2, a: "y" }, { score: 4, a: "x" }, { score: 1, a: null }], (r) => r.a)).toEqual([
      { key: "x", count: 2, average: 4.5 },
      { key: "y", count: 1, average: 2 },
      { key: null, count: 1, average: 1 },
    ]);
  });
});
