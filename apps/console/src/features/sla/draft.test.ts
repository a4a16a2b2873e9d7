import { describe, expect, it } from "vitest";
import type { SlaPolicy } from "@tandem/contracts";
import { bodyOf, checkDraft, draftOf, durationDraft, durationWords, emptyDraft, isoOf, isoSeconds, reorder, serverFieldErrors } from "./draft";

const policy = (over: Partial<SlaPolicy> = {}): SlaPolicy => ({
  id: "p1",
  name: "Urgent complaints",
  position: 10,
  appliesTo: { kind: "complaint", priority: "urgent", category: null },
  firstResponse: "PT15M",
  nextUpdate: "PT4H",
  resolution: "P2D",
  warnBefore: "PT5M",
  calendarId: "cal-1",
  pauseWhileWaitingOnCustomer: false,
  proactiveUpdates: "notify_owner_first",
  escalation: { warn: ["owner"], breach: ["supervisors", "owner"], adminsAfter: null },
  isDefault: false,
  createdAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
  abilities: ["sla_policy.update"],
  ...over,
});

describe("durations in the SLA policy editor", () => {
  it("reads ISO durations into the largest whole unit, and writes them back", () => {
    expect(durationDraft("PT1H")).toEqual({ amount: "1", unit: "hours" });
    expect(durationDraft("PT90M")).toEqual({ amount: "90", unit: "minutes" });
    expect(durationDraft("P1W")).toEqual({ amount: "7", unit: "days" });
    expect(durationDraft("PT24H")).toEqual({ amount: "1", unit: "days" });
    expect(durationDraft("PT6S")).toEqual({ amount: "6", unit: "seconds" });
    expect(durationDraft(null)).toEqual({ amount: "", unit: "hours" });
    expect(isoOf({ amount: "1", unit: "days" })).toBe("P1D");
    expect(isoOf({ amount: " 8 ", unit: "hours" })).toBe("PT8H");
    expect(isoOf({ amount: "30", unit: "minutes" })).toBe("PT30M");
    expect(isoOf({ amount: "6", unit: "seconds" })).toBe("PT6S");
    expect(isoSeconds("P1DT2H3M4S")).toBe(93_784);
    expect(isoSeconds("P1M")).toBeNull();
  });

  it("refuses what is not a whole positive number, and says none for an empty one", () => {
    for (const amount of ["0", "-1", "1.5", "abc", "99999999"]) expect(isoOf({ amount, unit: "hours" })).toBeNull();
    expect(isoOf({ amount: "", unit: "hours" })).toBeNull();
  });

  it("says a duration in words", () => {
    const t = (key: string, o: { count: number }) => `${o.count} ${key.slice("sla.unit.".length)}`;
    expect(durationWords("PT1H", t)).toBe("1 hours");
    expect(durationWords("P1D", t)).toBe("1 days");
    expect(durationWords("PT15M", t)).toBe("15 minutes");
    expect(durationWords(null, t)).toBeNull();
  });
});

describe("the SLA policy editor's draft", () => {
  it("round-trips a policy, with the ladder in a fixed order", () => {
    expect(bodyOf(draftOf(policy()))).toEqual({
      name: "Urgent complaints",
      appliesTo: { kind: "complaint", priority: "urgent", category: null },
      firstResponse: "PT15M",
      nextUpdate: "PT4H",
      resolution: "P2D",
      warnBefore: "PT5M",
      calendarId: "cal-1",
      pauseWhileWaitingOnCustomer: false,
      proactiveUpdates: "notify_owner_first",
      escalation: { warn: ["owner"], breach: ["owner", "supervisors"], adminsAfter: null },
    });
  });

  it("a new policy starts from the install's defaults; no conditions and no calendar are nulls", () => {
    const body = bodyOf({ ...emptyDraft(), name: " Default 2 ", category: "  " });
    expect(body).toMatchObject({ name: "Default 2", appliesTo: { kind: null, priority: null, category: null }, firstResponse: "PT1H", nextUpdate: "P1D", resolution: "P5D", warnBefore: "PT15M", calendarId: null });
    expect(body.escalation).toEqual({ warn: ["owner"], breach: ["owner", "supervisors"], adminsAfter: "PT4H" });
  });

  it("an emptied target is no target", () => {
    expect(bodyOf({ ...draftOf(policy()), nextUpdate: { amount: "", unit: "hours" } }).nextUpdate).toBeNull();
  });

  it("says what is wrong before sending: a name, a warning lead, whole numbers", () => {
    expect(checkDraft({ ...emptyDraft(), name: "x" })).toEqual({});
    expect(checkDraft({ ...emptyDraft(), warnBefore: { amount: "", unit: "minutes" }, resolution: { amount: "2.5", unit: "days" } })).toEqual({ name: "form.required", warnBefore: "form.required", resolution: "sla.error.amount" });
  });

  it("puts the server's errors at their fields", () => {
    expect(
      serverFieldErrors([
        { path: "body.calendarId", message: "unknown calendar" },
        { path: "body.escalation.adminsAfter", message: "must be an ISO 8601 duration" },
        { path: "body.escalation.warn.0", message: "invalid" },
        { path: "body.appliesTo", message: "name at least one" },
        { message: "no path" },
        "junk",
      ]),
    ).toEqual({ calendarId: "unknown calendar", adminsAfter: "must be an ISO 8601 duration", escalation: "invalid", appliesTo: "name at least one" });
  });
});

describe("reordering SLA policies", () => {
  const list = [
    { id: "a", position: 10, isDefault: false },
    { id: "b", position: 20, isDefault: false },
    { id: "c", position: 25, isDefault: false },
    { id: "d", position: 1000, isDefault: true },
  ];
  it("moves one place and renumbers only what changes", () => {
    expect(reorder(list, 2, -1)).toEqual([{ id: "c", position: 20 }, { id: "b", position: 30 }]);
    expect(reorder(list, 0, 1)).toEqual([{ id: "b", position: 10 }, { id: "a", position: 20 }, { id: "c", position: 30 }]);
  });
  it("does not move past either end nor the default policy", () => {
    expect(reorder(list, 0, -1)).toEqual([]);
    expect(reorder(list, 2, 1)).toEqual([]);
    expect(reorder(list, 3, -1)).toEqual([]);
  });
});
