import { describe, expect, it } from "vitest";
import { CASE_STATUSES, type CaseStatus } from "@tandem/contracts";
import { allowedNext, canReopen, canTransition, isActive, afterCustomerMessage } from "./lifecycle.js";

describe("case lifecycle", () => {
  const allowed: [CaseStatus, CaseStatus][] = [
    ["open", "waiting_on_customer"],
    ["open", "waiting_on_party"],
    ["open", "resolved"],
    ["waiting_on_customer", "open"],
    ["waiting_on_customer", "waiting_on_party"],
    ["waiting_on_customer", "resolved"],
    ["waiting_on_party", "open"],
    ["waiting_on_party", "waiting_on_customer"],
    ["waiting_on_party", "resolved"],
    ["resolved", "open"],
    ["resolved", "closed"],
  ];

  it.each(allowed)("%s → %s is allowed", (from, to) => {
    expect(canTransition(from, to)).toEqual({ ok: true });
  });

  it("refuses every transition not in the table, with a reason", () => {
    let refused = 0;
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        if (allowed.some(([f, t]) => f === from && t === to)) continue;
        const result = canTransition(from, to);
        expect(result.ok, `${from} → ${to}`).toBe(false);
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
        refused++;
      }
    }
    expect(refused).toBe(14);
  });

  it("only a resolved case can be reopened", () => {
    expect(canReopen("resolved")).toEqual({ ok: true });
    for (const from of ["open", "waiting_on_customer", "waiting_on_party", "closed"] as const) expect(canReopen(from).ok).toBe(false);
  });

  it("a closed case is final", () => {
    expect(allowedNext("closed")).toEqual([]);
    expect(canTransition("closed", "open")).toMatchObject({ ok: false, reason: expect.stringContaining("closed") });
  });

  it("only a resolved case can be closed", () => {
    expect(canTransition("open", "closed")).toMatchObject({ ok: false, reason: "Only a resolved case can be closed." });
  });

  it("knows which statuses are active", () => {
    expect(CASE_STATUSES.filter(isActive)).toEqual(["open", "waiting_on_customer", "waiting_on_party"]);
  });

  it("a customer's message puts a waiting case back to open, reopens a recently resolved one, opens a follow-up for an old or closed one", () => {
    const now = new Date("2026-11-20T10:00:00Z");
    const day = 86_400_000;
    const at = (status: CaseStatus, resolvedDaysAgo: number | null = null) => ({ status, resolvedAt: resolvedDaysAgo === null ? null : new Date(now.getTime() - resolvedDaysAgo * day) });
    expect(afterCustomerMessage(at("waiting_on_customer"), now, 14 * day)).toEqual({ kind: "status", to: "open" });
    expect(afterCustomerMessage(at("waiting_on_party"), now, 14 * day)).toEqual({ kind: "none" });
    expect(afterCustomerMessage(at("open"), now, 14 * day)).toEqual({ kind: "none" });
    expect(afterCustomerMessage(at("resolved", 2), now, 14 * day)).toEqual({ kind: "reopen" });
    expect(afterCustomerMessage(at("resolved", 14), now, 14 * day)).toEqual({ kind: "reopen" });
    expect(afterCustomerMessage(at("resolved", 15), now, 14 * day)).toEqual({ kind: "follow_up" });
    expect(afterCustomerMessage(at("closed", 1), now, 14 * day)).toEqual({ kind: "follow_up" });
  });
});
