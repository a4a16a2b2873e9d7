/**
 * Fair remedies through the API, on a fresh install's catalogue: the two seed stories (a fare
 * withdrawn by the company's fault, settled once and in full by the first agent; the same charge
 * disputed again and again, the fifth claim declined with its history, identically for two
 * agents), rolling windows on a frozen clock, approvals that escalate when nobody decides,
 * overrides only with a reason, permissions, and the catalogue edited by an admin.
 * Its own database (on PostgreSQL too): it runs the scheduler and edits the catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";
import { Scheduler } from "../src/platform/due/index.js";
import { dueWorkHandlers } from "../src/scheduler.js";
import { loadEnv } from "../src/platform/env.js";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";

const START = new Date("2026-11-29T02:00:00Z");
let now = START;
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestApp;
let w: World;
let agent: Client;
let otherAgent: Client;
let supervisor: Client;
let admin: Client;
let partner: Client;

beforeAll(async () => {
  t = await createTestApp({ ownDatabase: true, clock: () => now });
  w = await createWorld(t.db);
  agent = client(t.app, w.agent.token);
  otherAgent = client(t.app, w.billingAgent.token);
  supervisor = client(t.app, w.supervisor.token);
  admin = client(t.app, w.admin.token);
  partner = client(t.app, w.partner.token);
});
afterAll(async () => t?.close());

async function customerWithCase(name: string, subject: string, opener: Client = agent) {
  const customer = await agent.post("/api/v1/customers", { name, identities: [{ kind: "phone", value: randomMobile() }], locale: "zh-CN" });
  expect(customer.status).toBe(201);
  const kase = await opener.post("/api/v1/cases", { customerId: customer.body.id, kind: "complaint", subject, channel: "phone" });
  expect(kase.status).toBe(201);
  return { customerId: customer.body.id as string, caseId: kase.body.id as string };
}

const eventTypes = async (caseId: string) => ((await agent.get(`/api/v1/cases/${caseId}/events`)).body.items as { type: string }[]).map((e) => e.type);

describe("the 000 story: a confirmed fare withdrawn by the travel site", () => {
  const ask = { kind: "price_adjustment", value: { amount: "710.00", currency: "CNY" }, loss: { amount: 710, currency: "CNY" }, reason: "fare_withdrawn_after_confirmation", fault: "company", chargeStatus: "not_charged" };

  it("the first agent who answers settles the whole difference in one step, before any charge, and can read the reason out", async () => {
    const { caseId, customerId } = await customerWithCase("Fare customer", "Confirmed fare withdrawn, asked to pay ¥710 more");
    const preview = await agent.post(`/api/v1/cases/${caseId}/remedies/preview`, ask);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ status: "granted", settlement: "adjust_before_charge", value: { amount: "710.00", currency: "CNY" } });
    expect(await eventTypes(caseId)).not.toContain("remedy.granted");

    const r = await agent.post(`/api/v1/cases/${caseId}/remedies`, ask);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: "granted", settlement: "adjust_before_charge", value: { amount: "710.00", currency: "CNY" }, loss: { amount: "710.00", currency: "CNY" }, fault: "company", requestedBy: { id: w.agent.id } });
    expect(r.body.explanation).toBe(preview.body.explanation);
    expect(r.body.explanation).toContain("bears the whole loss of ¥710");
    expect(r.body.explanations["zh-CN"]).toContain("扣款前直接调整价格");
    expect(await eventTypes(caseId)).toContain("remedy.granted");

    // One decision, the right one: the ledger holds exactly it.
    const ledger = await agent.get(`/api/v1/customers/${customerId}/goodwill`);
    expect(ledger.body.items.map((i: { status: string; value: { amount: string } }) => [i.status, i.value.amount])).toEqual([["granted", "710.00"]]);
  });

  it("cannot go the way the seed tells it: no 'charge in full, refund later' before a charge, no split without a supervisor", async () => {
    const { caseId } = await customerWithCase("Fare customer two", "Fare withdrawn");
    const before = await snapshot(t.db, worldTag(w.agent.email));
    const later = await agent.post(`/api/v1/cases/${caseId}/remedies`, { ...ask, settlement: "charge_then_refund" });
    expect(later.status).toBe(422);
    expect(later.body.error).toMatchObject({ code: "settlement_refused", message: expect.stringContaining("refund the difference later is not allowed") });
    expect(later.body.error.details[0]["zh-CN"]).toContain("不允许先按全价扣款");
    const split = await agent.post(`/api/v1/cases/${caseId}/remedies`, { ...ask, value: { amount: "355.00", currency: "CNY" } });
    expect(split.status).toBe(422);
    expect(split.body.error.code).toBe("justification_required");
    expect(changed(before, await snapshot(t.db, worldTag(w.agent.email)))).toEqual([]);

    const justified = await agent.post(`/api/v1/cases/${caseId}/remedies`, { ...ask, value: { amount: "355.00", currency: "CNY" }, justification: "Customer chose to share the cost." });
    expect(justified.status).toBe(201);
    expect(justified.body).toMatchObject({ status: "pending_approval", approverRole: "supervisor", rules: ["adjust_before_charge", "company_bears_loss"], approvalDueAt: new Date(now.getTime() + 4 * HOUR).toISOString() });
  });
});

describe("the 001 story: the same data charge disputed again and again", () => {
  let customerId: string;
  let caseId: string;
  const claim = { kind: "refund", value: { amount: "30.00", currency: "CNY" }, reason: "disputed_data_usage", fault: "unknown", chargeStatus: "charged" };

  beforeAll(async () => {
    ({ customerId, caseId } = await customerWithCase("Data customer", "Disputes the data charge again"));
    // Four credits an older system granted this year.
    for (const at of ["2026-01-03T10:00:00+08:00", "2026-04-03T10:00:00+08:00", "2026-07-02T10:00:00+08:00", "2026-09-30T10:00:00+08:00"]) {
      const r = await admin.post(`/api/v1/customers/${customerId}/goodwill`, { kind: "refund", value: { amount: "30.00", currency: "CNY" }, reason: "disputed_data_usage", fault: "unknown", at, source: "legacy-crm" });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ status: "granted", source: "legacy-crm", caseId: null });
    }
  });

  it("the fifth claim is declined with the history quoted, identically for two agents; the second flags the customer", async () => {
    const first = await agent.post(`/api/v1/cases/${caseId}/remedies`, claim);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: "declined", beyondLimit: true, serialClaimant: false, approverRole: "supervisor" });
    expect(first.body.explanation).toBe(
      "4 earlier credits for disputed data usage: 2026-01-03 ¥30, 2026-04-03 ¥30, 2026-07-02 ¥30, 2026-09-30 ¥30. The limit is 1 in 365 days when the company is not at fault, so this claim is declined.",
    );
    expect((await agent.get(`/api/v1/customers/${customerId}`)).body.flags).toEqual([]);

    const second = await otherAgent.post(`/api/v1/cases/${caseId}/remedies`, claim);
    expect(second.body).toMatchObject({ status: "declined", serialClaimant: true });
    expect(second.body.explanation).toBe(first.body.explanation);
    expect(second.body.explanations).toEqual(first.body.explanations);

    expect((await otherAgent.get(`/api/v1/customers/${customerId}`)).body.flags).toEqual(["serial_claimant"]);
    const ledger = await agent.get(`/api/v1/customers/${customerId}/goodwill`);
    expect(ledger.body.flags).toEqual([expect.objectContaining({ flag: "serial_claimant", reason: expect.stringContaining("4 earlier credits") })]);
    expect(ledger.body.items.map((i: { status: string }) => i.status)).toEqual(["declined", "declined", "granted", "granted", "granted", "granted"]);
    expect(await eventTypes(caseId)).toEqual(expect.arrayContaining(["remedy.declined", "customer.flagged"]));
  });

  it("only a supervisor overrides, only with a reason, and it is audited", async () => {
    const declined = (await agent.get(`/api/v1/customers/${customerId}/goodwill`)).body.items[0];
    expect(declined.abilities).toEqual([]);
    expect((await agent.post(`/api/v1/remedies/${declined.id}/approve`, { reason: "Customer insists" })).status).toBe(403);
    expect((await supervisor.post(`/api/v1/remedies/${declined.id}/approve`, {})).status).toBe(400);
    expect((await supervisor.post(`/api/v1/remedies/${declined.id}/approve`, { reason: "   " })).status).toBe(400);
    expect((await supervisor.get(`/api/v1/remedies/${declined.id}`)).body.abilities).toEqual(["remedy.approve"]);

    const override = await supervisor.post(`/api/v1/remedies/${declined.id}/approve`, { reason: "Network fault confirmed by engineering this time." });
    expect(override.status).toBe(200);
    expect(override.body).toMatchObject({ status: "granted", override: true, decisionReason: "Network fault confirmed by engineering this time.", decidedBy: { id: w.supervisor.id } });
    expect((await supervisor.post(`/api/v1/remedies/${declined.id}/approve`, { reason: "again" })).status).toBe(409);

    const audit = await admin.get(`/api/v1/audit?action=remedy.overridden`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: "remedy.overridden", reason: "Network fault confirmed by engineering this time.", subject: { type: "remedy", id: declined.id } })]);
    expect(await eventTypes(caseId)).toContain("remedy.overridden");
  });

  it("a supervisor clears the flag with a reason", async () => {
    expect((await agent.post(`/api/v1/customers/${customerId}/flags/serial_claimant/clear`, { reason: "Reviewed" })).status).toBe(403);
    const cleared = await supervisor.post(`/api/v1/customers/${customerId}/flags/serial_claimant/clear`, { reason: "Reviewed with the customer; genuine faults." });
    expect(cleared.body).toEqual({ customerId, flags: [] });
    expect((await supervisor.post(`/api/v1/customers/${customerId}/flags/serial_claimant/clear`, { reason: "again" })).status).toBe(422);
    expect((await admin.get(`/api/v1/audit?action=customer.flag_cleared`)).body.items[0]).toMatchObject({ reason: "Reviewed with the customer; genuine faults." });
  });
});

describe("ending an abusive contact", () => {
  it("records on the timeline that the decision was explained and the contact ended; partners may not", async () => {
    const { caseId } = await customerWithCase("Insistent customer", "Wants a fifth refund");
    const r = await agent.post(`/api/v1/cases/${caseId}/contact-outcome`, { outcome: "ended_after_explanation", note: "Explained the limit twice; ended the call politely." });
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(caseId);
    const events = (await agent.get(`/api/v1/cases/${caseId}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({ type: "contact.ended_after_explanation", actor: { id: w.agent.id }, data: { outcome: "ended_after_explanation", note: "Explained the limit twice; ended the call politely." } });
    expect((await agent.post(`/api/v1/cases/${caseId}/contact-outcome`, { outcome: "hung_up", note: "x" })).status).toBe(400);
    expect((await partner.post(`/api/v1/cases/${caseId}/contact-outcome`, { outcome: "ended_after_explanation", note: "x" })).status).toBe(403);
  });
});

describe("satisfaction", () => {
  it("one question after resolution, once per resolution, never reopening; not after the customer resolved it; figures leave out ended contacts", async () => {
    const { caseId } = await customerWithCase("Happy customer", "Late parcel");
    const link = await agent.post(`/api/v1/cases/${caseId}/customer-link`, {});
    const customer = client(t.app, link.body.token);
    expect((await customer.post("/api/v1/portal/case/satisfaction", { score: 5 })).body.error.code).toBe("satisfaction_not_asked");
    expect((await agent.post(`/api/v1/cases/${caseId}/remedies`, { kind: "voucher", value: { amount: "20", currency: "CNY" }, reason: "late_delivery", fault: "third_party" })).body.status).toBe("granted");
    expect((await agent.post(`/api/v1/cases/${caseId}/resolve`, { resolution: "Voucher sent." })).status).toBe(200);

    const answer = await customer.post("/api/v1/portal/case/satisfaction", { score: 4, comment: "Quick, thanks." });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ caseId, score: 4, comment: "Quick, thanks.", at: now.toISOString() });
    expect((await customer.post("/api/v1/portal/case/satisfaction", { score: 1 })).status).toBe(409);
    expect((await agent.get(`/api/v1/cases/${caseId}`)).body.status).toBe("resolved");
    expect(await eventTypes(caseId)).toContain("satisfaction.given");
    expect((await customer.post("/api/v1/portal/case/satisfaction", { score: 6 })).status).toBe(400);
    expect((await agent.post("/api/v1/portal/case/satisfaction", { score: 3 })).status).toBe(403);

    // Resolved by the customer: not asked.
    const own = await customerWithCase("Self-helping customer", "Fixed it myself");
    const ownLink = client(t.app, (await agent.post(`/api/v1/cases/${own.caseId}/customer-link`, {})).body.token);
    expect((await ownLink.post("/api/v1/portal/case/resolve", { note: "Found it" })).status).toBe(200);
    expect((await ownLink.post("/api/v1/portal/case/satisfaction", { score: 5 })).body.error.code).toBe("satisfaction_not_asked");

    // A contact ended after an explanation leaves its case out of the figures.
    const rude = await customerWithCase("Rude customer", "Wants more");
    const rudeLink = client(t.app, (await agent.post(`/api/v1/cases/${rude.caseId}/customer-link`, {})).body.token);
    await agent.post(`/api/v1/cases/${rude.caseId}/contact-outcome`, { outcome: "ended_after_explanation", note: "Explained; ended." });
    await agent.post(`/api/v1/cases/${rude.caseId}/resolve`, { resolution: "Explained the limit." });
    expect((await rudeLink.post("/api/v1/portal/case/satisfaction", { score: 1, comment: "Terrible" })).status).toBe(201);

    const figures = await supervisor.get("/api/v1/satisfaction?days=7");
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({ overall: { count: 1, average: 4 }, byAgent: [{ key: w.agent.id, name: "agent", count: 1, average: 4 }], byReason: [{ key: "late_delivery", count: 1 }], byOutcome: [{ key: "granted", count: 1 }], excluded: 1 });
    expect((await agent.get("/api/v1/satisfaction")).status).toBe(403);
  });
});

describe("playbooks", () => {
  it("a case follows its category's playbook: next step, due times, a gesture suggested and never granted", async () => {
    const list = await agent.get("/api/v1/playbooks");
    expect(list.body.items.map((p: { category: string }) => p.category)).toEqual(["*", "travel"]);
    const customer = await agent.post("/api/v1/customers", { name: "Traveller", identities: [{ kind: "phone", value: randomMobile() }] });
    const kase = (await agent.post("/api/v1/cases", { customerId: customer.body.id, kind: "complaint", subject: "Fare withdrawn", channel: "phone", category: "travel" })).body;
    const first = await agent.get(`/api/v1/cases/${kase.id}/playbook`);
    expect(first.status).toBe(200);
    expect(first.body.playbook.category).toBe("travel");
    expect(first.body.next).toEqual({ step: "acknowledge", dueAt: new Date(now.getTime() + HOUR).toISOString() });
    expect(first.body.steps.find((s: { step: string }) => s.step === "name_owner")).toMatchObject({ done: true });
    expect(first.body.suggestion).toMatchObject({ kind: "voucher", value: { amount: "20.00", currency: "CNY" }, reason: "fare_withdrawn_after_confirmation", explanation: { en: expect.stringContaining("not granted") } });
    expect((await agent.get(`/api/v1/cases/${kase.id}/remedies`)).body.items).toEqual([]);

    await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "We are on it." });
    advance(2 * HOUR);
    const second = await agent.get(`/api/v1/cases/${kase.id}/playbook`);
    expect(second.body.next.step).toBe("remedy");
    expect(second.body.steps.find((s: { step: string }) => s.step === "acknowledge")).toMatchObject({ done: true, overdue: false });

    // A case without a playbook of its own follows the standard one.
    const other = await customerWithCase("Plain customer", "Something else");
    expect((await agent.get(`/api/v1/cases/${other.caseId}/playbook`)).body.playbook.category).toBe("*");
  });

  it("an admin changes a playbook; others cannot; unknown reasons are refused", async () => {
    const body = { labels: { "zh-CN": "出行", en: "Travel" }, steps: [{ step: "acknowledge", target: "PT30M" }, { step: "remedy", target: "PT2H" }], remedies: ["fare_withdrawn_after_confirmation"], updateCadence: "PT2H", suggestion: null };
    expect((await supervisor.put("/api/v1/playbooks/travel", body)).status).toBe(403);
    const put = await admin.put("/api/v1/playbooks/travel", body);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ category: "travel", ...body });
    expect((await admin.put("/api/v1/playbooks/travel", { ...body, remedies: ["free_lunch"] })).body.error.code).toBe("unknown_reason");
    expect((await admin.put("/api/v1/playbooks/travel", { ...body, updateCadence: "soon" })).status).toBe(400);
    expect((await admin.put("/api/v1/playbooks/travel", { ...body, steps: [{ step: "remedy", target: "PT1H" }, { step: "remedy", target: "PT2H" }] })).status).toBe(400);
    expect((await admin.get("/api/v1/audit?action=playbook.changed")).body.items).toHaveLength(1);
  });
});

describe("rolling windows on a frozen clock", () => {
  it("a credit counts for 365 days and then no longer", async () => {
    const { customerId, caseId } = await customerWithCase("Window customer", "Disputed data");
    const at = new Date(now.getTime() - 360 * DAY).toISOString();
    expect((await admin.post(`/api/v1/customers/${customerId}/goodwill`, { kind: "refund", value: { amount: "20", currency: "CNY" }, reason: "disputed_data_usage", fault: "customer", at, source: "legacy-crm" })).status).toBe(201);
    const claim = { kind: "refund", value: { amount: 20, currency: "CNY" }, reason: "disputed_data_usage", fault: "unknown", chargeStatus: "charged" };
    expect((await agent.post(`/api/v1/cases/${caseId}/remedies/preview`, claim)).body.status).toBe("declined");
    advance(6 * DAY);
    expect((await agent.post(`/api/v1/cases/${caseId}/remedies`, claim)).body.status).toBe("granted");
  });

  it("an older system's remedy cannot be recorded in the future", async () => {
    const { customerId } = await customerWithCase("Future customer", "x");
    const r = await admin.post(`/api/v1/customers/${customerId}/goodwill`, { kind: "refund", value: { amount: "20", currency: "CNY" }, reason: "disputed_data_usage", fault: "customer", at: new Date(now.getTime() + DAY).toISOString(), source: "legacy-crm" });
    expect(r.status).toBe(422);
  });
});

describe("approvals", () => {
  it("a request above the agent's authority waits for a supervisor, who is told; nobody decides, so it escalates", async () => {
    const { caseId } = await customerWithCase("Big loss customer", "Repair visit missed twice");
    const r = await agent.post(`/api/v1/cases/${caseId}/remedies`, { kind: "refund", value: { amount: "1500.00", currency: "CNY" }, loss: { amount: "1500.00", currency: "CNY" }, reason: "repair_visit_missed", fault: "company", chargeStatus: "charged" });
    expect(r.body).toMatchObject({ status: "pending_approval", approverRole: "supervisor", rules: ["company_bears_loss", "authority"], escalatedAt: null });
    const told = await supervisor.get("/api/v1/notifications");
    expect(told.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "remedy.pending_approval", subject: expect.objectContaining({ id: caseId }) })]));
    const queue = await supervisor.get("/api/v1/remedies?status=pending_approval");
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(r.body.id);
    expect(queue.body.items.find((i: { id: string }) => i.id === r.body.id).abilities).toEqual(["remedy.approve", "remedy.decline"]);
    expect((await agent.get("/api/v1/remedies?status=pending_approval")).status).toBe(403);

    const scheduler = new Scheduler({ db: t.db, handlers: dueWorkHandlers(loadEnv({ TANDEM_SECRET: "x".repeat(32) })), log: createLogger("silent"), now: () => now, metrics: new Metrics() });
    // Before its deadline nothing happens to it (an older pending remedy, long overdue, escalates now).
    expect((await scheduler.runDue()).failed).toBe(0);
    expect((await supervisor.get(`/api/v1/remedies/${r.body.id}`)).body.escalatedAt).toBeNull();
    advance(4 * HOUR - 1000);
    await scheduler.runDue();
    expect((await supervisor.get(`/api/v1/remedies/${r.body.id}`)).body.escalatedAt).toBeNull();
    advance(2000);
    expect(await scheduler.runDue()).toMatchObject({ claimed: expect.any(Number), failed: 0 });
    const escalated = await supervisor.get(`/api/v1/remedies/${r.body.id}`);
    expect(escalated.body.escalatedAt).toBe(new Date(now.getTime()).toISOString());
    expect(await eventTypes(caseId)).toContain("remedy.approval_escalated");
    expect((await admin.get("/api/v1/notifications")).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "remedy.approval_overdue", urgent: true })]));

    const declined = await supervisor.post(`/api/v1/remedies/${r.body.id}/decline`, { reason: "Engineer's report shows the customer was not home." });
    expect(declined.body).toMatchObject({ status: "declined", decisionReason: "Engineer's report shows the customer was not home.", override: false });
    expect(await eventTypes(caseId)).toContain("remedy.declined");
    expect((await admin.get(`/api/v1/audit?action=remedy.declined`)).body.items[0]).toMatchObject({ subject: { type: "remedy", id: r.body.id } });
  });

  it("a supervisor cannot approve beyond their own authority; an admin can", async () => {
    const { caseId } = await customerWithCase("Huge loss customer", "Outage for a month");
    const r = await agent.post(`/api/v1/cases/${caseId}/remedies`, { kind: "refund", value: { amount: "20000.00", currency: "CNY" }, loss: { amount: "20000.00", currency: "CNY" }, reason: "service_outage", fault: "company", chargeStatus: "charged" });
    expect(r.body).toMatchObject({ status: "pending_approval", approverRole: "admin" });
    expect((await supervisor.post(`/api/v1/remedies/${r.body.id}/approve`, { reason: "ok" })).body.error.code).toBe("beyond_authority");
    expect((await admin.post(`/api/v1/remedies/${r.body.id}/approve`, { reason: "Month-long outage, full refund." })).body).toMatchObject({ status: "granted", override: false });
  });
});

describe("permissions", () => {
  it("partners and customers have no part in remedies and never see a ledger", async () => {
    const { customerId, caseId } = await customerWithCase("Shared customer", "Shared with maker");
    expect((await agent.post(`/api/v1/cases/${caseId}/parties`, { organizationId: w.maker.id, access: "contribute" })).status).toBe(200);
    const ask = { kind: "voucher", value: { amount: "10", currency: "CNY" }, reason: "late_delivery", fault: "partner" };
    expect((await partner.post(`/api/v1/cases/${caseId}/remedies`, ask)).status).toBe(403);
    expect((await partner.get(`/api/v1/customers/${customerId}/goodwill`)).status).toBe(403);
    expect((await partner.get(`/api/v1/remedy-catalogue`)).status).toBe(403);
    const link = await agent.post(`/api/v1/cases/${caseId}/customer-link`, {});
    const customer = client(t.app, link.body.token);
    expect((await customer.get(`/api/v1/customers/${customerId}/goodwill`)).status).toBeGreaterThanOrEqual(401);
    expect((await customer.get(`/api/v1/customers/${customerId}/goodwill`)).status).toBeLessThan(405);
    expect((await agent.post(`/api/v1/customers/${customerId}/goodwill`, { kind: "refund", value: { amount: "1", currency: "CNY" }, reason: "late_delivery", fault: "unknown", at: now.toISOString(), source: "x" })).status).toBe(403);
  });
});

describe("the catalogue", () => {
  it("a fresh install ships the default catalogue", async () => {
    const c = await agent.get("/api/v1/remedy-catalogue");
    expect(c.status).toBe(200);
    expect(c.body.reasons.map((r: { code: string }) => r.code)).toEqual(["disputed_data_usage", "fare_withdrawn_after_confirmation", "late_delivery", "repair_visit_missed", "service_outage"]);
    expect(c.body.kinds).toEqual(expect.arrayContaining([{ kind: "points", unitValue: { amount: "0.01", currency: "CNY" } }, { kind: "free_service", unitValue: { amount: "50.00", currency: "CNY" } }]));
    expect(c.body.authority).toEqual(expect.arrayContaining([{ role: "agent", reason: "*", companyFault: { amount: "1000.00", currency: "CNY" }, otherFault: { amount: "50.00", currency: "CNY" } }]));
    expect(c.body.settings).toEqual({ currency: "CNY", goodwillCap: { amount: "500.00", currency: "CNY" }, goodwillCapWindowDays: 365, approvalMinutes: 240, satisfactionAfterCustomerResolved: false });
  });

  it("points and free services have a money value", async () => {
    const { caseId } = await customerWithCase("Points customer", "Late parcel");
    const r = await agent.post(`/api/v1/cases/${caseId}/remedies`, { kind: "points", quantity: 2000, reason: "late_delivery", fault: "third_party" });
    expect(r.body).toMatchObject({ status: "granted", quantity: 2000, value: { amount: "20.00", currency: "CNY" }, settlement: "points_credit" });
    expect((await agent.post(`/api/v1/cases/${caseId}/remedies`, { kind: "voucher", reason: "late_delivery", fault: "third_party" })).body.error.code).toBe("remedy_value_required");
    expect((await agent.post(`/api/v1/cases/${caseId}/remedies`, { kind: "voucher", value: { amount: "5", currency: "CNY" }, reason: "no_such_reason", fault: "third_party" })).body.error.code).toBe("unknown_reason");
  });

  it("an admin changes reasons, limits, the matrix, unit values and settings; others cannot", async () => {
    const reason = { labels: { "zh-CN": "账单错误", en: "Billing error" }, kinds: ["refund", "price_adjustment"], limit: { count: 0, windowDays: 30 }, active: true };
    expect((await supervisor.put("/api/v1/remedy-catalogue/reasons/billing_error", reason)).status).toBe(403);
    const put = await admin.put("/api/v1/remedy-catalogue/reasons/billing_error", reason);
    expect(put.status).toBe(200);
    expect(put.body.reasons.find((r: { code: string }) => r.code === "billing_error")).toEqual({ code: "billing_error", labels: reason.labels, kinds: reason.kinds, limit: { count: 0, windowDays: 30, appliesToAll: false, beyond: "declined" }, active: true });
    const { caseId } = await customerWithCase("Billing customer", "Wrong bill");
    expect((await agent.post(`/api/v1/cases/${caseId}/remedies/preview`, { kind: "refund", value: { amount: "1", currency: "CNY" }, reason: "billing_error", fault: "unknown", chargeStatus: "charged" })).body.status).toBe("declined");

    const matrix = await admin.put("/api/v1/remedy-catalogue/authority", { role: "agent", reason: "billing_error", companyFault: { amount: "2000", currency: "CNY" }, otherFault: null });
    expect(matrix.body.authority).toEqual(expect.arrayContaining([{ role: "agent", reason: "billing_error", companyFault: { amount: "2000.00", currency: "CNY" }, otherFault: null }]));
    expect((await agent.post(`/api/v1/cases/${caseId}/remedies/preview`, { kind: "refund", value: { amount: "1500", currency: "CNY" }, loss: { amount: "1500", currency: "CNY" }, reason: "billing_error", fault: "company", chargeStatus: "charged" })).body.status).toBe("granted");
    expect((await admin.put("/api/v1/remedy-catalogue/authority", { role: "agent", reason: "nope", companyFault: null, otherFault: null })).status).toBe(422);

    const kind = await admin.patch("/api/v1/remedy-catalogue/kinds/free_service", { unitValue: { amount: "80", currency: "CNY" } });
    expect(kind.body.kinds).toEqual(expect.arrayContaining([{ kind: "free_service", unitValue: { amount: "80.00", currency: "CNY" } }]));
    expect((await admin.patch("/api/v1/remedy-catalogue/kinds/points", { unitValue: null })).status).toBe(422);
    expect((await admin.patch("/api/v1/remedy-catalogue/kinds/refund", { unitValue: { amount: "1", currency: "CNY" } })).status).toBe(422);

    const settings = await admin.patch("/api/v1/remedy-catalogue/settings", { approvalMinutes: 60, goodwillCap: null });
    expect(settings.body.settings).toMatchObject({ approvalMinutes: 60, goodwillCap: null });
    expect((await admin.get("/api/v1/audit?action=remedy_catalogue.reason_changed,remedy_catalogue.authority_changed,remedy_catalogue.kind_changed,remedy_catalogue.settings_changed")).body.items).toHaveLength(4);
  });
});
