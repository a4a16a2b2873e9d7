/**
 * The contact guard through the API: the `003` story (three parties plan calls, the customer
 * solves it on their page, every planned call is cancelled in that transaction, a later call is
 * refused `case_resolved`); a party recording that the customer solved it tells every party
 * (events, notifications, a partner's webhook); duplicate and cap rules across two partners;
 * quiet hours across zones; opt-outs; responses; sending and cancelling; what a partner may see;
 * the settings; bad input writes nothing; parallel planning for one customer passes the guard once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outreachSchema, customerSchema } from "@tandem/contracts";
import { webhookSubscriber } from "../src/modules/webhooks/index.js";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { OutboxRelay } from "../src/platform/outbox/relay.js";
import { OutboxSubscribers } from "../src/platform/outbox/subscribers.js";
import { client, createTestApp, createWorld, randomMobile, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

// Monday 4 June 2041, 10:00 in Shanghai.
const START = new Date("2041-06-04T02:00:00.000Z");
let now = START;
const clock = () => now;
const at = (iso: string) => (now = new Date(iso));

let t: TestApp;
let w: World;
let tag: string;
let admin: Client;
let agent: Client;
let supervisor: Client;
let partner: Client;
let repair: Client;

beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
  admin = client(t.app, w.admin.token);
  agent = client(t.app, w.agent.token);
  supervisor = client(t.app, w.supervisor.token);
  partner = client(t.app, w.partner.token);
  repair = client(t.app, w.otherPartnerAgent.token);
});
afterAll(async () => t?.close());

async function settings(body: Partial<{ window: string; dailyCap: number; quietHours: { from: string; to: string }; timeZone: string }> = {}) {
  const r = await admin.put(`/api/v1/organizations/${w.hotline.id}/outreach-settings`, { window: "PT24H", dailyCap: 2, quietHours: { from: "21:00", to: "08:00" }, timeZone: "Asia/Shanghai", ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** A customer (a Chinese mobile unless told) with a case the hotline owns, shared with both partners. */
async function story(phone = randomMobile(), parties: string[] = [w.maker.id, w.otherPartner.id]) {
  const customer = await agent.post("/api/v1/customers", { name: `Outreach customer ${tag}`, identities: [{ kind: "phone", value: phone }] });
  expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  const kase = await agent.post("/api/v1/cases", { customerId: customer.body.id, kind: "incident", subject: `Set-top box ${tag}`, channel: "phone" });
  expect(kase.status).toBe(201);
  for (const organizationId of parties) expect((await agent.post(`/api/v1/cases/${kase.body.id}/parties`, { organizationId, access: "contribute" })).status).toBe(200);
  return { customerId: customer.body.id as string, caseId: kase.body.id as string };
}

async function plan(as: Client, body: Record<string, unknown>, status?: number) {
  const r = await as.post("/api/v1/outreach", { channel: "phone", purpose: "Check the box works", ...body });
  if (status !== undefined) expect(r.status, JSON.stringify(r.body)).toBe(status);
  if (r.status < 300) outreachSchema.parse(r.body);
  return r.body;
}

const events = async (caseId: string) => (await agent.get(`/api/v1/cases/${caseId}/events?limit=200`)).body.items as { type: string; actor: { type: string; id: string | null }; data: Record<string, unknown> }[];
const notifications = async (as: Client) => (await as.get("/api/v1/notifications?limit=200")).body.items as { kind: string; subject: { id: string } }[];

describe("the 003 story: the customer solves it and nobody calls about it again", () => {
  it("merges the parties' calls, cancels every planned call when the customer resolves on their page, and refuses a later one", async () => {
    await settings();
    at("2041-06-04T02:00:00.000Z");
    const { caseId, customerId } = await story();
    // The operator plans a call this afternoon; the box maker's after-sales desk wants one too, two hours later: one call covers both.
    const operator = await plan(agent, { caseId, purpose: "Did the reset fix it?", scheduledFor: "2041-06-04T14:00:00+08:00" }, 201);
    expect(operator).toMatchObject({ status: "scheduled", reason: null, scheduledFor: "2041-06-04T06:00:00.000Z", timeZone: "Asia/Shanghai", organizationId: w.hotline.id });
    const maker = await plan(partner, { caseId, purpose: "Book a technician", scheduledFor: "2041-06-04T16:00:00+08:00" }, 200);
    expect(maker).toMatchObject({ status: "suppressed", reason: "duplicate", duplicateOf: operator.id, duplicateOfOrganizationName: w.hotline.name });
    const merged = (await agent.get(`/api/v1/outreach/${operator.id}`)).body;
    expect(merged.purposes.map((p: any) => p.purpose)).toEqual(["Did the reset fix it?", "Book a technician"]);
    // The repair station plans its own visit call two days later (outside the window): scheduled.
    const station = await plan(repair, { caseId, purpose: "Confirm the visit", scheduledFor: "2041-06-06T10:00:00+08:00" }, 201);

    // The customer fixes it and says so on their page.
    const link = await agent.post(`/api/v1/cases/${caseId}/customer-link`, {});
    at("2041-06-04T03:00:00.000Z");
    const solved = await client(t.app, link.body.token).post("/api/v1/portal/case/resolve", { note: "Re-plugged the cable, works now" });
    expect(solved.status).toBe(200);
    expect(solved.body.case.resolvedBy).toBe("customer");

    const all = (await agent.get(`/api/v1/outreach?caseId=${caseId}`)).body.items;
    expect(all.map((o: any) => [o.id, o.status, o.reason])).toEqual(
      expect.arrayContaining([
        [operator.id, "cancelled", "case_resolved"],
        [station.id, "cancelled", "case_resolved"],
        [maker.id, "suppressed", "duplicate"],
      ]),
    );
    const cancelledEvent = (await events(caseId)).find((e) => e.type === "outreach.cancelled")!;
    expect(cancelledEvent.actor.type).toBe("customer");
    expect(new Set(cancelledEvent.data.outreachIds as string[])).toEqual(new Set([operator.id, station.id]));
    // Everyone who planned a call hears of it at once.
    expect((await notifications(repair)).filter((n) => n.kind === "case.resolved_by_customer" && n.subject.id === caseId)).toHaveLength(1);
    expect((await notifications(supervisor)).filter((n) => n.kind === "case.resolved_by_customer" && n.subject.id === caseId)).toHaveLength(1);

    // A later call by the repair station is refused.
    at("2041-06-04T05:00:00.000Z");
    const late = await plan(repair, { caseId, purpose: "Visit tomorrow?" }, 200);
    expect(late).toMatchObject({ status: "suppressed", reason: "case_resolved" });
    expect((await agent.get(`/api/v1/outreach?customerId=${customerId}&status=scheduled`)).body.items).toEqual([]);
  });
});

describe("a party recording that the customer says it is solved", () => {
  it("resolves with resolvedBy customer, cancels every party's calls, notifies each party and reaches the partner's webhook", async () => {
    await settings({ window: "PT1H" });
    at("2041-06-05T02:00:00.000Z");
    const { caseId } = await story();
    await plan(agent, { caseId, scheduledFor: "2041-06-05T11:00:00+08:00" }, 201);
    await plan(partner, { caseId, scheduledFor: "2041-06-05T15:00:00+08:00" }, 201);
    const hook = await partner.post("/api/v1/webhooks", { url: `https://93.184.216.34/outreach/${tag}`, events: ["case.resolved"] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    // The relay writes deliveries of events committed from now on.
    const subscribers = new OutboxSubscribers();
    subscribers.add("webhooks", webhookSubscriber(clock));
    const relay = new OutboxRelay({ db: t.db, subscribers, log: createLogger("silent"), now: clock, metrics: new Metrics() });
    while ((await relay.relayBatch()).claimed > 0);

    const resolved = await repair.post(`/api/v1/cases/${caseId}/resolve`, { resolution: "Customer told our technician it works", resolvedBy: "customer" });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body).toMatchObject({ status: "resolved" });
    const left = (await agent.get(`/api/v1/outreach?caseId=${caseId}&status=scheduled`)).body.items;
    expect(left).toEqual([]);
    const ev = await events(caseId);
    expect(ev.find((e) => e.type === "case.resolved")?.data).toMatchObject({ resolvedBy: "customer" });
    expect(ev.find((e) => e.type === "outreach.cancelled")?.actor).toMatchObject({ type: "partner", id: w.otherPartnerAgent.id });
    expect((await notifications(supervisor)).some((n) => n.kind === "case.resolved_by_customer" && n.subject.id === caseId)).toBe(true);
    expect((await notifications(partner)).some((n) => n.kind === "case.resolved_by_customer" && n.subject.id === caseId)).toBe(true);

    while ((await relay.relayBatch()).claimed > 0);
    const bodies = await t.db.query<{ body: string }>(`SELECT body FROM webhook_deliveries WHERE webhook_id = $1 AND event_type = 'case.resolved'`, [hook.body.id]);
    expect(bodies.map((b) => JSON.parse(b.body).data.caseId)).toContain(caseId);
    await t.db.query(`DELETE FROM webhook_deliveries WHERE webhook_id = $1`, [hook.body.id]);
    await t.db.query(`DELETE FROM webhooks WHERE id = $1`, [hook.body.id]);
    await t.db.query(`DELETE FROM due_work WHERE key LIKE 'webhook%'`);
  });
});

describe("one guard across parties", () => {
  it("caps contacts a day across two partners and the owner, in the customer's zone", async () => {
    await settings({ window: "PT1H", dailyCap: 2 });
    at("2041-06-06T01:00:00.000Z"); // 09:00 Shanghai
    const { caseId, customerId } = await story();
    const other = await agent.post("/api/v1/cases", { customerId, kind: "request", subject: `Billing question ${tag}`, channel: "phone" });
    await plan(partner, { caseId, scheduledFor: "2041-06-06T10:00:00+08:00" }, 201);
    await plan(agent, { caseId: other.body.id, purpose: "Explain the bill", scheduledFor: "2041-06-06T14:00:00+08:00" }, 201);
    const third = await plan(repair, { caseId, scheduledFor: "2041-06-06T18:00:00+08:00" }, 200);
    expect(third).toMatchObject({ status: "suppressed", reason: "contact_cap" });
    // The next day in Shanghai starts at 16:00 UTC: a call then is another day's.
    await plan(repair, { caseId, scheduledFor: "2041-06-07T09:00:00+08:00" }, 201);
  });

  it("merges a partner's call into another party's call on another case, without showing its purpose to a partner who cannot see that case", async () => {
    await settings({ window: "PT24H" });
    at("2041-06-08T02:00:00.000Z");
    const { caseId, customerId } = await story(randomMobile(), [w.maker.id]);
    const billing = await agent.post("/api/v1/cases", { customerId, kind: "request", subject: `Billing ${tag}`, channel: "phone" });
    const first = await plan(agent, { caseId: billing.body.id, purpose: "Secret billing matter" }, 201);
    const dup = await plan(partner, { caseId, purpose: "Technician visit" }, 200);
    expect(dup).toMatchObject({ reason: "duplicate", duplicateOf: first.id, duplicateOfOrganizationName: null });
    expect(JSON.stringify(dup)).not.toContain("Secret billing matter");
    expect((await partner.get(`/api/v1/outreach/${first.id}`)).status).toBe(404);
    expect((await partner.get(`/api/v1/outreach?customerId=${customerId}`)).body.items.map((o: any) => o.id)).toEqual([dup.id]);
    // Staff see both purposes on the one call, and the event on its case.
    expect((await agent.get(`/api/v1/outreach/${first.id}`)).body.purposes.map((p: any) => p.purpose)).toEqual(["Secret billing matter", "Technician visit"]);
    expect((await events(billing.body.id)).some((e) => e.type === "outreach.purpose_added")).toBe(true);
    // A partner not on the case: 404 for the case's list and for the contact; an empty list by customer.
    expect((await repair.get(`/api/v1/outreach?caseId=${caseId}`)).status).toBe(404);
    expect((await repair.get(`/api/v1/outreach/${dup.id}`)).status).toBe(404);
    expect((await repair.get(`/api/v1/outreach?customerId=${customerId}`)).body.items).toEqual([]);
    expect((await repair.post("/api/v1/outreach", { caseId, channel: "phone", purpose: "x" })).status).toBe(404);
  });
});

describe("quiet hours in the customer's zone", () => {
  it("moves a call planned at 22:00 in Berlin to 08:00 in Shanghai for a Chinese customer, and to 08:00 in Berlin for a German one", async () => {
    await settings({ window: "PT1H", timeZone: "Europe/Berlin" });
    at("2041-06-10T20:00:00.000Z"); // 22:00 CEST, 04:00 in Shanghai on 11 June
    const cn = await story();
    const moved = await plan(agent, { caseId: cn.caseId }, 201);
    expect(moved).toMatchObject({ status: "scheduled", reason: "quiet_hours", scheduledFor: "2041-06-11T00:00:00.000Z", timeZone: "Asia/Shanghai", requestedFor: "2041-06-10T20:00:00.000Z" });
    const de = await story("+4930901820");
    expect((await agent.get(`/api/v1/customers/${de.customerId}`)).body).toMatchObject({ timeZone: "Europe/Berlin", timeZoneSource: "phone" });
    expect(await plan(agent, { caseId: de.caseId })).toMatchObject({ reason: "quiet_hours", scheduledFor: "2041-06-11T06:00:00.000Z", timeZone: "Europe/Berlin" });
    // A customer's own zone wins over their phone's.
    const own = await agent.put(`/api/v1/customers/${de.customerId}/time-zone`, { timeZone: "Asia/Tokyo" });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(customerSchema.parse(own.body)).toMatchObject({ timeZone: "Asia/Tokyo", timeZoneSource: "customer" });
    const tokyo = await plan(agent, { caseId: de.caseId, channel: "sms", scheduledFor: "2041-06-12T12:00:00+09:00" }, 201);
    expect(tokyo).toMatchObject({ reason: null, timeZone: "Asia/Tokyo" });
    // No phone and no zone of their own: the owning organisation's.
    const customer = await agent.post("/api/v1/customers", { name: `No phone ${tag}`, identities: [{ kind: "email", value: `nophone.${tag}@example.com` }] });
    const kase = await agent.post("/api/v1/cases", { customerId: customer.body.id, kind: "question", subject: `No phone ${tag}`, channel: "email" });
    expect(await plan(agent, { caseId: kase.body.id, channel: "email" })).toMatchObject({ timeZone: "Europe/Berlin", reason: "quiet_hours", scheduledFor: "2041-06-11T06:00:00.000Z" });
  });
});

describe("consents, responses, sending and cancelling", () => {
  it("suppresses a channel the customer opted out of, shows the consent with when and how, and plans again after an opt-in", async () => {
    await settings({ window: "PT1H" });
    at("2041-06-12T02:00:00.000Z");
    const { caseId, customerId } = await story();
    const out = await partner.post(`/api/v1/customers/${customerId}/consents`, { channel: "sms", status: "opted_out", how: "Said so on the phone to the repair desk" });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body.consents).toEqual([{ channel: "sms", status: "opted_out", at: now.toISOString(), how: "Said so on the phone to the repair desk" }]);
    expect(await plan(agent, { caseId, channel: "sms" }, 200)).toMatchObject({ status: "suppressed", reason: "opted_out" });
    expect(await plan(agent, { caseId, channel: "phone" }, 201)).toMatchObject({ status: "scheduled" });
    await agent.post(`/api/v1/customers/${customerId}/consents`, { channel: "sms", status: "opted_in", how: "Asked for text updates" });
    expect(await plan(agent, { caseId, channel: "sms", scheduledFor: "2041-06-12T17:00:00+08:00" }, 201)).toMatchObject({ status: "scheduled" });
    const audit = (await admin.get(`/api/v1/audit?subjectType=customer&subjectId=${customerId}`)).body.items;
    expect(audit.map((a: any) => a.action)).toContain("customer.consent_changed");
  });

  it("records a reply to the customer's own message as a response: at once, in quiet hours, beyond the cap", async () => {
    await settings({ window: "PT1H", dailyCap: 1 });
    at("2041-06-13T14:00:00.000Z"); // 22:00 Shanghai
    const { caseId, customerId } = await story();
    await plan(agent, { caseId }, 201); // moved to 08:00 tomorrow, the day's one contact
    const inbound = await agent.post("/api/v1/interactions", { channel: "sms", direction: "inbound", customer: { id: customerId }, caseId, body: "Still broken!" });
    expect(inbound.status).toBe(201);
    const reply = await plan(agent, { caseId, channel: "sms", replyTo: inbound.body.id }, 201);
    expect(reply).toMatchObject({ status: "scheduled", reason: "response", isResponse: true, scheduledFor: now.toISOString(), replyTo: inbound.body.id });
    // A day later it is no longer a reply: the guard holds it.
    at("2041-06-14T15:00:00.000Z");
    expect(await plan(agent, { caseId, channel: "sms", replyTo: inbound.body.id })).toMatchObject({ reason: "quiet_hours", isResponse: false });
    // Only an inbound message of this customer is a replyTo.
    const outbound = await agent.post("/api/v1/interactions", { channel: "sms", direction: "outbound", customer: { id: customerId }, caseId, body: "We are on it" });
    expect((await agent.post("/api/v1/outreach", { caseId, channel: "sms", purpose: "x", replyTo: outbound.body.id })).status).toBe(400);
  });

  it("records a contact as sent by whoever made it, and lets only its own party or the owner cancel", async () => {
    await settings({ window: "PT1H" });
    at("2041-06-16T02:00:00.000Z");
    const { caseId } = await story();
    const call = await plan(partner, { caseId, purpose: "Visit time" }, 201);
    expect(call.abilities).toEqual(["outreach.send", "outreach.cancel"]);
    // The repair station is on the case, but it is not its contact.
    expect((await repair.post(`/api/v1/outreach/${call.id}/cancel`, { reason: "mine now" })).status).toBe(403);
    const sent = await partner.post(`/api/v1/outreach/${call.id}/sent`, { note: "Agreed Thursday 10:00" });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ status: "sent", abilities: [] });
    const timeline = (await agent.get(`/api/v1/customers/${sent.body.customerId}/timeline`)).body.items;
    expect(timeline.find((e: any) => e.type === "interaction" && e.id === sent.body.interactionId)?.interaction).toMatchObject({ direction: "outbound", channel: "phone", organizationId: w.maker.id, caseId });
    expect((await partner.post(`/api/v1/outreach/${call.id}/sent`, {})).body.error.code).toBe("outreach_not_scheduled");

    const other = await plan(partner, { caseId, purpose: "Follow-up", scheduledFor: "2041-06-18T10:00:00+08:00" }, 201);
    const cancelled = await agent.post(`/api/v1/outreach/${other.id}/cancel`, { reason: "The owner calls instead" });
    expect(cancelled.body).toMatchObject({ status: "cancelled", reason: "cancelled", cancelReason: "The owner calls instead" });
    const types = (await events(caseId)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["outreach.scheduled", "outreach.sent", "outreach.cancelled"]));
    expect((await agent.post(`/api/v1/outreach/${other.id}/cancel`, { reason: "again" })).status).toBe(409);
  });

  it("answers a repeated request with the same Idempotency-Key with the first decision", async () => {
    at("2041-06-17T02:00:00.000Z");
    const { caseId } = await story();
    const first = await agent.post("/api/v1/outreach", { caseId, channel: "phone", purpose: "Once" }, { "idempotency-key": `o-${tag}` });
    const again = await agent.post("/api/v1/outreach", { caseId, channel: "phone", purpose: "Once" }, { "idempotency-key": `o-${tag}` });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect((await agent.get(`/api/v1/outreach?caseId=${caseId}`)).body.items).toHaveLength(1);
  });
});

describe("settings", () => {
  it("are read by admins and supervisors, changed by admins only, defaults until set", async () => {
    const fresh = (await admin.get(`/api/v1/organizations/${w.billing.id}/outreach-settings`)).body;
    expect(fresh).toEqual({ organizationId: w.billing.id, window: "PT24H", dailyCap: 2, quietHours: { from: "21:00", to: "08:00" }, timeZone: "Asia/Shanghai", updatedAt: null });
    expect((await supervisor.get(`/api/v1/organizations/${w.hotline.id}/outreach-settings`)).status).toBe(200);
    expect((await agent.get(`/api/v1/organizations/${w.hotline.id}/outreach-settings`)).status).toBe(403);
    expect((await partner.get(`/api/v1/organizations/${w.maker.id}/outreach-settings`)).status).toBe(403);
    const { organizationId: _o, updatedAt: _u, ...body } = fresh;
    expect((await supervisor.put(`/api/v1/organizations/${w.hotline.id}/outreach-settings`, body)).status).toBe(403);
    expect((await admin.get(`/api/v1/organizations/00000000-0000-4000-8000-000000000000/outreach-settings`)).status).toBe(404);
  });
});

describe("bad input", () => {
  it("is refused and writes nothing", async () => {
    at("2041-06-20T02:00:00.000Z");
    const { caseId, customerId } = await story();
    const ok = await plan(agent, { caseId }, 201);
    const settingsUrl = `/api/v1/organizations/${w.hotline.id}/outreach-settings`;
    const good = { window: "PT2H", dailyCap: 2, quietHours: { from: "21:00", to: "08:00" }, timeZone: "Asia/Shanghai" };
    const refused: [Client, "post" | "put", string, unknown, number][] = [
      [agent, "post", "/api/v1/outreach", { caseId, channel: "fax", purpose: "x" }, 400],
      [agent, "post", "/api/v1/outreach", { caseId, channel: "phone" }, 400],
      [agent, "post", "/api/v1/outreach", { caseId, channel: "phone", purpose: "x", scheduledFor: "tomorrow" }, 400],
      [agent, "post", "/api/v1/outreach", { caseId, channel: "phone", purpose: "x", extra: 1 }, 400],
      [agent, "post", "/api/v1/outreach", { caseId: "nope", channel: "phone", purpose: "x" }, 400],
      [agent, "post", "/api/v1/outreach", { caseId, channel: "phone", purpose: "x", organizationId: w.billing.id }, 400],
      [agent, "post", "/api/v1/outreach", { caseId, channel: "phone", purpose: "x", replyTo: ok.id }, 400],
      [agent, "post", "/api/v1/outreach", { caseId: "00000000-0000-4000-8000-000000000000", channel: "phone", purpose: "x" }, 404],
      [partner, "post", "/api/v1/outreach", { caseId, channel: "phone", purpose: "x", organizationId: w.hotline.id }, 403],
      [agent, "post", `/api/v1/outreach/${ok.id}/cancel`, {}, 400],
      [agent, "post", `/api/v1/outreach/${ok.id}/sent`, { body: "" }, 400],
      [agent, "post", `/api/v1/outreach/00000000-0000-4000-8000-000000000000/sent`, {}, 404],
      [admin, "put", settingsUrl, { ...good, window: "P1Y" }, 400],
      [admin, "put", settingsUrl, { ...good, window: "P8D" }, 400],
      [admin, "put", settingsUrl, { ...good, dailyCap: 0 }, 400],
      [admin, "put", settingsUrl, { ...good, quietHours: { from: "25:00", to: "08:00" } }, 400],
      [admin, "put", settingsUrl, { ...good, timeZone: "Mars/Olympus" }, 400],
      [agent, "post", `/api/v1/customers/${customerId}/consents`, { channel: "sms", status: "maybe", how: "x" }, 400],
      [agent, "post", `/api/v1/customers/${customerId}/consents`, { channel: "sms", status: "opted_out" }, 400],
      [agent, "put", `/api/v1/customers/${customerId}/time-zone`, { timeZone: "Nowhere/Land" }, 400],
      [agent, "put", `/api/v1/customers/00000000-0000-4000-8000-000000000000/time-zone`, { timeZone: "Asia/Tokyo" }, 404],
    ];
    // One snapshot around them all: any of them writing would show.
    const before = await snapshot(t.db, tag);
    for (const [as, method, url, body, status] of refused) {
      const r = await as[method](url, body);
      expect(r.status, `${url} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error.code).toBeTypeOf("string");
    }
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
  });
});

describe("two parties planning at the same instant", () => {
  it("pass the guard one at a time: one call is scheduled, the others are its duplicates", async () => {
    await settings({ window: "PT24H" });
    at("2041-06-21T02:00:00.000Z");
    const { caseId } = await story();
    const answers = await Promise.all([agent, partner, repair, agent, partner, repair].map((as, i) => as.post("/api/v1/outreach", { caseId, channel: "phone", purpose: `Call ${i}` })));
    const scheduled = answers.filter((a) => a.status === 201);
    expect(scheduled).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200).map((a) => [a.body.reason, a.body.duplicateOf])).toEqual(Array.from({ length: 5 }, () => ["duplicate", scheduled[0]!.body.id]));
    expect((await agent.get(`/api/v1/outreach/${scheduled[0]!.body.id}`)).body.purposes).toHaveLength(6);
  });
});
