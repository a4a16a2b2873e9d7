import { describe, expect, it } from "vitest";
import { judge, type KeyUsage } from "../../../platform/throttle.js";
import { PER_ACCOUNT_AND_ADDRESS, SIGN_IN_WINDOW_MS, signInBudgets } from "./sign-in-budgets.js";

const now = new Date("2026-03-01T10:00:00Z");
const unused: KeyUsage = { used: 0, oldest: null };

describe("sign-in budgets", () => {
  it("count per (account, address) and per address, plus account-wide from an address never signed in from", () => {
    expect(signInBudgets("Ann@Example.com ", "10.0.0.1", true).map((b) => b.scope)).toEqual(["account_address", "address"]);
    const fresh = signInBudgets("ann@example.com", "10.0.0.1", false);
    expect(fresh.map((b) => b.key)).toEqual(["login:account_address:ann@example.com|10.0.0.1", "login:address:10.0.0.1", "login:account:ann@example.com"]);
    expect(fresh.every((b) => b.windowMs === SIGN_IN_WINDOW_MS)).toBe(true);
  });

  it("allow the fifth check, marking the budget used up, and refuse the sixth until the oldest leaves the window", () => {
    const budgets = signInBudgets("ann@example.com", "10.0.0.1", false);
    const fifth = judge(budgets, [{ used: PER_ACCOUNT_AND_ADDRESS - 1, oldest: now }, unused, unused], now);
    expect(fifth).toEqual({ ok: true, exhausted: [budgets[0]] });
    const oldest = new Date(now.getTime() - 10 * 60_000);
    const sixth = judge(budgets, [{ used: PER_ACCOUNT_AND_ADDRESS, oldest }, unused, unused], now);
    expect(sixth).toEqual({ ok: false, budget: budgets[0], retryAfterSeconds: 5 * 60 });
  });

  it("refuse by the account-wide budget when guesses came from other addresses", () => {
    const budgets = signInBudgets("ann@example.com", "10.0.0.9", false);
    const verdict = judge(budgets, [unused, unused, { used: 5, oldest: now }], now);
    expect(verdict.ok === false && verdict.budget.key).toBe("login:account:ann@example.com");
    expect(verdict.ok === false && verdict.retryAfterSeconds).toBe(15 * 60);
  });
});
