/**
 * What a new user met first, as stories through the API: whoever takes a contact owns the case;
 * a call about a case shows on the case; nothing a customer writes goes unseen; a customer is
 * found by the last digits of a phone or an identity typed without its separators; an action
 * whose fields are all optional needs no body. Time is a stepped clock, not the wall clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, uniq, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let agent: Client;
let tag: string;
let now = new Date("2026-11-02T09:00:00Z");
const HOUR = 3_600_000;
const later = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  t = await createTestApp({ clock: () => new Date(now), env: { TANDEM_REOPEN_WITHIN: "P7D" } });
  w = await createWorld(t.db);
  agent = client(t.app, w.agent.token);
  tag = worldTag(w.admin.email);
});
afterAll(() => t.close());

async function newCustomer(identities: { kind: string; value: string }[] = [{ kind: "phone", value: randomMobile() }]) {
  const r = await agent.post("/api/v1/customers", { name: `Customer ${uniq()} ${tag}`, identities });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; identities: { kind: string; value: string }[] };
}

const newCase = async (customerId: string, extra: Record<string, unknown> = {}, as = agent) => {
  const r = await as.post("/api/v1/cases", { customerId, kind: "complaint", subject: `Missed visit ${tag}`, channel: "phone", ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

const events = async (caseId: string) => (await agent.get(`/api/v1/cases/${caseId}/events?limit=200`)).body.items as { type: string; actor: { type: string }; at: string; data: Record<string, unknown> }[];

describe("first-contact ownership", () => {
  it("the agent who opens a case owns it and finds it in My cases", async () => {
    const customer = await newCustomer();
    const kase = await newCase(customer.id);
    expect(kase.owner).toMatchObject({ organizationId: w.hotline.id, userId: w.agent.id });
    const mine = (await agent.get(`/api/v1/cases?ownerId=${w.agent.id}&customerId=${customer.id}`)).body.items;
    expect(mine.map((c: { id: string }) => c.id)).toEqual([kase.id]);
  });

  it("ownerId names another owner; organizationId of another organisation leaves it unassigned there", async () => {
    const customer = await newCustomer();
    const named = await newCase(customer.id, { ownerId: w.billingAgent.id });
    expect(named.owner).toMatchObject({ organizationId: w.billing.id, userId: w.billingAgent.id });
    const routed = await newCase(customer.id, { organizationId: w.billing.id });
    expect(routed.owner).toMatchObject({ organizationId: w.billing.id, userId: null });
    const own = await newCase(customer.id, { organizationId: w.hotline.id });
    expect(own.owner).toMatchObject({ organizationId: w.hotline.id, userId: w.agent.id });
  });

  it("an unknown, deactivated or mismatched owner is refused and writes nothing", async () => {
    const customer = await newCustomer();
    const admin = client(t.app, w.admin.token);
    const temp = await admin.post("/api/v1/users", { email: `temp.${uniq()}@test.tandem.local`, name: "Temp", password: "long enough password", role: "agent", organizationId: w.billing.id });
    expect(temp.status).toBe(201);
    expect((await admin.patch(`/api/v1/users/${temp.body.id}`, { active: false })).status).toBe(200);
    const before = await snapshot(t.db, tag);
    const unknown = await agent.post("/api/v1/cases", { customerId: customer.id, kind: "question", subject: "x", channel: "phone", ownerId: "01a00000-0000-7000-8000-000000000000" });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, "validation_failed"]);
    const inactive = await agent.post("/api/v1/cases", { customerId: customer.id, kind: "question", subject: "x", channel: "phone", ownerId: temp.body.id });
    expect([inactive.status, inactive.body.error.code]).toEqual([409, "user_inactive"]);
    const mismatch = await agent.post("/api/v1/cases", { customerId: customer.id, kind: "question", subject: "x", channel: "phone", ownerId: w.agent.id, organizationId: w.billing.id });
    expect([mismatch.status, mismatch.body.error.details[0].path]).toEqual([400, "body.ownerId"]);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
  });
});

describe("contacts on the case's timeline", () => {
  it("a call recorded on a case appears on the case's events with when it happened, once on the customer's timeline", async () => {
    const customer = await newCustomer();
    const kase = await newCase(customer.id);
    later(HOUR);
    const occurredAt = new Date(now.getTime() - 20 * 60_000).toISOString();
    const call = await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: customer.id }, caseId: kase.id, body: "Asked again when the engineer comes", occurredAt });
    expect(call.status).toBe(201);
    const recorded = (await events(kase.id)).find((e) => e.type === "interaction.recorded");
    expect(recorded).toMatchObject({ actor: { type: "user" }, at: now.toISOString(), data: { interactionId: call.body.id, channel: "phone", direction: "inbound", body: "Asked again when the engineer comes", occurredAt } });
    const timeline = (await agent.get(`/api/v1/customers/${customer.id}/timeline`)).body.items as { type: string; id: string }[];
    expect(timeline.filter((e) => e.id === call.body.id)).toHaveLength(1);
    expect(timeline.filter((e) => e.type === "case_event").map((e) => e.id)).not.toContain(recorded && (recorded as { id?: string }).id);
  });

  it("a contact recorded without a case is attached afterwards, once; another customer's case or a second case is refused", async () => {
    const customer = await newCustomer();
    const other = await newCustomer();
    const kase = await newCase(customer.id);
    const second = await newCase(customer.id);
    const othersCase = await newCase(other.id);
    const chat = (await agent.post("/api/v1/interactions", { channel: "chat", direction: "inbound", customer: { id: customer.id }, body: "Still no picture" })).body;
    expect(chat.caseId).toBeNull();

    const before = await snapshot(t.db, tag);
    const wrongCustomer = await agent.post(`/api/v1/interactions/${chat.id}/attach`, { caseId: othersCase.id });
    expect([wrongCustomer.status, wrongCustomer.body.error.code]).toEqual([422, "case_customer_mismatch"]);
    const noCase = await agent.post(`/api/v1/interactions/${chat.id}/attach`, { caseId: "01a00000-0000-7000-8000-000000000000" });
    expect(noCase.status).toBe(400);
    const noContact = await agent.post(`/api/v1/interactions/01a00000-0000-7000-8000-000000000000/attach`, { caseId: kase.id });
    expect(noContact.status).toBe(404);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);

    const attached = await agent.post(`/api/v1/interactions/${chat.id}/attach`, { caseId: kase.id });
    expect(attached.status).toBe(200);
    expect(attached.body.interaction).toMatchObject({ id: chat.id, caseId: kase.id });
    expect(attached.body.case.id).toBe(kase.id);
    const again = await agent.post(`/api/v1/interactions/${chat.id}/attach`, { caseId: kase.id });
    expect(again.status).toBe(200);
    expect((await events(kase.id)).filter((e) => e.type === "interaction.recorded")).toHaveLength(1);
    const elsewhere = await agent.post(`/api/v1/interactions/${chat.id}/attach`, { caseId: second.id });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([409, "already_attached"]);
  });

  it("a recorded contact opens a case of its own, owned by whoever opens it", async () => {
    const customer = await newCustomer();
    const call = (await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: customer.id }, body: "The bill shows a charge twice" })).body;
    const opened = await client(t.app, w.billingAgent.token).post(`/api/v1/interactions/${call.id}/attach`, { case: { kind: "complaint", subject: `Double charge ${tag}`, priority: "high" } });
    expect(opened.status).toBe(200);
    expect(opened.body.case).toMatchObject({ customerId: customer.id, channel: "phone", priority: "high", owner: { organizationId: w.billing.id, userId: w.billingAgent.id } });
    expect((await events(opened.body.case.id)).map((e) => e.type)).toEqual(["case.created", "sla.policy_applied", "message.added", "interaction.recorded"]); // a complaint is acknowledged at once
    // A partner desk opens no cases.
    const partner = await client(t.app, w.partner.token).post(`/api/v1/interactions/${call.id}/attach`, { case: { kind: "question", subject: "x" } });
    expect(partner.status).toBe(404);
  });
});

describe("nothing the customer writes goes unseen", () => {
  async function resolvedCaseWithLink() {
    const customer = await newCustomer();
    const kase = await newCase(customer.id);
    const link = await agent.post(`/api/v1/cases/${kase.id}/customer-link`);
    expect(link.status).toBe(201);
    expect((await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Engineer visit booked" })).status).toBe(200);
    return { customer, kase, portal: client(t.app, link.body.token as string) };
  }

  it("a message on a recently resolved case reopens it, for its owner to see", async () => {
    const { kase, portal } = await resolvedCaseWithLink();
    later(3 * 24 * HOUR);
    const wrote = await portal.post("/api/v1/portal/case/messages", { body: "The engineer never came." });
    expect(wrote.status).toBe(201);
    expect(wrote.body.followUpCaseNumber).toBeNull();
    const after = (await agent.get(`/api/v1/cases/${kase.id}`)).body;
    expect(after).toMatchObject({ status: "open", resolution: null, resolvedAt: null, owner: { userId: w.agent.id } });
    const reopened = (await events(kase.id)).filter((e) => e.type === "case.reopened");
    expect(reopened).toEqual([expect.objectContaining({ actor: expect.objectContaining({ type: "customer" }), at: now.toISOString(), data: { from: "resolved", to: "open", reason: "customer_wrote" } })]);
    const mine = (await agent.get(`/api/v1/cases?ownerId=${w.agent.id}&status=open`)).body.items.map((c: { id: string }) => c.id);
    expect(mine).toContain(kase.id);
  });

  it("after the reopen period, or on a closed case, the message opens a follow-up case for the same owner", async () => {
    const { customer, kase, portal } = await resolvedCaseWithLink();
    later(8 * 24 * HOUR);
    const wrote = await portal.post("/api/v1/portal/case/messages", { body: "It broke again." });
    expect(wrote.status).toBe(201);
    expect(wrote.body.followUpCaseNumber).toMatch(/^TD-\d+$/);
    expect((await agent.get(`/api/v1/cases/${kase.id}`)).body.status).toBe("resolved");
    const followUp = (await agent.get(`/api/v1/cases?customerId=${customer.id}&status=open`)).body.items;
    expect(followUp).toHaveLength(1);
    expect(followUp[0]).toMatchObject({ number: wrote.body.followUpCaseNumber, description: "It broke again.", owner: { userId: w.agent.id } });
    expect((await events(followUp[0].id)).map((e) => [e.type, e.data.followUpOf ?? e.data.body])).toEqual([
      ["case.created", { caseId: kase.id, number: kase.number }],
      ["sla.policy_applied", undefined],
      ["message.added", "It broke again."],
    ]);
    expect((await events(kase.id)).map((e) => e.type).slice(-2)).toEqual(["message.added", "case.follow_up_opened"]);
    // The follow-up is linked to the case it follows up, shown from both sides.
    expect(followUp[0].links).toEqual([expect.objectContaining({ kind: "follow_up_of", caseId: kase.id, number: kase.number })]);
    const oldLinks = (await agent.get(`/api/v1/cases/${kase.id}`)).body.links;
    expect(oldLinks).toEqual([expect.objectContaining({ kind: "followed_up_by", caseId: followUp[0].id, number: wrote.body.followUpCaseNumber })]);
    expect((await events(kase.id)).at(-1)!.data).toMatchObject({ caseId: followUp[0].id, linkId: oldLinks[0].id });

    expect((await agent.post(`/api/v1/cases/${kase.id}/status`, { status: "closed" })).status).toBe(200);
    const onClosed = await portal.post("/api/v1/portal/case/messages", { body: "And again." });
    expect(onClosed.status).toBe(201);
    expect(onClosed.body.followUpCaseNumber).toMatch(/^TD-\d+$/);
    expect(onClosed.body.followUpCaseNumber).not.toBe(wrote.body.followUpCaseNumber);
  });
});

describe("finding the customer the way people type", () => {
  it("by the last 4 or more digits of a phone, and by an identity without its separators", async () => {
    const mobile = randomMobile();
    // No digits anywhere but in the phone, so that three of them can only match the phone.
    const lettersOnly = (s: string) => s.replace(/\d/g, (d) => "GHIJKLMNOP"[Number(d)]!);
    const member = `ZX-${lettersOnly(uniq().slice(-6).toUpperCase())}`;
    const created = await agent.post("/api/v1/customers", { name: `Customer ${lettersOnly(uniq())} ${lettersOnly(tag)}`, identities: [{ kind: "phone", value: mobile }, { kind: "member_id", value: member }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const customer = created.body as { id: string };
    const find = async (q: string) => ((await agent.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)).body.items as { id: string }[]).map((c) => c.id);
    expect(await find(mobile.slice(-4))).toContain(customer.id);
    expect(await find(mobile.slice(-7))).toContain(customer.id);
    expect(await find(`${mobile.slice(-8, -4)} ${mobile.slice(-4)}`)).toContain(customer.id);
    expect(await find(member.replace("-", "").toLowerCase())).toContain(customer.id);
    expect(await find(member.toLowerCase())).toContain(customer.id);
    // Three digits are too few to mean a phone.
    expect(await find(mobile.slice(-3))).not.toContain(customer.id);
    // A partner searches only the customers of cases shared with it: this one has none.
    const partnerSearch = await client(t.app, w.partner.token).get(`/api/v1/customers?q=${mobile.slice(-4)}`);
    expect(partnerSearch.status).toBe(200);
    expect((partnerSearch.body.items as { id: string }[]).map((c) => c.id)).not.toContain(customer.id);
  });
});

describe("empty bodies", () => {
  it("an action whose fields are all optional accepts no body, with or without a JSON content type", async () => {
    const customer = await newCustomer();
    const kase = await newCase(customer.id);
    for (const headers of [{}, { "content-type": "application/json" }]) {
      const r = await t.app.inject({ method: "POST", url: `/api/v1/cases/${kase.id}/customer-link`, headers: { authorization: `Bearer ${w.agent.token}`, ...headers } });
      expect(r.statusCode, r.body).toBe(201);
      const portal = await t.app.inject({ method: "POST", url: "/api/v1/portal/case/resolve", headers: { authorization: `Bearer ${r.json().token}`, ...headers } });
      expect([portal.statusCode, portal.json().case?.status ?? portal.json().error.code]).toEqual(Object.keys(headers).length ? [409, "invalid_transition"] : [200, "resolved"]);
    }
    // A body that is required is still required, with a clear message.
    const r = await t.app.inject({ method: "POST", url: `/api/v1/cases/${kase.id}/reopen`, headers: { authorization: `Bearer ${w.agent.token}` } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: "validation_failed", details: [{ path: "body" }] });
  });
});

describe("organisation names", () => {
  it("are unique, ignoring case: a second one is 409 naming the first, and nothing is written", async () => {
    const admin = client(t.app, w.admin.token);
    const name = `Dingxin Repairs ${tag}`;
    const first = await admin.post("/api/v1/organizations", { name, kind: "partner" });
    expect(first.status).toBe(201);
    const before = await snapshot(t.db, tag);
    const again = await admin.post("/api/v1/organizations", { name: name.toUpperCase(), kind: "department" });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "organization_name_taken", details: [{ id: first.body.id, name, kind: "partner" }] });
    expect(again.body.error.message).toContain(name);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    // Two at once: one is created, the other refused.
    const racing = await Promise.all([0, 1].map(() => admin.post("/api/v1/organizations", { name: `Twin ${tag}`, kind: "department" })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
