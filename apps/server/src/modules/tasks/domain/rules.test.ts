import { describe, expect, it } from "vitest";
import type { Actor } from "../../../platform/actor.js";
import { isOwnerDesk, mayCloseTask, mayCompleteTask, mayCreateTask, taskAbilities, tasksOnResolve, type TaskCaseFacts, type Verdict } from "./rules.js";

const OWNER = "00000000-0000-7000-8000-0000000000a1";
const PARTY = "00000000-0000-7000-8000-0000000000b2";
const OTHER = "00000000-0000-7000-8000-0000000000c3";

const user = (organizationId: string, role: "admin" | "supervisor" | "agent" = "agent"): Actor => ({ type: "user", userId: "u", name: "U", role, organizationId, tokenId: "t", viaCookie: false });
const partner = (organizationId: string): Actor => ({ type: "partner", userId: "p", name: "P", role: "partner_agent", organizationId, tokenId: "t", viaCookie: false });
const customer: Actor = { type: "customer", customerId: "c", caseId: "k", linkId: "l", name: "C" };
const open: TaskCaseFacts = { status: "open", ownerOrganizationId: OWNER, partyOrganizationIds: [PARTY] };
const code = (v: Verdict) => (v.ok ? "ok" : `${v.refusal.status} ${v.refusal.code}`);
const task = (status: "open" | "done" | "closed" = "open", organizationId = PARTY) => ({ status, organizationId });

describe("the owner desk", () => {
  it("is a user of the owning organisation, staff or partner, or an admin of any", () => {
    expect(isOwnerDesk(user(OWNER), OWNER)).toBe(true);
    expect(isOwnerDesk(partner(OWNER), OWNER)).toBe(true);
    expect(isOwnerDesk(user(OTHER, "admin"), OWNER)).toBe(true);
    expect(isOwnerDesk(user(OTHER, "supervisor"), OWNER)).toBe(false);
    expect(isOwnerDesk(partner(PARTY), OWNER)).toBe(false);
    expect(isOwnerDesk(customer, OWNER)).toBe(false);
  });
});

describe("giving a task", () => {
  it("the owner gives tasks to itself and to any party", () => {
    expect(code(mayCreateTask(user(OWNER), open, PARTY))).toBe("ok");
    expect(code(mayCreateTask(user(OWNER), open, OWNER))).toBe("ok");
  });
  it("a party records a task for itself", () => {
    expect(code(mayCreateTask(partner(PARTY), open, PARTY))).toBe("ok");
  });
  it("refuses an organisation that is neither the owner nor a party (422 not_a_party)", () => {
    expect(code(mayCreateTask(user(OWNER), open, OTHER))).toBe("422 not_a_party");
  });
  it("refuses a party giving work to another organisation (403)", () => {
    expect(code(mayCreateTask(partner(PARTY), open, OWNER))).toBe("403 forbidden");
    expect(code(mayCreateTask(user(OTHER, "supervisor"), open, PARTY))).toBe("403 forbidden");
  });
  it("refuses on a resolved or closed case (409)", () => {
    expect(code(mayCreateTask(user(OWNER), { ...open, status: "resolved" }, PARTY))).toBe("409 invalid_transition");
    expect(code(mayCreateTask(user(OWNER), { ...open, status: "closed" }, PARTY))).toBe("409 invalid_transition");
  });
});

describe("doing and closing a task", () => {
  it("its organisation or the owner marks it done", () => {
    expect(code(mayCompleteTask(partner(PARTY), task(), OWNER))).toBe("ok");
    expect(code(mayCompleteTask(user(OWNER), task(), OWNER))).toBe("ok");
  });
  it("refuses anyone else (403) and a task not open (409 task_not_open)", () => {
    expect(code(mayCompleteTask(partner(OTHER), task(), OWNER))).toBe("403 forbidden");
    expect(code(mayCompleteTask(partner(PARTY), task("done"), OWNER))).toBe("409 task_not_open");
    expect(code(mayCompleteTask(user(OWNER), task("closed"), OWNER))).toBe("409 task_not_open");
  });
  it("only the owner closes it (403 for the party itself), and only while open", () => {
    expect(code(mayCloseTask(user(OWNER), task(), OWNER))).toBe("ok");
    expect(code(mayCloseTask(partner(PARTY), task(), OWNER))).toBe("403 forbidden");
    expect(code(mayCloseTask(user(OWNER), task("done"), OWNER))).toBe("409 task_not_open");
  });
  it("abilities follow the same rules", () => {
    expect(taskAbilities(user(OWNER), task(), OWNER)).toEqual(["task.complete", "task.close"]);
    expect(taskAbilities(partner(PARTY), task(), OWNER)).toEqual(["task.complete"]);
    expect(taskAbilities(partner(OTHER), task(), OWNER)).toEqual([]);
    expect(taskAbilities(user(OWNER), task("done"), OWNER)).toEqual([]);
  });
});

describe("resolving a case with open tasks", () => {
  const openTasks = [{ id: "t1", organizationId: PARTY, title: "Visit", dueAt: null }];
  const base = { ownerOrganizationId: OWNER, openTasks, resolvedBy: "agent" };
  it("nothing to do without open tasks", () => {
    expect(tasksOnResolve({ ...base, actor: user(OTHER), openTasks: [] })).toEqual({ ok: true, closeWith: null });
  });
  it("refuses staff (422 open_tasks, the tasks in details)", () => {
    const v = tasksOnResolve({ ...base, actor: user(OWNER) });
    expect(v.ok).toBe(false);
    if (!v.ok) expect([v.refusal.status, v.refusal.code, v.refusal.details]).toEqual([422, "open_tasks", openTasks]);
  });
  it("refuses a party, even one asking to close them (only the owner may)", () => {
    expect(tasksOnResolve({ ...base, actor: partner(PARTY), resolvedBy: "party" }).ok).toBe(false);
    const v = tasksOnResolve({ ...base, actor: partner(PARTY), resolvedBy: "party", closeOpenTasks: { reason: "done elsewhere" } });
    expect(v.ok ? "ok" : v.refusal.code).toBe("open_tasks");
  });
  it("the owner closes them with its reason", () => {
    expect(tasksOnResolve({ ...base, actor: user(OWNER), closeOpenTasks: { reason: "not needed" } })).toEqual({ ok: true, closeWith: "not needed" });
  });
  it("the customer is never refused: open tasks close with case_resolved_by_customer", () => {
    expect(tasksOnResolve({ ...base, actor: customer, resolvedBy: "customer" })).toEqual({ ok: true, closeWith: "case_resolved_by_customer" });
    expect(tasksOnResolve({ ...base, actor: partner(PARTY), resolvedBy: "customer" })).toEqual({ ok: true, closeWith: "case_resolved_by_customer" });
  });
});
