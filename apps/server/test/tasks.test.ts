/**
 * Tasks across companies, through the API on a stepped clock: the owner gives a party a task with
 * a due time (a `task` milestone that breaches like any deadline), the party's desk does it with
 * an API token of its own, a partner sees only the tasks of cases it shares in (404 for the rest),
 * open tasks hold the case's resolve unless the owner closes them with a reason, the customer's
 * "I solved it myself" closes them, and bad input writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseSchema, pageOf, taskSchema } from "@tandem/contracts";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { DueWorkHandlers, Scheduler } from "../src/platform/due/index.js";
import { addSlaHandlers } from "../src/modules/sla/index.js";
import { client, createTestApp, createWorld, randomMobile, TEST_PASSWORD, uniq, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

let now = new Date("2042-03-02T02:00:00.000Z");
const clock = () => now;
const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
const inFuture = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

let t: TestApp;
let w: World;
let agent: Client;
let billing: Client;
let partner: Client;
let other: Client;
let scheduler: Scheduler;

beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await createWorld(t.db);
  agent = client(t.app, w.agent.token);
  billing = client(t.app, w.billingAgent.token);
  partner = client(t.app, w.partner.token);
  other = client(t.app, w.otherPartnerAgent.token);
  const handlers = new DueWorkHandlers();
  addSlaHandlers(handlers);
  scheduler = new Scheduler({ db: t.db, handlers, log: createLogger("silent"), now: clock, metrics: new Metrics() });
});
afterAll(() => t.close());

/** A case owned by the hotline (the agent), shared with the box maker. */
async function sharedCase(access: "view" | "contribute" = "contribute") {
  const customer = (await agent.post("/api/v1/customers", { name: `Tasks ${uniq()}`, identities: [{ kind: "phone", value: randomMobile() }] })).body;
  const kase = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "incident", subject: "Set-top box keeps rebooting", channel: "phone" })).body;
  expect((await agent.post(`/api/v1/cases/${kase.id}/parties`, { organizationId: w.maker.id, access })).status).toBe(200);
  return kase as { id: string; number: string };
}

async function newTask(by: Client, caseId: string, body: Record<string, unknown>) {
  const res = await by.post(`/api/v1/cases/${caseId}/tasks`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return taskSchema.parse(res.body);
}

const getCase = async (id: string) => caseSchema.parse((await agent.get(`/api/v1/cases/${id}`)).body);
const events = async (id: string, type: string) => ((await agent.get(`/api/v1/cases/${id}/events?limit=200`)).body.items as { type: string; data: any; actor: any }[]).filter((e) => e.type === type);
const told = async (userId: string, kind: string, caseId: string) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = $2 AND subject_id = $3`, [userId, kind, caseId]))[0]!.n;

async function runTimers(): Promise<void> {
  for (;;) {
    const r = await scheduler.runDue();
    expect(r.failed).toBe(0);
    if (r.claimed === 0) return;
  }
}

describe("the owner gives the box maker a task; the maker's desk does it through its own API token", () => {
  it("runs the whole story", async () => {
    const kase = await sharedCase();
    const task = await newTask(agent, kase.id, { organizationId: w.maker.id, title: "Swap the set-top box", dueAt: inFuture(4 * 3600) });
    expect(task).toMatchObject({ caseId: kase.id, caseNumber: kase.number, organizationId: w.maker.id, status: "open", createdBy: { type: "user", id: w.agent.id }, completedAt: null, abilities: ["task.complete", "task.close"] });

    // The case shows the count and a task milestone; the maker's users were told.
    const withTask = await getCase(kase.id);
    expect(withTask.openTasks).toBe(1);
    expect(withTask.milestones.filter((m) => m.kind === "task")).toMatchObject([{ status: "active", dueAt: task.dueAt, description: "Swap the set-top box" }]);
    expect((await events(kase.id, "task.created"))[0]).toMatchObject({ actor: { type: "user", id: w.agent.id }, data: { taskId: task.id, organizationId: w.maker.id, dueAt: task.dueAt } });
    expect(await told(w.partner.id, "task.assigned", kase.id)).toBe(1);
    expect(await told(w.otherPartnerAgent.id, "task.assigned", kase.id)).toBe(0);

    // Staff cannot resolve while the maker's task is open: the task is listed.
    const refused = await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Fixed" });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "open_tasks", details: [{ id: task.id, organizationId: w.maker.id, title: "Swap the set-top box", dueAt: task.dueAt }] });
    expect((await getCase(kase.id)).status).toBe("open");

    // The maker's desk: a token from the token endpoint, signed in as the partner agent.
    const login = await client(t.app).post("/api/v1/auth/login", { email: w.partner.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const made = await client(t.app, login.body.token).post("/api/v1/tokens", { name: "Repair desk integration" });
    expect(made.status).toBe(201);
    const desk = client(t.app, made.body.token);

    const mine = await desk.get(`/api/v1/tasks?organizationId=${w.maker.id}&status=open`);
    expect(mine.status).toBe(200);
    expect(pageOf(taskSchema).parse(mine.body).items.map((x) => x.id)).toContain(task.id);
    expect(mine.body.items.find((x: { id: string }) => x.id === task.id).abilities).toEqual(["task.complete"]);

    later(3600);
    const done = await desk.post(`/api/v1/tasks/${task.id}/complete`, { note: "Box swapped on site" });
    expect(done.status).toBe(200);
    expect(taskSchema.parse(done.body)).toMatchObject({ status: "done", completedAt: now.toISOString(), completedBy: { type: "partner", id: w.partner.id }, completionNote: "Box swapped on site", abilities: [] });
    expect((await events(kase.id, "task.completed"))[0]).toMatchObject({ actor: { type: "partner", id: w.partner.id }, data: { taskId: task.id, note: "Box swapped on site" } });
    expect(await told(w.agent.id, "task.completed", kase.id)).toBe(1);
    const after = await getCase(kase.id);
    expect(after.openTasks).toBe(0);
    expect(after.milestones.find((m) => m.kind === "task")).toMatchObject({ status: "met", metAt: now.toISOString(), metBy: "staff" });

    // Done twice is a conflict; the case now resolves.
    expect((await desk.post(`/api/v1/tasks/${task.id}/complete`, {})).body.error.code).toBe("task_not_open");
    expect((await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Box swapped" })).status).toBe(200);
  });
});

describe("what a partner sees", () => {
  it("another partner gets 404 for the task and the case's list, and an empty list", async () => {
    const kase = await sharedCase();
    const task = await newTask(agent, kase.id, { organizationId: w.maker.id, title: "Call the customer back" });
    expect((await other.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
    expect((await other.get(`/api/v1/cases/${kase.id}/tasks`)).status).toBe(404);
    expect((await other.post(`/api/v1/tasks/${task.id}/complete`, {})).status).toBe(404);
    expect((await other.post(`/api/v1/tasks/${task.id}/close`, { reason: "x" })).status).toBe(404);
    expect((await other.get(`/api/v1/tasks?organizationId=${w.maker.id}`)).body.items).toEqual([]);
    expect((await other.get(`/api/v1/tasks?caseId=${kase.id}`)).body.items).toEqual([]);
    // The maker sees it, on the case and in its list; staff see every task.
    expect((await partner.get(`/api/v1/cases/${kase.id}/tasks`)).body.items.map((x: { id: string }) => x.id)).toEqual([task.id]);
    expect((await partner.get(`/api/v1/tasks/${task.id}`)).status).toBe(200);
    expect((await billing.get(`/api/v1/tasks?caseId=${kase.id}`)).body.items.map((x: { id: string }) => x.id)).toEqual([task.id]);
  });

  it("pages the list by cursor, newest first, and filters by status", async () => {
    const kase = await sharedCase();
    const ids: string[] = [];
    for (const title of ["One", "Two", "Three"]) {
      later(1);
      ids.push((await newTask(agent, kase.id, { organizationId: w.maker.id, title })).id);
    }
    const first = await partner.get(`/api/v1/tasks?caseId=${kase.id}&limit=2`);
    expect(first.body.items.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
    const second = await partner.get(`/api/v1/tasks?caseId=${kase.id}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    await agent.post(`/api/v1/tasks/${ids[1]}/close`, { reason: "Not needed" });
    expect((await partner.get(`/api/v1/tasks?caseId=${kase.id}&status=done,closed`)).body.items.map((x: { id: string }) => x.id)).toEqual([ids[1]]);
  });
});

describe("who may give, do and close a task", () => {
  it("a party records a task for itself, not for others; only the owner closes it, with a reason", async () => {
    const kase = await sharedCase();
    const own = await newTask(partner, kase.id, { organizationId: w.maker.id, title: "Repair visit Tuesday" });
    expect(own.createdBy).toMatchObject({ type: "partner", id: w.partner.id });
    expect((await partner.post(`/api/v1/cases/${kase.id}/tasks`, { organizationId: w.hotline.id, title: "Call the customer" })).status).toBe(403);
    expect((await partner.post(`/api/v1/tasks/${own.id}/close`, { reason: "Not needed" })).status).toBe(403);
    // Staff of another department are not the owner's desk either.
    expect((await billing.post(`/api/v1/tasks/${own.id}/close`, { reason: "Not needed" })).status).toBe(403);
    expect((await billing.post(`/api/v1/tasks/${own.id}/complete`, {})).status).toBe(403);

    const closed = await agent.post(`/api/v1/tasks/${own.id}/close`, { reason: "The customer cancelled the visit" });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: "closed", closedReason: "The customer cancelled the visit", closedAt: now.toISOString() });
    expect((await events(kase.id, "task.closed"))[0]).toMatchObject({ actor: { id: w.agent.id }, data: { taskId: own.id, reason: "The customer cancelled the visit" } });
    expect((await partner.post(`/api/v1/tasks/${own.id}/complete`, {})).body.error.code).toBe("task_not_open");
  });

  it("a view-only party can do the task it was given but not record new ones", async () => {
    const kase = await sharedCase("view");
    const task = await newTask(agent, kase.id, { organizationId: w.maker.id, title: "Confirm warranty stock", assigneeId: w.partner.id });
    expect(task).toMatchObject({ assigneeId: w.partner.id, assigneeName: "partner" });
    expect((await partner.post(`/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "More" })).status).toBe(403);
    expect((await partner.post(`/api/v1/tasks/${task.id}/complete`, {})).status).toBe(200);
  });

  it("an organisation that is not on the case is refused (422 not_a_party) and nothing is written", async () => {
    const kase = await sharedCase();
    const before = await snapshot(t.db, worldTag(w.agent.email));
    const res = await agent.post(`/api/v1/cases/${kase.id}/tasks`, { organizationId: w.otherPartner.id, title: "Visit" });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("not_a_party");
    expect(changed(before, await snapshot(t.db, worldTag(w.agent.email)))).toEqual([]);
  });

  it("an Idempotency-Key gives the first answer again and one task", async () => {
    const kase = await sharedCase();
    const key = `task-${uniq()}`;
    const a = await agent.post(`/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "Once" }, { "idempotency-key": key });
    const b = await agent.post(`/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "Once" }, { "idempotency-key": key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect((await agent.get(`/api/v1/cases/${kase.id}/tasks`)).body.items).toHaveLength(1);
  });
});

describe("open tasks and resolving the case", () => {
  it("the owner closes them with its reason in the same step; a party cannot", async () => {
    const kase = await sharedCase();
    const a = await newTask(agent, kase.id, { organizationId: w.maker.id, title: "Swap the box", dueAt: inFuture(3600) });
    const b = await newTask(agent, kase.id, { organizationId: w.hotline.id, title: "Refund the rental" });
    const byParty = await partner.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Fixed", closeOpenTasks: { reason: "Done elsewhere" } });
    expect(byParty.status).toBe(422);
    expect(byParty.body.error.details.map((x: { id: string }) => x.id).sort()).toEqual([a.id, b.id].sort());

    const res = await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Customer bought a new box", closeOpenTasks: { reason: "The customer replaced the box himself" } });
    expect(res.status).toBe(200);
    expect(caseSchema.parse(res.body)).toMatchObject({ status: "resolved", openTasks: 0 });
    const tasks = (await agent.get(`/api/v1/cases/${kase.id}/tasks`)).body.items;
    expect(tasks.map((x: { status: string; closedReason: string }) => [x.status, x.closedReason])).toEqual([
      ["closed", "The customer replaced the box himself"],
      ["closed", "The customer replaced the box himself"],
    ]);
    expect((await events(kase.id, "task.closed")).map((e) => e.data.taskId).sort()).toEqual([a.id, b.id].sort());
    // A resolved case takes no new task.
    expect((await agent.post(`/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "Late" })).body.error.code).toBe("invalid_transition");
  });

  it("the customer's \"I solved it myself\" is never refused: open tasks close with case_resolved_by_customer", async () => {
    const kase = await sharedCase();
    const task = await newTask(agent, kase.id, { organizationId: w.maker.id, title: "Repair visit" });
    const link = await agent.post(`/api/v1/cases/${kase.id}/customer-link`, {});
    const customer = client(t.app, link.body.token);
    expect((await customer.post("/api/v1/portal/case/resolve", { note: "Re-paired it myself" })).status).toBe(200);
    const after = (await partner.get(`/api/v1/tasks/${task.id}`)).body;
    expect(after).toMatchObject({ status: "closed", closedReason: "case_resolved_by_customer" });
    expect((await events(kase.id, "task.closed"))[0]).toMatchObject({ actor: { type: "customer" }, data: { reason: "case_resolved_by_customer" } });
  });
});

describe("a task's due time is a deadline", () => {
  it("warns and breaches once through the scheduler, and the owner is told", async () => {
    const kase = await sharedCase();
    const task = await newTask(agent, kase.id, { organizationId: w.maker.id, title: "Ship the replacement", dueAt: inFuture(3600) });
    const id = (await getCase(kase.id)).milestones.find((m) => m.kind === "task")!.id;
    later(3600 + 1);
    await runTimers();
    await runTimers();
    const breaches = (await events(kase.id, "sla.breached")).filter((e) => e.data.milestoneId === id);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.data).toMatchObject({ kind: "task", description: "Ship the replacement", dueAt: task.dueAt });
    expect((await events(kase.id, "sla.warned")).filter((e) => e.data.milestoneId === id)).toHaveLength(1);
    const breachNotes = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = 'sla.breached' AND data->>'milestoneId' = $2`, [w.agent.id, id]);
    expect(breachNotes[0]!.n).toBe(1);
    // Done late: met, and still breached.
    expect((await partner.post(`/api/v1/tasks/${task.id}/complete`, {})).status).toBe(200);
    expect((await getCase(kase.id)).milestones.find((m) => m.id === id)).toMatchObject({ status: "breached", metAt: now.toISOString() });
  });
});

describe("bad input on the task routes is a 4xx and writes nothing", () => {
  it("refuses each and changes no row", async () => {
    const kase = await sharedCase();
    const task = await newTask(agent, kase.id, { organizationId: w.maker.id, title: "Fixture" });
    const tag = worldTag(w.agent.email);
    const before = await snapshot(t.db, tag);
    const cases: [string, "GET" | "POST", string, unknown, number][] = [
      ["no title", "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id }, 400],
      ["empty title", "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "   " }, 400],
      ["a title too long", "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "x".repeat(301) }, 400],
      ["an organisation that is not an id", "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: "maker'; DROP TABLE tasks", title: "T" }, 400],
      ["a due time that is not a time", "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "T", dueAt: "tomorrow" }, 400],
      ["a due time in the past", "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "T", dueAt: new Date(now.getTime() - 1000).toISOString() }, 400],
      ["an unknown field", "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "T", priority: "high" }, 400],
      ["an assignee of another organisation", "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: w.maker.id, title: "T", assigneeId: w.agent.id }, 422],
      ["an unknown case", "POST", `/api/v1/cases/00000000-0000-7000-8000-000000000000/tasks`, { organizationId: w.maker.id, title: "T" }, 404],
      ["close with no reason", "POST", `/api/v1/tasks/${task.id}/close`, {}, 400],
      ["close with an empty reason", "POST", `/api/v1/tasks/${task.id}/close`, { reason: "" }, 400],
      ["complete with an unknown field", "POST", `/api/v1/tasks/${task.id}/complete`, { done: true }, 400],
      ["complete an unknown task", "POST", `/api/v1/tasks/00000000-0000-7000-8000-000000000000/complete`, {}, 404],
      ["a task id that is not one", "POST", `/api/v1/tasks/not-an-id/complete`, {}, 400],
      ["resolve with an empty closing reason", "POST", `/api/v1/cases/${kase.id}/resolve`, { resolution: "Fixed", closeOpenTasks: { reason: "" } }, 400],
      ["resolve with open tasks", "POST", `/api/v1/cases/${kase.id}/resolve`, { resolution: "Fixed" }, 422],
      ["a status that is not one", "GET", `/api/v1/tasks?status=finished`, undefined, 400],
      ["a limit too large", "GET", `/api/v1/tasks?limit=500`, undefined, 400],
      ["a forged cursor", "GET", `/api/v1/tasks?cursor=${Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url")}`, undefined, 400],
      ["an unknown filter", "GET", `/api/v1/tasks?owner=me`, undefined, 400],
    ];
    for (const [what, method, url, body, status] of cases) {
      const res = method === "GET" ? await agent.get(url) : await agent.post(url, body);
      expect(res.status, what).toBe(status);
      expect(Object.keys(res.body.error).sort(), what).toEqual(["code", "details", "message"]);
    }
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    expect((await client(t.app).get(`/api/v1/tasks`)).status).toBe(401);
  });
});
