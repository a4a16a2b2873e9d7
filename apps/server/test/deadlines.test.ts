/**
 * Deadlines on a stepped clock, through the API and the scheduler: SLA policies (admins write,
 * staff read), milestones on every case, warnings and breaches that each happen once and go up
 * the escalation ladder, the late first reply recorded as late, automatic updates after silence,
 * the customer's own deadline (a commitment), pauses while waiting on the customer, a policy
 * changed mid-case, resolution closing every clock, and the at-risk list.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { caseSchema, pageOf, slaPolicySchema } from "@tandem/contracts";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { DueWorkHandlers, Scheduler } from "../src/platform/due/index.js";
import { addSlaHandlers } from "../src/modules/sla/index.js";
import { client, createTestApp, createWorld, randomMobile, uniq, type Client, type TestApp, type World } from "./helper.js";

const START = new Date("2041-06-02T01:00:00.000Z");
/** A message Tandem wrote itself, other than the instant acknowledgement of a complaint. */
const fromTandemNotAcknowledgement = (e: { actor: { type: string }; data: Record<string, unknown> }) => e.actor.type === "system" && e.data.automatic !== "acknowledgement";

let now = START;
const clock = () => now;
const at = (seconds: number) => new Date(START.getTime() + seconds * 1000);
const to = (seconds: number) => (now = at(seconds));

let t: TestApp;
let w: World;
let admin: Client;
let supervisor: Client;
let agent: Client;
let partner: Client;
let scheduler: Scheduler;

beforeAll(async () => {
  t = await createTestApp({ ownDatabase: true, clock });
  w = await createWorld(t.db);
  admin = client(t.app, w.admin.token);
  supervisor = client(t.app, w.supervisor.token);
  agent = client(t.app, w.agent.token);
  partner = client(t.app, w.partner.token);
  const handlers = new DueWorkHandlers();
  addSlaHandlers(handlers);
  scheduler = new Scheduler({ db: t.db, handlers, log: createLogger("silent"), now: clock, metrics: new Metrics() });
});
afterAll(() => t.close());
beforeEach(() => {
  now = START;
});

/** Runs every timer due by now (repeatedly, as a scheduler would). */
async function runTimers(): Promise<number> {
  let done = 0;
  for (;;) {
    const r = await scheduler.runDue();
    done += r.done;
    expect(r.failed).toBe(0);
    if (r.claimed === 0) return done;
  }
}

let policySeq = 0;
/** A policy for one category of its own, so each story has its own targets. */
async function policy(body: Record<string, unknown>) {
  const category = `sla-${uniq()}`;
  const res = await admin.post("/api/v1/sla-policies", { name: `Policy ${++policySeq}`, position: policySeq, appliesTo: { category }, warnBefore: "PT10S", ...body });
  expect(res.status).toBe(201);
  slaPolicySchema.parse(res.body);
  return { id: res.body.id as string, category };
}

async function openCase(category: string, extra: Record<string, unknown> = {}) {
  const customer = (await agent.post("/api/v1/customers", { name: `Deadline ${uniq()}`, identities: [{ kind: "phone", value: randomMobile() }], ...extra })).body;
  const res = await agent.post("/api/v1/cases", { customerId: customer.id, kind: "complaint", subject: "The ticket must be issued by 18:00", channel: "phone", category });
  expect(res.status).toBe(201);
  return res.body;
}

const getCase = async (id: string) => caseSchema.parse((await agent.get(`/api/v1/cases/${id}`)).body);
const milestone = async (id: string, kind: string) => (await getCase(id)).milestones.filter((m) => m.kind === kind).at(-1)!;
const events = async (id: string, type?: string) => ((await agent.get(`/api/v1/cases/${id}/events?limit=200`)).body.items as { type: string; data: any; actor: any }[]).filter((e) => !type || e.type === type);
const told = async (userId: string, kind: string, caseId: string) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = $2 AND subject_id = $3`, [userId, kind, caseId]))[0]!.n;

describe("SLA policies", () => {
  it("a default policy exists on a fresh install; staff read the policies, only admins write them", async () => {
    const list = await agent.get("/api/v1/sla-policies");
    expect(list.status).toBe(200);
    pageOf(slaPolicySchema).parse(list.body);
    const def = list.body.items.find((p: any) => p.isDefault);
    expect(def).toMatchObject({ name: "Default", firstResponse: "PT1H", nextUpdate: "P1D", resolution: "P5D", abilities: [] });
    expect((await admin.get(`/api/v1/sla-policies/${def.id}`)).body.abilities).toEqual(["sla_policy.update"]);
    expect((await supervisor.get("/api/v1/sla-policies")).status).toBe(200);
    expect((await partner.get("/api/v1/sla-policies")).status).toBe(403);
    expect((await agent.post("/api/v1/sla-policies", { name: "Mine" })).status).toBe(403);
    expect((await supervisor.patch(`/api/v1/sla-policies/${def.id}`, { name: "Changed" })).status).toBe(403);
    expect((await admin.patch(`/api/v1/sla-policies/00000000-0000-7000-8000-00000000ffff`, { name: "Nobody" })).status).toBe(404);
  });

  it("the first match in position order applies, and the case's history names it", async () => {
    const specific = await policy({ firstResponse: "PT30S", warnBefore: "PT5S", appliesTo: { category: "sla-match", priority: "urgent" } });
    const general = await policy({ firstResponse: "PT90S", appliesTo: { category: "sla-match" } });
    const customer = (await agent.post("/api/v1/customers", { name: `Match ${uniq()}`, identities: [{ kind: "phone", value: randomMobile() }] })).body;
    const urgent = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "request", subject: "Urgent", channel: "phone", category: "sla-match", priority: "urgent" })).body;
    const normal = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "request", subject: "Normal", channel: "phone", category: "sla-match" })).body;
    expect((await events(urgent.id, "sla.policy_applied"))[0]!.data.policyId).toBe(specific.id);
    expect((await events(normal.id, "sla.policy_applied"))[0]!.data.policyId).toBe(general.id);
    expect(urgent.milestones).toMatchObject([{ kind: "first_response", dueAt: at(30).toISOString(), status: "active" }]);
    expect(normal.milestones).toMatchObject([{ kind: "first_response", dueAt: at(90).toISOString(), status: "active" }]);
    // Raising the priority re-matches: the urgent policy applies from then on (from the original start).
    to(10);
    const raised = await agent.patch(`/api/v1/cases/${normal.id}`, { priority: "urgent" });
    expect(raised.body.milestones).toMatchObject([{ kind: "first_response", dueAt: at(30).toISOString() }]);
    expect((await events(normal.id, "sla.policy_applied")).map((e) => e.data.policyId)).toEqual([general.id, specific.id]);
  });
});

describe("the 000 story on a compressed clock", () => {
  it("warns then breaches once each up the ladder, records the late first reply, and updates the customer after silence", async () => {
    const p = await policy({ firstResponse: "PT60S", nextUpdate: "PT120S", resolution: "PT1H", warnBefore: "PT10S", escalation: { warn: ["owner"], breach: ["owner", "supervisors"], adminsAfter: "PT60S" } });
    const kase = await openCase(p.category);
    expect(kase.milestones).toMatchObject([
      { kind: "first_response", dueAt: at(60).toISOString(), warnAt: at(50).toISOString(), status: "active" },
      { kind: "resolution", dueAt: at(3600).toISOString(), status: "active" },
    ]);

    to(49);
    await runTimers();
    expect(await events(kase.id, "sla.warned")).toEqual([]);
    to(50);
    await runTimers();
    expect((await events(kase.id, "sla.warned")).map((e) => e.data.kind)).toEqual(["first_response"]);
    expect(await told(w.agent.id, "sla.warned", kase.id)).toBe(1);
    expect(await told(w.supervisor.id, "sla.warned", kase.id)).toBe(0);
    expect((await milestone(kase.id, "first_response")).status).toBe("warned");
    expect((await agent.get(`/api/v1/cases?atRisk=true&limit=100`)).body.items.map((c: any) => c.id)).toContain(kase.id);

    to(61);
    await runTimers();
    await runTimers();
    const breached = await events(kase.id, "sla.breached");
    expect(breached).toMatchObject([{ data: { kind: "first_response", dueAt: at(60).toISOString() }, actor: { type: "system" } }]);
    expect(await told(w.agent.id, "sla.breached", kase.id)).toBe(1);
    expect(await told(w.supervisor.id, "sla.breached", kase.id)).toBe(1);
    expect(await told(w.admin.id, "sla.breached", kase.id)).toBe(0);
    // The breach reaches the supervisor's home.
    const home = await supervisor.get("/api/v1/dashboard/supervisor");
    expect(home.body.deadlines.breachedOpen).toBeGreaterThanOrEqual(1);
    expect(home.body.deadlines.breachesLast7Days).toBeGreaterThanOrEqual(1);
    expect(home.body.deadlines.atRisk).toBeGreaterThanOrEqual(1);

    // Still breached a further minute later: the admins hear of it.
    to(121);
    await runTimers();
    expect(await told(w.admin.id, "sla.escalated", kase.id)).toBe(1);

    // The late first reply is recorded as late; it arms next_update.
    to(130);
    await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "We are on it." });
    const first = await milestone(kase.id, "first_response");
    expect(first).toMatchObject({ status: "breached", metAt: at(130).toISOString(), metBy: "staff" });
    expect(await milestone(kase.id, "next_update")).toMatchObject({ status: "active", dueAt: at(250).toISOString() });
    expect((await agent.get(`/api/v1/cases?atRisk=true&limit=100`)).body.items.map((c: any) => c.id)).not.toContain(kase.id);
    expect((await agent.get(`/api/v1/cases?atRisk=false&limit=100`)).body.items.map((c: any) => c.id)).toContain(kase.id);

    // Silence: at the due time Tandem writes to the customer itself; that meets next_update and re-arms it.
    to(251);
    await runTimers();
    // The complaint was acknowledged when it was opened (delivery.test.ts); the update is the one other message from Tandem.
    expect((await events(kase.id, "message.added")).filter((e) => e.data.automatic === "acknowledgement")).toHaveLength(1);
    const messages = (await events(kase.id, "message.added")).filter(fromTandemNotAcknowledgement);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.data).toMatchObject({ visibility: "public" });
    expect(messages[0]!.data.body).toContain(kase.number);
    const updates = (await getCase(kase.id)).milestones.filter((m) => m.kind === "next_update");
    expect(updates).toMatchObject([
      { status: "met", metBy: "system", metAt: at(251).toISOString() },
      { status: "active", dueAt: at(371).toISOString() },
    ]);
    expect(await events(kase.id, "sla.breached")).toHaveLength(1);
    // Nothing fires twice.
    await runTimers();
    expect((await events(kase.id, "message.added")).filter(fromTandemNotAcknowledgement)).toHaveLength(1);
  });

  it("a customer's deadline (commitment) warns, then breaches once and reaches the supervisor", async () => {
    const p = await policy({ warnBefore: "PT30S" });
    const kase = await openCase(p.category);
    expect(kase.milestones).toEqual([]);
    const res = await agent.post(`/api/v1/cases/${kase.id}/commitments`, { description: "Ticket issued by 18:00", dueAt: at(100).toISOString() });
    expect(res.status).toBe(201);
    expect(res.body.milestones).toMatchObject([{ kind: "commitment", description: "Ticket issued by 18:00", dueAt: at(100).toISOString(), warnAt: at(70).toISOString(), status: "active" }]);
    expect(res.body.commitments).toMatchObject([{ description: "Ticket issued by 18:00", status: "open" }]);
    to(70);
    await runTimers();
    to(100);
    await runTimers();
    await runTimers();
    expect((await events(kase.id)).filter((e) => e.type.startsWith("sla.") && e.type !== "sla.policy_applied").map((e) => `${e.type}:${e.data.kind}`)).toEqual(["sla.warned:commitment", "sla.breached:commitment"]);
    expect(await told(w.supervisor.id, "sla.breached", kase.id)).toBe(1);
    expect((await getCase(kase.id)).commitments).toMatchObject([{ status: "broken" }]);
  });

  it("notify_owner_first: the owner is asked to write at the warning, the automatic update goes at the due time", async () => {
    const p = await policy({ firstResponse: null, nextUpdate: "PT60S", warnBefore: "PT20S", proactiveUpdates: "notify_owner_first" });
    const kase = await openCase(p.category, { locale: "en" });
    expect(kase.milestones).toMatchObject([{ kind: "next_update", dueAt: at(60).toISOString() }]);
    to(40);
    await runTimers();
    expect(await told(w.agent.id, "sla.update_due", kase.id)).toBe(1);
    expect((await events(kase.id, "message.added")).filter(fromTandemNotAcknowledgement)).toHaveLength(0);
    to(60);
    await runTimers();
    const sent = (await events(kase.id, "message.added")).filter(fromTandemNotAcknowledgement);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data.body).toContain("here is an update on your case");
  });
});

describe("clocks that stop", () => {
  it("waiting on the customer pauses the clock; the rest runs on when the case is open again", async () => {
    const p = await policy({ resolution: "PT100S", warnBefore: "PT10S", pauseWhileWaitingOnCustomer: true });
    const kase = await openCase(p.category);
    to(30);
    const waiting = await agent.post(`/api/v1/cases/${kase.id}/status`, { status: "waiting_on_customer" });
    expect(waiting.body.milestones).toMatchObject([{ kind: "resolution", status: "paused", remainingSeconds: 70 }]);
    to(500);
    await runTimers();
    expect(await events(kase.id, "sla.breached")).toEqual([]);
    const back = await agent.post(`/api/v1/cases/${kase.id}/status`, { status: "open" });
    expect(back.body.milestones).toMatchObject([{ kind: "resolution", status: "active", dueAt: at(570).toISOString() }]);
  });

  it("resolving the case meets every milestone; reopening arms a new resolution clock", async () => {
    const p = await policy({ firstResponse: "PT60S", resolution: "PT300S", warnBefore: "PT10S" });
    const kase = await openCase(p.category);
    to(20);
    const resolved = await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Issued." });
    expect(resolved.body.milestones).toMatchObject([
      { kind: "first_response", status: "met", metBy: "resolution", metAt: at(20).toISOString() },
      { kind: "resolution", status: "met", metAt: at(20).toISOString() },
    ]);
    to(1000);
    await runTimers();
    expect(await events(kase.id, "sla.breached")).toEqual([]);
    const reopened = await agent.post(`/api/v1/cases/${kase.id}/reopen`, { reason: "Not issued after all" });
    expect(reopened.body.milestones.filter((m: any) => m.status === "active")).toMatchObject([{ kind: "resolution", dueAt: at(1300).toISOString() }]);
  });

  it("a policy changed mid-case: active milestones take the new target from their original start, met ones stay", async () => {
    const p = await policy({ firstResponse: "PT60S", resolution: "PT600S", warnBefore: "PT10S" });
    const kase = await openCase(p.category);
    to(10);
    await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "Hello" });
    to(20);
    const patched = await admin.patch(`/api/v1/sla-policies/${p.id}`, { firstResponse: "PT5S", resolution: "PT1200S" });
    expect(patched.status).toBe(200);
    // The edit answers at once: the open cases are recomputed by due work, in batches.
    expect((await getCase(kase.id)).milestones).toMatchObject([{ kind: "first_response" }, { kind: "resolution", dueAt: at(600).toISOString() }]);
    expect(await t.db.query(`SELECT key FROM due_work WHERE kind = 'sla.recompute'`)).toEqual([{ key: "open-cases" }]);
    to(25);
    await runTimers();
    const after = await getCase(kase.id);
    expect(after.milestones).toMatchObject([
      { kind: "first_response", status: "met", dueAt: at(60).toISOString() },
      { kind: "resolution", status: "active", dueAt: at(1200).toISOString() },
    ]);
    // The history says which policy applied when: the new targets from the recompute's time on.
    expect((await events(kase.id, "sla.policy_applied")).map((e) => e.data.resolutionMs)).toEqual([600_000, 1_200_000]);
  });

  it("the recompute after an edit goes through the open cases a batch per run, and a newer edit starts it again", async () => {
    const p = await policy({ resolution: "PT600S" });
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await openCase(p.category));
    const resolved = await openCase(p.category);
    await agent.post(`/api/v1/cases/${resolved.id}/resolve`, { resolution: "done" });
    await runTimers();
    to(5);
    expect((await admin.patch(`/api/v1/sla-policies/${p.id}`, { resolution: "PT900S" })).status).toBe(200);
    to(6);
    expect((await admin.patch(`/api/v1/sla-policies/${p.id}`, { resolution: "PT1200S" })).status).toBe(200);
    // Two edits, one pass pending (from the start).
    expect(await t.db.query(`SELECT payload FROM due_work WHERE kind = 'sla.recompute'`)).toEqual([{ payload: { after: null } }]);
    to(7);
    await runTimers();
    for (const kase of cases) {
      expect((await milestone(kase.id, "resolution")).dueAt).toBe(at(1200).toISOString());
      expect((await events(kase.id, "sla.policy_applied")).map((e) => e.data.resolutionMs)).toEqual([600_000, 1_200_000]);
    }
    // A resolved case keeps the policy it was resolved under.
    expect((await events(resolved.id, "sla.policy_applied")).map((e) => e.data.resolutionMs)).toEqual([600_000]);
  });
});

describe("clocks in a business calendar", () => {
  it("a policy's calendar: a Sunday opening waits for Monday, a holiday is skipped, the lunch break does not count", async () => {
    const weekdays = (from: string, until: string) => [1, 2, 3, 4, 5].map((day) => ({ day, from, to: until }));
    const cal = await admin.post("/api/v1/calendars", { name: `Shanghai desk ${uniq()}`, timezone: "Asia/Shanghai", hours: [...weekdays("09:00", "12:00"), ...weekdays("13:30", "18:00")], holidays: ["2041-06-03"] });
    expect(cal.status, JSON.stringify(cal.body)).toBe(201);
    const p = await policy({ firstResponse: "PT4H", warnBefore: "PT30M", calendarId: cal.body.id });
    // Opened Sunday 2041-06-02 09:00 in Shanghai; Monday is a holiday; Tuesday 09:00–12:00 gives three
    // hours, the fourth ends 14:30 after the lunch break (06:30 UTC); the warning is 30 open minutes earlier.
    const kase = await openCase(p.category);
    expect(kase.milestones).toMatchObject([{ kind: "first_response", dueAt: "2041-06-04T06:30:00.000Z", warnAt: "2041-06-04T06:00:00.000Z", status: "active" }]);
    expect((await admin.post("/api/v1/sla-policies", { name: "No such calendar", appliesTo: { category: "x" }, calendarId: "00000000-0000-7000-8000-0000000000cc" })).status).toBe(400);
  });
});

describe("who may record a commitment", () => {
  it("a partner of another organisation cannot see the case; a past due time or a resolved case is refused", async () => {
    const p = await policy({});
    const kase = await openCase(p.category);
    expect((await client(t.app, w.otherPartnerAgent.token).post(`/api/v1/cases/${kase.id}/commitments`, { description: "x", dueAt: at(100).toISOString() })).status).toBe(404);
    expect((await agent.post(`/api/v1/cases/${kase.id}/commitments`, { description: "x", dueAt: at(-1).toISOString() })).status).toBe(400);
    await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "done" });
    expect((await agent.post(`/api/v1/cases/${kase.id}/commitments`, { description: "x", dueAt: at(100).toISOString() })).status).toBe(409);
    expect((await getCase(kase.id)).milestones.filter((m) => m.kind === "commitment")).toEqual([]);
  });
});
