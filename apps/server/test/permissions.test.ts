/**
 * Who may do what, per platform/policies.ts: each role and anonymous callers on every route,
 * and a partner desk's view: only the cases owned by or shared with its organisation, only
 * what the share allows, with contact details masked. A refusal writes nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let tag: string;
let mobile: string;
let nationalId: string;
let email: string;
/** A customer with cases: not shared, shared with the maker to view, to contribute, and owned by the maker. */
let cust: string;
let notShared: string;
let viewShare: string;
let contributeShare: string;
let makerOwned: string;
/** A customer whose only case is not shared with anyone. */
let hidden: string;
let hiddenCase: string;

type Role = "admin" | "supervisor" | "agent" | "partner" | "anonymous";
const ROLES: Role[] = ["admin", "supervisor", "agent", "partner", "anonymous"];
const tokenOf = (role: Role) => (role === "anonymous" ? undefined : w[role].token);

async function as(role: Role, method: "GET" | "POST" | "PATCH", url: string, body?: unknown) {
  const c = client(t.app, tokenOf(role));
  return method === "GET" ? c.get(url) : method === "POST" ? c.post(url, body ?? {}) : c.patch(url, body ?? {});
}

/** A refused request: the status, the error shape, and nothing written. */
async function expectRefused(role: Role, method: "GET" | "POST" | "PATCH", url: string, body: unknown, status: number) {
  const before = await snapshot(t.db, tag);
  const r = await as(role, method, url, body);
  expect(r.status, `${role} ${method} ${url}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
  expect(changed(before, await snapshot(t.db, tag)), `${role} ${method} ${url} wrote`).toEqual([]);
  return r;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
  const agent = client(t.app, w.agent.token);
  mobile = randomMobile();
  nationalId = `1101051990${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  email = `Lin.${tag}@Example.COM`;
  cust = (await agent.post("/api/v1/customers", {
    name: `Shared ${tag}`,
    identities: [{ kind: "phone", value: mobile }, { kind: "email", value: email }, { kind: "national_id", value: nationalId }, { kind: "member_id", value: `VIP${tag}` }],
  })).body.id;
  const newCase = async (customerId: string, subject: string, organizationId?: string) =>
    (await agent.post("/api/v1/cases", { customerId, kind: "incident", subject: `${subject} ${tag}`, channel: "phone", ...(organizationId ? { organizationId } : {}) })).body.id as string;
  notShared = await newCase(cust, "not shared");
  viewShare = await newCase(cust, "view share");
  contributeShare = await newCase(cust, "contribute share");
  makerOwned = await newCase(cust, "maker owned", w.maker.id);
  expect((await agent.post(`/api/v1/cases/${viewShare}/parties`, { organizationId: w.maker.id, access: "view" })).status).toBe(200);
  expect((await agent.post(`/api/v1/cases/${contributeShare}/parties`, { organizationId: w.maker.id, access: "contribute" })).status).toBe(200);
  hidden = (await agent.post("/api/v1/customers", { name: `Hidden ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] })).body.id;
  hiddenCase = await newCase(hidden, "hidden");
  await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: cust }, caseId: notShared, body: `secret call ${tag}` });
  await agent.post(`/api/v1/cases/${notShared}/messages`, { visibility: "internal", body: `internal note on the unshared case ${tag}` });
});
afterAll(() => t.close());

describe("the role matrix on routes that are not about one case", () => {
  // [label, method, url, body, expected status for admin, supervisor, agent, partner, anonymous]
  const matrix = (): [string, "GET" | "POST" | "PATCH", string, unknown, Record<Role, number>][] => [
    ["me", "GET", "/api/v1/auth/me", undefined, { admin: 200, supervisor: 200, agent: 200, partner: 200, anonymous: 401 }],
    ["list organizations", "GET", "/api/v1/organizations", undefined, { admin: 200, supervisor: 200, agent: 200, partner: 200, anonymous: 401 }],
    ["supervisor dashboard", "GET", "/api/v1/dashboard/supervisor", undefined, { admin: 200, supervisor: 200, agent: 403, partner: 403, anonymous: 401 }],
    ["list users", "GET", "/api/v1/users", undefined, { admin: 200, supervisor: 200, agent: 200, partner: 403, anonymous: 401 }],
    ["get user", "GET", `/api/v1/users/${w.agent.id}`, undefined, { admin: 200, supervisor: 200, agent: 200, partner: 403, anonymous: 401 }],
    ["list tokens", "GET", "/api/v1/tokens", undefined, { admin: 200, supervisor: 200, agent: 200, partner: 200, anonymous: 401 }],
    ["search customers", "GET", `/api/v1/customers?q=${tag}`, undefined, { admin: 200, supervisor: 200, agent: 200, partner: 200, anonymous: 401 }],
    ["list cases", "GET", "/api/v1/cases?limit=5", undefined, { admin: 200, supervisor: 200, agent: 200, partner: 200, anonymous: 401 }],
  ];

  it.each(ROLES)("%s on the read routes", async (role) => {
    for (const [label, method, url, body, expected] of matrix()) {
      const r = await as(role, method, url, body);
      expect(r.status, `${role} ${label}`).toBe(expected[role]);
      if (r.status >= 400) expect(r.body.error.code).toBe(r.status === 401 ? "unauthorized" : "forbidden");
    }
  });

  it("only an admin creates organizations and users, or changes users", async () => {
    for (const role of ["supervisor", "agent", "partner", "anonymous"] as Role[]) {
      const status = role === "anonymous" ? 401 : 403;
      await expectRefused(role, "POST", "/api/v1/organizations", { name: `Org ${tag}`, kind: "department" }, status);
      await expectRefused(role, "POST", "/api/v1/users", { email: `x.${role}.${tag}@test.tandem.local`, name: "X", password: "long enough pw", role: "admin", organizationId: w.hotline.id }, status);
      await expectRefused(role, "PATCH", `/api/v1/users/${w.agent.id}`, { role: "admin" }, status);
    }
    const admin = client(t.app, w.admin.token);
    expect((await admin.post("/api/v1/organizations", { name: `Org ${tag}`, kind: "department" })).status).toBe(201);
    expect((await admin.post("/api/v1/users", { email: `made.${tag}@test.tandem.local`, name: "Made", password: "long enough pw", role: "agent", organizationId: w.hotline.id })).status).toBe(201);
    expect((await admin.patch(`/api/v1/users/${w.billingAgent.id}`, { name: `Billing ${tag}` })).status).toBe(200);
  });

  it("an admin cannot lock themselves out", async () => {
    await expectRefused("admin", "PATCH", `/api/v1/users/${w.admin.id}`, { active: false }, 409);
    await expectRefused("admin", "PATCH", `/api/v1/users/${w.admin.id}`, { role: "agent" }, 409);
  });

  it("staff create customers, interactions and cases; a partner and anonymous callers cannot", async () => {
    for (const role of ["admin", "supervisor", "agent"] as Role[]) {
      const c = await as(role, "POST", "/api/v1/customers", { name: `By ${role} ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] });
      expect(c.status, role).toBe(201);
      expect((await as(role, "POST", "/api/v1/interactions", { channel: "sms", direction: "outbound", customer: { id: c.body.id }, body: "hello" })).status, role).toBe(201);
      expect((await as(role, "POST", "/api/v1/cases", { customerId: c.body.id, kind: "question", subject: `Q ${tag}`, channel: "sms" })).status, role).toBe(201);
    }
    await expectRefused("partner", "POST", "/api/v1/customers", { name: `P ${tag}` }, 403);
    await expectRefused("partner", "POST", "/api/v1/cases", { customerId: cust, kind: "question", subject: `P ${tag}`, channel: "phone" }, 403);
    await expectRefused("partner", "POST", "/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { identities: [{ kind: "phone", value: randomMobile() }] }, caseId: contributeShare, body: "x" }, 403);
    await expectRefused("anonymous", "POST", "/api/v1/customers", { name: `A ${tag}` }, 401);
    await expectRefused("anonymous", "POST", "/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: cust }, body: "x" }, 401);
    await expectRefused("anonymous", "POST", "/api/v1/cases", { customerId: cust, kind: "question", subject: "x", channel: "phone" }, 401);
    await expectRefused("anonymous", "POST", "/api/v1/tokens", { name: "x" }, 401);
  });
});

describe("one case, every role", () => {
  const caseRoutes = (id: string): [string, "GET" | "POST", string, unknown][] => [
    ["get", "GET", `/api/v1/cases/${id}`, undefined],
    ["events", "GET", `/api/v1/cases/${id}/events`, undefined],
    ["message", "POST", `/api/v1/cases/${id}/messages`, { visibility: "internal", body: "note" }],
    ["assign", "POST", `/api/v1/cases/${id}/assign`, { userId: w.agent.id }],
    ["share", "POST", `/api/v1/cases/${id}/parties`, { organizationId: w.billing.id, access: "view" }],
    ["status", "POST", `/api/v1/cases/${id}/status`, { status: "waiting_on_customer" }],
    ["resolve", "POST", `/api/v1/cases/${id}/resolve`, { resolution: "done" }],
    ["reopen", "POST", `/api/v1/cases/${id}/reopen`, { reason: "again" }],
  ];

  it("anonymous callers get 401 on every case route", async () => {
    for (const [label, method, url, body] of caseRoutes(notShared)) {
      const r = await expectRefused("anonymous", method, url, body, 401);
      expect(r.body.error.code, label).toBe("unauthorized");
    }
  });

  it.each(["admin", "supervisor", "agent"] as Role[])("%s may do everything on any case", async (role) => {
    const kase = (await as("agent", "POST", "/api/v1/cases", { customerId: hidden, kind: "request", subject: `For ${role} ${tag}`, channel: "web" })).body.id;
    const expected: Record<string, number> = { get: 200, events: 200, message: 201, assign: 200, share: 200, status: 200, resolve: 200, reopen: 200 };
    for (const [label, method, url, body] of caseRoutes(kase)) {
      const r = await as(role, method, url, body);
      expect(r.status, `${role} ${label}: ${JSON.stringify(r.body)}`).toBe(expected[label]);
    }
  });

  it("a partner gets 404 on every route of a case not shared with them, and nothing is written", async () => {
    for (const [label, method, url, body] of caseRoutes(notShared)) {
      // Actions their role never has are refused before the case is looked at.
      const status = ["assign", "share", "reopen"].includes(label) ? 403 : 404;
      await expectRefused("partner", method, url, body, status);
    }
  });

  it("a partner may read but not write on a view share", async () => {
    for (const [label, method, url, body] of caseRoutes(viewShare)) {
      if (method === "GET") expect((await as("partner", method, url)).status, label).toBe(200);
      else await expectRefused("partner", method, url, body, 403);
    }
    await expectRefused("partner", "POST", "/api/v1/interactions", { channel: "phone", direction: "outbound", customer: { id: cust }, caseId: viewShare, body: "called back" }, 403);
  });

  it("a partner may message, record contacts, change status and resolve on a contribute share; the actor is the partner", async () => {
    const partner = client(t.app, w.partner.token);
    const msg = await partner.post(`/api/v1/cases/${contributeShare}/messages`, { visibility: "public", body: `Technician booked ${tag}` });
    expect(msg.status).toBe(201);
    expect(msg.body.author).toMatchObject({ type: "partner", id: w.partner.id });
    const call = await partner.post("/api/v1/interactions", { channel: "phone", direction: "outbound", customer: { id: cust }, caseId: contributeShare, body: "called back" });
    expect(call.status).toBe(201);
    expect(call.body.organizationId).toBe(w.maker.id);
    // Without a case, or for another organisation, a partner records nothing.
    await expectRefused("partner", "POST", "/api/v1/interactions", { channel: "phone", direction: "outbound", customer: { id: cust }, body: "no case" }, 400);
    await expectRefused("partner", "POST", "/api/v1/interactions", { channel: "phone", direction: "outbound", customer: { id: cust }, caseId: contributeShare, organizationId: w.hotline.id, body: "as hotline" }, 403);
    expect((await partner.post(`/api/v1/cases/${contributeShare}/status`, { status: "waiting_on_customer" })).status).toBe(200);
    const resolved = await partner.post(`/api/v1/cases/${contributeShare}/resolve`, { resolution: "Replaced the box" });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolvedBy).toBe("party");
    const events = (await partner.get(`/api/v1/cases/${contributeShare}/events`)).body.items;
    const resolvedEvent = events.find((e: { type: string }) => e.type === "case.resolved");
    expect(resolvedEvent.actor).toEqual({ type: "partner", id: w.partner.id, name: "partner" });
    // Reopening and re-sharing stay with the owner.
    await expectRefused("partner", "POST", `/api/v1/cases/${contributeShare}/reopen`, { reason: "no" }, 403);
  });

  it("a partner has full access to a case their organisation owns, except owner-only actions of their role", async () => {
    const partner = client(t.app, w.partner.token);
    expect((await partner.get(`/api/v1/cases/${makerOwned}`)).status).toBe(200);
    expect((await partner.post(`/api/v1/cases/${makerOwned}/messages`, { visibility: "internal", body: "ours" })).status).toBe(201);
    await expectRefused("partner", "POST", `/api/v1/cases/${makerOwned}/assign`, { userId: w.partner.id }, 403);
  });
});

describe("what a partner sees", () => {
  it("lists only the cases owned by or shared with their organisation", async () => {
    const mine = (await client(t.app, w.partner.token).get(`/api/v1/cases?customerId=${cust}&limit=200`)).body.items.map((c: { id: string }) => c.id);
    expect(mine.sort()).toEqual([viewShare, contributeShare, makerOwned].sort());
    const all = (await client(t.app, w.partner.token).get(`/api/v1/cases?limit=200&q=${tag}`)).body.items.map((c: { id: string }) => c.id);
    expect(all).not.toContain(notShared);
    expect(all).not.toContain(hiddenCase);
    // Asking for another organisation's cases does not widen the view.
    const hotline = (await client(t.app, w.partner.token).get(`/api/v1/cases?organizationId=${w.hotline.id}&limit=200`)).body.items.map((c: { id: string }) => c.id);
    expect(hotline).not.toContain(notShared);
    expect(hotline).not.toContain(hiddenCase);
    for (const id of hotline) expect([viewShare, contributeShare, makerOwned]).toContain(id);
  });

  it("another partner sees none of it", async () => {
    const other = client(t.app, w.otherPartnerAgent.token);
    expect((await other.get(`/api/v1/cases?customerId=${cust}`)).body.items).toEqual([]);
    for (const id of [notShared, viewShare, contributeShare, makerOwned]) {
      expect((await other.get(`/api/v1/cases/${id}`)).status).toBe(404);
      expect((await other.get(`/api/v1/cases/${id}/events`)).status).toBe(404);
    }
    expect((await other.get(`/api/v1/customers/${cust}`)).status).toBe(404);
    expect((await other.get(`/api/v1/customers/${cust}/timeline`)).status).toBe(404);
    expect((await other.get(`/api/v1/customers?identity=phone:${mobile}`)).status).toBe(404);
    await expectRefused("partner", "GET", `/api/v1/customers/${hidden}`, undefined, 404);
  });

  it("a customer without a shared case is not found, by id, timeline or identity", async () => {
    const partner = client(t.app, w.partner.token);
    expect((await partner.get(`/api/v1/customers/${hidden}`)).status).toBe(404);
    expect((await partner.get(`/api/v1/customers/${hidden}/timeline`)).status).toBe(404);
    expect((await partner.get(`/api/v1/customers/${randomUUID()}`)).status).toBe(404);
    await expectRefused("partner", "POST", "/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: hidden }, caseId: hiddenCase, body: "x" }, 400);
  });

  it("the timeline shows only what comes from visible cases", async () => {
    const items = (await client(t.app, w.partner.token).get(`/api/v1/customers/${cust}/timeline?limit=200`)).body.items as { type: string; id: string; interaction?: { body: string }; event?: { caseId: string } }[];
    expect(items.length).toBeGreaterThan(0);
    const caseIds = new Set(items.map((i) => (i.type === "case" ? i.id : i.type === "case_event" ? i.event!.caseId : null)).filter(Boolean));
    expect(caseIds.has(notShared)).toBe(false);
    expect(caseIds.has(viewShare)).toBe(true);
    expect(JSON.stringify(items)).not.toContain(`secret call ${tag}`);
    expect(JSON.stringify(items)).not.toContain("internal note on the unshared case");
    const staff = (await client(t.app, w.agent.token).get(`/api/v1/customers/${cust}/timeline?limit=200`)).body.items;
    expect(JSON.stringify(staff)).toContain(`secret call ${tag}`);
  });

  it("identities are masked for a partner, and the national ID for everyone", async () => {
    const byPartner = (await client(t.app, w.partner.token).get(`/api/v1/customers/${cust}`)).body;
    const byAgent = (await client(t.app, w.agent.token).get(`/api/v1/customers/${cust}`)).body;
    const value = (c: { identities: { kind: string; value: string; masked: boolean }[] }, kind: string) => c.identities.find((i) => i.kind === kind)!;
    expect(value(byAgent, "phone")).toMatchObject({ value: `+86${mobile}`, masked: false });
    expect(value(byPartner, "phone")).toMatchObject({ value: `+86${mobile.slice(0, 3)}****${mobile.slice(-4)}`, masked: true });
    expect(value(byAgent, "email").value).toBe(email.toLowerCase());
    expect(value(byPartner, "email").value).toBe(`l***@example.com`);
    expect(value(byPartner, "member_id").value).not.toBe(`VIP${tag}`.toUpperCase());
    for (const c of [byAgent, byPartner]) {
      const nid = value(c, "national_id");
      expect(nid.masked).toBe(true);
      expect(nid.value).toBe(`${nationalId.slice(0, 4)}${"*".repeat(nationalId.length - 8)}${nationalId.slice(-4)}`);
    }
    expect(JSON.stringify(byPartner)).not.toContain(mobile);
    expect(JSON.stringify(byPartner)).not.toContain(nationalId);
    expect(JSON.stringify(byAgent)).not.toContain(nationalId);
    // The partner may look the customer up by phone (a shared case exists) and still sees it masked.
    const looked = await client(t.app, w.partner.token).get(`/api/v1/customers?identity=phone:${mobile}`);
    expect(looked.status).toBe(200);
    expect(JSON.stringify(looked.body)).not.toContain(mobile);
  });

  it("the national ID is never stored in clear", async () => {
    const rows = await t.db.query<{ value: string; display: string; j: string }>(
      `SELECT value, display, row_to_json(i)::text AS j FROM customer_identities i WHERE customer_id = $1 AND kind = 'national_id'`,
      [cust],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toMatch(/^h1:[0-9a-f]{64}$/);
    expect(rows[0]!.j).not.toContain(nationalId);
    expect(rows[0]!.j).not.toContain(nationalId.slice(4, 14));
    const anywhere = await t.db.query(
      `SELECT 1 FROM customer_identities i WHERE row_to_json(i)::text LIKE '%' || $1 || '%'
       UNION ALL SELECT 1 FROM customers c WHERE row_to_json(c)::text LIKE '%' || $1 || '%'
       UNION ALL SELECT 1 FROM outbox o WHERE o.payload::text LIKE '%' || $1 || '%'`,
      [nationalId],
    );
    expect(anywhere).toHaveLength(0);
    // Looking it up by the number still works, through the keyed hash.
    const found = await client(t.app, w.agent.token).get(`/api/v1/customers?identity=national_id:${nationalId.toLowerCase()}`);
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(cust);
  });
});
