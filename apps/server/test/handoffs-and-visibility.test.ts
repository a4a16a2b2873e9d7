/**
 * Issue 11, items 1 and 6, through the API: a case handed off with a note the new owner reads
 * first (and `assign` across organisations refused), each party naming its own assignee (which
 * feeds that user's own cases), who reads which message (public, parties, internal) on every path
 * a message is read, the owner told when a party changes or resolves its case, and a partner
 * finding only the customers of the cases shared with it.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseEventSchema, caseSchema, pageOf } from "@tandem/contracts";
import { client, createTestApp, createWorld, randomMobile, type Client, type Persona, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";
import { openStream } from "./sse.js";

let t: TestApp;
let w: World;
let tag: string;
let agent: Client;
let partner: Client;
let base: string;
/** A supervisor of the billing department (handoffs to an organisation tell its supervisors). */
let billingSupervisor: Persona;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
  agent = client(t.app, w.agent.token);
  partner = client(t.app, w.partner.token);
  const made = await client(t.app, w.admin.token).post("/api/v1/users", { email: `bsup.${tag}@test.tandem.local`, name: "Billing Supervisor", password: "long enough pw", role: "supervisor", organizationId: w.billing.id });
  expect(made.status).toBe(201);
  const login = await client(t.app).post("/api/v1/auth/login", { email: `bsup.${tag}@test.tandem.local`, password: "long enough pw" });
  billingSupervisor = { id: made.body.id, email: made.body.email, token: login.body.token, organizationId: w.billing.id };
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(() => t.close());

async function newCase(share?: { organizationId: string; access: "view" | "contribute" }, name = "Wang") {
  const customer = (await agent.post("/api/v1/customers", { name: `${name} ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] })).body as { id: string };
  const kase = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "incident", subject: `No picture ${tag}`, channel: "phone" })).body as { id: string; customerId: string };
  if (share) expect((await agent.post(`/api/v1/cases/${kase.id}/parties`, share)).status).toBe(200);
  return kase;
}

/** A refused request: its status and code, the error shape, and nothing written. */
async function expectRefused(as: Client, url: string, body: unknown, status: number, code?: string) {
  const before = await snapshot(t.db, tag);
  const r = await as.post(url, body);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body).toEqual({ error: { code: code ?? expect.any(String), message: expect.any(String), details: expect.any(Array) } });
  expect(changed(before, await snapshot(t.db, tag)), `${url} wrote`).toEqual([]);
  return r;
}

const notificationsOf = async (token: string) => (await client(t.app, token).get("/api/v1/notifications?limit=200")).body.items as { kind: string; subject: { id: string }; data: Record<string, unknown> }[];
const eventsOf = async (as: Client, caseId: string) => pageOf(caseEventSchema).parse((await as.get(`/api/v1/cases/${caseId}/events?limit=200`)).body).items;

describe("handoff", () => {
  it("moves ownership to a user of another organisation with a note the new owner reads first; the old owner stays a party and the new owner is told", async () => {
    const kase = await newCase();
    const note = "Customer re-paired the remote himself; he still wants the box checked. Call after 18:00.";
    const r = await agent.post(`/api/v1/cases/${kase.id}/handoff`, { userId: w.partner.id, note: `  ${note}  ` });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = caseSchema.parse(r.body);
    expect(after.owner).toMatchObject({ organizationId: w.maker.id, userId: w.partner.id });
    expect(after.parties).toEqual([expect.objectContaining({ organizationId: w.hotline.id, access: "contribute", assignee: null })]);
    expect(after.handoff).toEqual({ note, fromOrganizationId: w.hotline.id, fromOrganizationName: expect.stringContaining("Hotline"), by: { type: "user", id: w.agent.id, name: "agent" }, at: expect.any(String) });

    // The new owner sees the note on the case, and was told.
    const seen = caseSchema.parse((await partner.get(`/api/v1/cases/${kase.id}`)).body);
    expect(seen.handoff?.note).toBe(note);
    expect(seen.abilities).toContain("case.resolve");
    const told = (await notificationsOf(w.partner.token)).find((n) => n.kind === "case.handed_off" && n.subject.id === kase.id);
    expect(told?.data).toMatchObject({ note, fromOrganizationId: w.hotline.id });

    const event = (await eventsOf(agent, kase.id)).find((e) => e.type === "case.handed_off")!;
    expect(event.actor).toEqual({ type: "user", id: w.agent.id, name: "agent" });
    expect(event.data).toMatchObject({ fromOrganizationId: w.hotline.id, toOrganizationId: w.maker.id, toUserId: w.partner.id, note });
    // The old owner, now a party, still works on it.
    expect((await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "parties", body: "Thanks" })).status).toBe(201);
  });

  it("to an organisation: nobody owns it there yet, and its supervisors are told", async () => {
    const kase = await newCase({ organizationId: w.billing.id, access: "view" });
    const r = await agent.post(`/api/v1/cases/${kase.id}/handoff`, { organizationId: w.billing.id, note: "Double charge on the November bill" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.owner).toMatchObject({ organizationId: w.billing.id, userId: null });
    // The receiving organisation is no longer a party; the old owner is.
    expect(r.body.parties.map((p: { organizationId: string }) => p.organizationId)).toEqual([w.hotline.id]);
    expect((await notificationsOf(billingSupervisor.token)).some((n) => n.kind === "case.handed_off" && n.subject.id === kase.id)).toBe(true);
    // The agent of the old owning organisation may no longer hand it off; the billing supervisor may.
    expect(r.body.abilities).not.toContain("case.handoff");
    expect((await client(t.app, billingSupervisor.token).get(`/api/v1/cases/${kase.id}`)).body.abilities).toContain("case.handoff");
  });

  it("refuses, changing nothing: a blank note, nobody named, an unknown organisation or user, a user not in the organisation, the owning organisation, a closed case", async () => {
    const kase = await newCase();
    const url = `/api/v1/cases/${kase.id}/handoff`;
    await expectRefused(agent, url, { organizationId: w.maker.id, note: "   " }, 400, "validation_failed");
    await expectRefused(agent, url, { organizationId: w.maker.id }, 400, "validation_failed");
    await expectRefused(agent, url, { note: "to whom?" }, 400, "validation_failed");
    await expectRefused(agent, url, { organizationId: randomUUID(), note: "x" }, 400, "validation_failed");
    await expectRefused(agent, url, { userId: randomUUID(), note: "x" }, 400, "validation_failed");
    await expectRefused(agent, url, { organizationId: w.maker.id, userId: w.billingAgent.id, note: "x" }, 422, "user_not_in_organization");
    const same = await expectRefused(agent, url, { organizationId: w.hotline.id, note: "x" }, 409, "same_organization");
    expect(same.body.error.message).toMatch(/assign/);
    await expectRefused(agent, url, { userId: w.supervisor.id, note: "x" }, 409, "same_organization");
    const closed = await newCase();
    await agent.post(`/api/v1/cases/${closed.id}/resolve`, { resolution: "done" });
    await agent.post(`/api/v1/cases/${closed.id}/status`, { status: "closed" });
    await expectRefused(agent, `/api/v1/cases/${closed.id}/handoff`, { organizationId: w.maker.id, note: "x" }, 409, "case_closed");
  });

  it("only the owning organisation's staff (or an admin) hand off: a party gets 403, another partner 404", async () => {
    const kase = await newCase({ organizationId: w.maker.id, access: "contribute" });
    const body = { organizationId: w.billing.id, note: "please take it" };
    await expectRefused(partner, `/api/v1/cases/${kase.id}/handoff`, body, 403, "forbidden");
    await expectRefused(client(t.app, w.billingAgent.token), `/api/v1/cases/${kase.id}/handoff`, body, 403, "forbidden");
    await expectRefused(client(t.app, w.otherPartnerAgent.token), `/api/v1/cases/${kase.id}/handoff`, body, 404, "not_found");
    expect((await agent.get(`/api/v1/cases/${kase.id}`)).body.abilities).toContain("case.handoff");
    expect((await partner.get(`/api/v1/cases/${kase.id}`)).body.abilities).not.toContain("case.handoff");
    expect((await client(t.app, w.admin.token).post(`/api/v1/cases/${kase.id}/handoff`, body)).status).toBe(200);
  });

  it("assigning to a user of another organisation answers 409 handoff_required, in words, and changes nothing; within the organisation it assigns", async () => {
    const kase = await newCase();
    const r = await expectRefused(agent, `/api/v1/cases/${kase.id}/assign`, { userId: w.partner.id }, 409, "handoff_required");
    expect(r.body.error.message).toMatch(/hand the case off with a note/);
    expect((await agent.post(`/api/v1/cases/${kase.id}/assign`, { userId: w.supervisor.id })).body.owner.userId).toBe(w.supervisor.id);
  });
});

describe("party assignees", () => {
  it("a party names its own assignee, who finds the case among their own; the owner may name it too; it is cleared with null", async () => {
    const kase = await newCase({ organizationId: w.maker.id, access: "view" });
    const url = `/api/v1/cases/${kase.id}/parties/${w.maker.id}/assignee`;
    const before = caseSchema.parse((await partner.get(`/api/v1/cases/${kase.id}`)).body);
    expect(before.parties[0]).toMatchObject({ assignee: null, abilities: ["party.set_assignee"] });
    const set = await partner.post(url, { userId: w.partner.id });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(caseSchema.parse(set.body).parties[0]!.assignee).toEqual({ userId: w.partner.id, userName: "partner" });
    const event = (await eventsOf(agent, kase.id)).find((e) => e.type === "party.assignee_set")!;
    expect(event).toMatchObject({ actor: { type: "partner", id: w.partner.id }, data: { organizationId: w.maker.id, toUserId: w.partner.id } });

    // "My cases": ownerId=me (or the user's id) includes the cases they are the party assignee on.
    const mine = (await partner.get("/api/v1/cases?ownerId=me&limit=200")).body.items.map((c: { id: string }) => c.id);
    expect(mine).toContain(kase.id);
    expect((await agent.get(`/api/v1/cases?ownerId=${w.partner.id}&limit=200`)).body.items.map((c: { id: string }) => c.id)).toContain(kase.id);
    // The owner's own list still has it as theirs.
    expect((await agent.get("/api/v1/cases?ownerId=me&limit=200")).body.items.map((c: { id: string }) => c.id)).toContain(kase.id);

    const cleared = await agent.post(url, { userId: null });
    expect(cleared.body.parties[0].assignee).toBeNull();
    expect((await partner.get("/api/v1/cases?ownerId=me&limit=200")).body.items.map((c: { id: string }) => c.id)).not.toContain(kase.id);
  });

  it("refuses, changing nothing: a user of another organisation, an unknown user, a party that is not on the case, someone neither of the party nor the owner, a case not theirs to see", async () => {
    const kase = await newCase({ organizationId: w.maker.id, access: "contribute" });
    const url = `/api/v1/cases/${kase.id}/parties/${w.maker.id}/assignee`;
    await expectRefused(agent, url, { userId: w.billingAgent.id }, 422, "user_not_in_organization");
    await expectRefused(agent, url, { userId: randomUUID() }, 400, "validation_failed");
    await expectRefused(agent, url, {}, 400, "validation_failed");
    await expectRefused(agent, `/api/v1/cases/${kase.id}/parties/${w.billing.id}/assignee`, { userId: w.billingAgent.id }, 404, "not_found");
    await expectRefused(client(t.app, w.billingAgent.token), url, { userId: w.partner.id }, 403, "forbidden");
    await expectRefused(client(t.app, w.otherPartnerAgent.token), url, { userId: w.partner.id }, 404, "not_found");
    expect((await client(t.app, w.billingAgent.token).get(`/api/v1/cases/${kase.id}`)).body.parties[0].abilities).toEqual([]);
  });
});

describe("who reads which message", () => {
  let kase: { id: string; customerId: string };
  const bodies: Record<string, string> = {};
  let customerToken: string;

  beforeAll(async () => {
    kase = await newCase({ organizationId: w.maker.id, access: "contribute" }, "Reader");
    customerToken = (await agent.post(`/api/v1/cases/${kase.id}/customer-link`)).body.token;
    const write = async (as: Client, key: string, visibility: string) => {
      bodies[key] = `${key} ${tag}`;
      const r = await as.post(`/api/v1/cases/${kase.id}/messages`, { visibility, body: bodies[key] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.visibility).toBe(visibility);
    };
    await write(agent, "operator-internal", "internal");
    await write(agent, "operator-parties", "parties");
    await write(agent, "operator-public", "public");
    await write(partner, "maker-internal", "internal");
    await write(partner, "maker-parties", "parties");
  });

  const readsOn = (text: string) => Object.keys(bodies).filter((k) => text.includes(bodies[k]!)).sort();

  it("on the case's events: internal notes only in the writer's organisation (the owner's staff included), parties and public for everyone on the case", async () => {
    expect(readsOn(JSON.stringify(await eventsOf(agent, kase.id)))).toEqual(["operator-internal", "operator-parties", "operator-public", "maker-parties"].sort());
    expect(readsOn(JSON.stringify(await eventsOf(partner, kase.id)))).toEqual(["operator-parties", "operator-public", "maker-internal", "maker-parties"].sort());
    // Staff of another department are not the writer's organisation either.
    expect(readsOn(JSON.stringify(await eventsOf(client(t.app, w.billingAgent.token), kase.id)))).toEqual(["operator-parties", "operator-public", "maker-parties"].sort());
  });

  it("on the customer's timeline, by the same rule", async () => {
    const timeline = async (token: string) => JSON.stringify((await client(t.app, token).get(`/api/v1/customers/${kase.customerId}/timeline?limit=200`)).body.items);
    expect(readsOn(await timeline(w.agent.token))).toEqual(["operator-internal", "operator-parties", "operator-public", "maker-parties"].sort());
    expect(readsOn(await timeline(w.partner.token))).toEqual(["operator-parties", "operator-public", "maker-internal", "maker-parties"].sort());
  });

  it("on the customer's page: public messages only", async () => {
    const page = await client(t.app, customerToken).get("/api/v1/portal/case");
    expect(page.status).toBe(200);
    expect(readsOn(JSON.stringify(page.body))).toEqual(["operator-public"]);
  });

  it("on the live stream: a partner does not hear of the operator's internal note, the operator not of the partner's", { timeout: 60_000 }, async () => {
    const partnerStream = await openStream(base, w.partner.token);
    const agentStream = await openStream(base, w.agent.token);
    try {
      // A change on the stream carries its outbox event's id (not the message's): the last three of the case are these.
      for (const [as, visibility] of [[agent, "internal"], [partner, "internal"], [agent, "parties"]] as const) {
        expect((await as.post(`/api/v1/cases/${kase.id}/messages`, { visibility, body: `live ${visibility}` })).status).toBe(201);
      }
      const [opInternal, mkInternal, parties] = (
        await t.db.query<{ id: string }>("SELECT id FROM (SELECT id, seq FROM outbox WHERE aggregate_id = $1 AND type = 'case.message_added' ORDER BY seq DESC LIMIT 3) x ORDER BY seq", [kase.id])
      ).map((r) => r.id) as [string, string, string];
      // Changes reach a stream in commit order: once the last is heard, the earlier ones would have been.
      await partnerStream.waitFor(parties);
      await agentStream.waitFor(parties);
      expect(partnerStream.text()).not.toContain(opInternal);
      expect(partnerStream.text()).toContain(mkInternal);
      expect(agentStream.text()).not.toContain(mkInternal);
      expect(agentStream.text()).toContain(opInternal);
    } finally {
      partnerStream.close();
      agentStream.close();
    }
  });

  it("for webhooks: an internal note is addressed to the writer's organisation alone", async () => {
    const rows = await t.db.query<{ audience: Record<string, unknown>; payload: { visibility?: string } }>(
      "SELECT audience, payload FROM outbox WHERE aggregate_id = $1 AND type = 'case.message_added' ORDER BY seq LIMIT 5",
      [kase.id],
    );
    expect(rows.map((r) => [r.payload.visibility, r.audience])).toEqual([
      ["internal", { organizationIds: [w.hotline.id], organizationsOnly: true }],
      ["parties", { organizationIds: [w.hotline.id, w.maker.id] }],
      ["public", { organizationIds: [w.hotline.id, w.maker.id], customerCaseId: kase.id }],
      ["internal", { organizationIds: [w.maker.id], organizationsOnly: true }],
      ["parties", { organizationIds: [w.hotline.id, w.maker.id] }],
    ]);
  });

  it("a customer cannot write anything but a public message", async () => {
    expect((await client(t.app, customerToken).post("/api/v1/portal/case/messages", { body: "hello", visibility: "parties" })).status).toBe(400);
  });
});

describe("a party changing a case it does not own", () => {
  it("tells the owner when the party changes its status and when it resolves it", async () => {
    const kase = await newCase({ organizationId: w.maker.id, access: "contribute" });
    expect((await partner.post(`/api/v1/cases/${kase.id}/status`, { status: "waiting_on_customer", note: "Visit booked" })).status).toBe(200);
    expect((await partner.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Remote re-paired" })).status).toBe(200);
    const told = (await notificationsOf(w.agent.token)).filter((n) => n.subject.id === kase.id).map((n) => [n.kind, n.data.organizationId]);
    expect(told).toEqual(expect.arrayContaining([["case.changed_by_party", w.maker.id], ["case.resolved_by_party", w.maker.id]]));
    // The owner's own changes tell nobody of a party change.
    const mine = await newCase({ organizationId: w.maker.id, access: "contribute" });
    await agent.post(`/api/v1/cases/${mine.id}/status`, { status: "waiting_on_party" });
    expect((await notificationsOf(w.agent.token)).filter((n) => n.subject.id === mine.id)).toEqual([]);
  });
});

describe("a partner finds the customers of the cases shared with it, and only those", () => {
  it("by id, identity and search; an unshared customer or case is 404 (or absent from lists), never 403", async () => {
    const phone = randomMobile();
    const sharedCustomer = (await agent.post("/api/v1/customers", { name: `Shared Chen ${tag}`, identities: [{ kind: "phone", value: phone }] })).body.id as string;
    const shared = (await agent.post("/api/v1/cases", { customerId: sharedCustomer, kind: "incident", subject: `Shared ${tag}`, channel: "phone" })).body.id as string;
    await agent.post(`/api/v1/cases/${shared}/parties`, { organizationId: w.maker.id, access: "view" });
    const hiddenPhone = randomMobile();
    const hidden = (await agent.post("/api/v1/customers", { name: `Hidden Chen ${tag}`, identities: [{ kind: "phone", value: hiddenPhone }] })).body.id as string;
    const hiddenCase = (await agent.post("/api/v1/cases", { customerId: hidden, kind: "incident", subject: `Hidden ${tag}`, channel: "phone" })).body.id as string;

    expect((await partner.get(`/api/v1/customers/${sharedCustomer}`)).status).toBe(200);
    expect((await partner.get(`/api/v1/customers?identity=phone:${phone}`)).body.id).toBe(sharedCustomer);
    const found = (await partner.get(`/api/v1/customers?q=${encodeURIComponent(`Chen ${tag}`)}`)).body.items.map((c: { id: string }) => c.id);
    expect(found).toEqual([sharedCustomer]);
    // Staff find both.
    expect((await agent.get(`/api/v1/customers?q=${encodeURIComponent(`Chen ${tag}`)}`)).body.items).toHaveLength(2);

    expect((await partner.get(`/api/v1/customers/${hidden}`)).status).toBe(404);
    expect((await partner.get(`/api/v1/customers?identity=phone:${hiddenPhone}`)).status).toBe(404);
    expect((await partner.get(`/api/v1/customers?q=${hiddenPhone}`)).body.items).toEqual([]);
    expect((await partner.get(`/api/v1/cases/${hiddenCase}`)).status).toBe(404);
    expect((await partner.get(`/api/v1/cases/${hiddenCase}/events`)).status).toBe(404);
    expect((await partner.get(`/api/v1/cases?customerId=${hidden}`)).body.items).toEqual([]);
    expect((await partner.get(`/api/v1/cases?q=${encodeURIComponent(`Hidden ${tag}`)}`)).body.items).toEqual([]);
  });
});
