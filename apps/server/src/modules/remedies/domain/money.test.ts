import { describe, expect, it } from "vitest";
import { formatAmount, MAX_MINOR, parseMoney, spell, sum, times, toApi } from "./money.js";

describe("money", () => {
  it.each([
    ["710.00", 71000],
    ["710", 71000],
    ["710.5", 71050],
    ["0.01", 1],
    ["0", 0],
    [710, 71000],
    [710.1, 71010],
    [0.29, 29],
    [1000.99, 100099],
  ] as const)("reads %j as %i minor units", (amount, minor) => {
    expect(parseMoney({ amount, currency: "CNY" })).toEqual({ ok: true, money: { minor, currency: "CNY" } });
  });

  it.each([
    ["-1.00", "negative"],
    ["1.001", "three decimals"],
    ["01.00", "leading zero"],
    ["1e3", "exponent text"],
    ["", "empty"],
    [" 1.00", "padded"],
    ["1,000.00", "grouping"],
    [0.1 + 0.2, "a float that is not two decimals"],
    [1e21, "an exponent number"],
    [Number.NaN, "NaN"],
    ["99999999999999.00", "too much"],
  ] as const)("refuses %j (%s) with a reason", (amount, _why) => {
    const result = parseMoney({ amount, currency: "CNY" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/amount/);
  });

  it("refuses a currency that is not an ISO code", () => {
    expect(parseMoney({ amount: "1.00", currency: "rmb" })).toEqual({ ok: false, reason: expect.stringMatching(/currency/) });
  });

  it("accepts the largest amount and no more", () => {
    expect(parseMoney({ amount: formatAmount(MAX_MINOR), currency: "CNY" })).toMatchObject({ ok: true });
    expect(parseMoney({ amount: formatAmount(MAX_MINOR + 1), currency: "CNY" })).toMatchObject({ ok: false });
  });

  it("formats for the API and for reading out", () => {
    expect(toApi({ minor: 71000, currency: "CNY" })).toEqual({ amount: "710.00", currency: "CNY" });
    expect(formatAmount(5)).toBe("0.05");
    expect(formatAmount(-1250)).toBe("-12.50");
    expect(spell({ minor: 71000, currency: "CNY" })).toBe("¥710");
    expect(spell({ minor: 100050, currency: "CNY" })).toBe("¥1,000.50");
    expect(spell({ minor: 1230, currency: "CHF" })).toBe("CHF 12.30");
  });

  it("adds and multiplies in minor units only", () => {
    expect(sum("CNY", [{ minor: 10, currency: "CNY" }, { minor: 20, currency: "CNY" }])).toEqual({ minor: 30, currency: "CNY" });
    expect(() => sum("CNY", [{ minor: 10, currency: "USD" }])).toThrow(/USD/);
    expect(times(5000, 3, "CNY")).toEqual({ minor: 15000, currency: "CNY" });
    expect(() => times(1, 1.5, "CNY")).toThrow();
  });
});
