import { describe, expect, it } from "vitest";
import { followPlaybook, type PlaybookCaseFacts, type PlaybookPlan } from "./playbook.js";

const H = 3_600_000;
const T0 = new Date("2026-11-29T01:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * H);
const plan: PlaybookPlan = {
  steps: [
    { step: "acknowledge", targetMs: 2 * H },
    { step: "name_owner", targetMs: 4 * H },
    { step: "investigate", targetMs: 24 * H },
    { step: "remedy", targetMs: 48 * H },
    { step: "confirm", targetMs: 72 * H },
    { step: "follow_up", targetMs: 7 * 24 * H },
  ],
  updateCadenceMs: 24 * H,
};
const fresh: PlaybookCaseFacts = { createdAt: T0, status: "open", resolvedAt: null, ownerUserId: null, publicReplies: [], internalWorkAt: null, remedyGrantedAt: null };

describe("following a playbook", () => {
  it("a fresh case: acknowledge next, due two hours after opening; nothing overdue yet", () => {
    const r = followPlaybook(plan, fresh, at(1));
    expect(r.next).toEqual({ step: "acknowledge", dueAt: at(2) });
    expect(r.steps.filter((s) => s.overdue)).toEqual([]);
    expect(r.steps.find((s) => s.step === "follow_up")).toEqual({ step: "follow_up", dueAt: null, done: false, overdue: false });
    expect(r.nextUpdateDueAt).toEqual(at(24));
  });

  it("steps are done by what happened; late ones are overdue", () => {
    const r = followPlaybook(plan, { ...fresh, publicReplies: [at(1)], ownerUserId: "u1" }, at(30));
    expect(r.steps.map((s) => [s.step, s.done, s.overdue])).toEqual([
      ["acknowledge", true, false],
      ["name_owner", true, false],
      ["investigate", false, true],
      ["remedy", false, false],
      ["confirm", false, false],
      ["follow_up", false, false],
    ]);
    expect(r.next?.step).toBe("investigate");
    expect(r.nextUpdateDueAt).toEqual(at(25));
  });

  it("after resolution the follow-up is due from it, and a reply after it does it", () => {
    const resolved = { ...fresh, status: "resolved", resolvedAt: at(10), publicReplies: [at(1)], ownerUserId: "u1", internalWorkAt: at(2), remedyGrantedAt: at(3) };
    const r = followPlaybook(plan, resolved, at(11));
    expect(r.next).toEqual({ step: "follow_up", dueAt: at(10 + 7 * 24) });
    expect(r.nextUpdateDueAt).toBeNull();
    expect(followPlaybook(plan, { ...resolved, publicReplies: [at(1), at(100)] }, at(101)).next).toBeNull();
    expect(followPlaybook(plan, { ...resolved, status: "closed" }, at(101)).next).toBeNull();
  });
});
