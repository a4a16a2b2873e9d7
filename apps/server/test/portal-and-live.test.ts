import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, type TestApp, type World } from "./helper.js";
import { openStream, waitFor } from "./sse.js";

async function newCase(t: TestApp, w: World) {
  const agent = client(t.app, w.agent.token);
  const customer = await agent.post("/api/v1/customers", { name: "Portal Person", identities: [{ kind: "phone", value: randomMobile() }], locale: "en" });
  const kase = await agent.post("/api/v1/cases", { customerId: customer.body.id, kind: "incident", subject: "Remote control dead", channel: "phone" });
  expect(kase.status).toBe(201);
  return kase.body as { id: string; number: string; customerId: string };
}

describe("story: the customer follows and closes their case through the link", () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createWorld(t.db);
  });
  afterAll(() => t.close());

  it("the link opens only its case, shows status, owner's first name, next step and public messages, and 'I solved it myself' resolves it", async () => {
    const agent = client(t.app, w.agent.token);
    const kase = await newCase(t, w);
    expect((await agent.post(`/api/v1/cases/${kase.id}/assign`, { userId: w.agent.id })).status).toBe(200);
    expect((await agent.patch(`/api/v1/cases/${kase.id}`, { nextStep: "Try re-pairing the remote; we call if it fails." })).status).toBe(200);
    await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "Hold the setup key for five seconds." });
    await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "internal", body: "Internal: maker says firmware bug." });

    const link = await agent.post(`/api/v1/cases/${kase.id}/customer-link`, {});
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/\/portal\/#tcl_/);
    const customer = client(t.app, link.body.token);

    const view = await customer.get("/api/v1/portal/case");
    expect(view.status).toBe(200);
    expect(view.body.case).toMatchObject({ number: kase.number, status: "open", ownerFirstName: "agent", nextStep: "Try re-pairing the remote; we call if it fails." });
    expect(view.body.messages.map((m: { body: string }) => m.body)).toEqual(["Hold the setup key for five seconds."]);
    expect(JSON.stringify(view.body)).not.toContain("firmware");

    // The link is not a key to anything else.
    expect((await customer.get(`/api/v1/cases/${kase.id}`)).status).toBe(403);
    expect((await customer.get("/api/v1/cases")).status).toBe(403);
    expect((await customer.get(`/api/v1/customers/${kase.customerId}`)).status).toBe(403);

    const wrote = await customer.post("/api/v1/portal/case/messages", { body: "It worked after the second try!" });
    expect(wrote.status).toBe(201);
    expect(wrote.body.from).toBe("customer");

    const solved = await customer.post("/api/v1/portal/case/resolve", { note: "Re-paired it myself" });
    expect(solved.status).toBe(200);
    expect(solved.body.case.status).toBe("resolved");
    expect(solved.body.case.resolvedBy).toBe("customer");
    expect(solved.body.case.resolution).toBe("Re-paired it myself");

    const events = await agent.get(`/api/v1/cases/${kase.id}/events`);
    const resolved = events.body.items.find((e: { type: string }) => e.type === "case.resolved");
    expect(resolved.actor).toMatchObject({ type: "customer", id: kase.customerId });
    expect((await customer.post("/api/v1/portal/case/resolve", {})).body.error.code).toBe("invalid_transition");
  });

  it("refuses forged, altered and revoked links", async () => {
    const agent = client(t.app, w.agent.token);
    const kase = await newCase(t, w);
    const link = await agent.post(`/api/v1/cases/${kase.id}/customer-link`, { expiresInDays: 1 });
    const token: string = link.body.token;
    const altered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect((await client(t.app, altered).get("/api/v1/portal/case")).body.error.code).toBe("link_invalid");
    expect((await client(t.app, "tcl_garbage").get("/api/v1/portal/case")).status).toBe(401);
    expect((await client(t.app, token).get("/api/v1/portal/case")).status).toBe(200);
    expect((await agent.post(`/api/v1/customer-links/${link.body.id}/revoke`)).status).toBe(200);
    const after = await client(t.app, token).get("/api/v1/portal/case");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("link_revoked");
  });

  it("a partner agent cannot make links for cases not theirs", async () => {
    const kase = await newCase(t, w);
    expect((await client(t.app, w.partner.token).post(`/api/v1/cases/${kase.id}/customer-link`, {})).status).toBe(403);
  });
});

describe("live changes over server-sent events", () => {
  let t: TestApp;
  let w: World;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createWorld(t.db);
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => t.close());

  it("a case created and resolved through the API reaches an open stream; a partner hears only of shared cases", async () => {
    const staff = await openStream(base, w.supervisor.token);
    const partner = await openStream(base, w.partner.token);
    const agent = client(t.app, w.agent.token);
    const kase = await newCase(t, w);
    expect(await waitFor(() => staff.notes.some((n) => n.type === "case.created" && n.payload.caseId === kase.id))).toBe(true);
    await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Fixed" });
    expect(await waitFor(() => staff.notes.some((n) => n.type === "case.resolved" && n.payload.caseId === kase.id))).toBe(true);

    const shared = await newCase(t, w);
    await agent.post(`/api/v1/cases/${shared.id}/parties`, { organizationId: w.maker.id, access: "view" });
    expect(await waitFor(() => partner.notes.some((n) => n.type === "case.shared" && n.payload.caseId === shared.id))).toBe(true);
    expect(partner.notes.some((n) => n.payload.caseId === kase.id)).toBe(false);
    staff.close();
    partner.close();
  });

  it("refuses a stream without a token", async () => {
    const res = await fetch(`${base}/api/v1/stream`);
    expect(res.status).toBe(401);
  });

  // The audience written with each outbox event is what decides who hears of it on the stream.
  const outbox = (aggregateId: string) =>
    t.db.query<{ type: string; audience: { organizationIds?: string[]; customerCaseId?: string }; actor: { type: string; id: string } }>(
      `SELECT type, audience, actor FROM outbox WHERE aggregate_id = $1 ORDER BY seq`,
      [aggregateId],
    );

  it("a case's events name its owner, the organisations it is shared with, and its customer; a note to the parties leaves out the customer, an internal note is its writer's organisation's alone", async () => {
    const agent = client(t.app, w.agent.token);
    const customer = (await agent.post("/api/v1/customers", { name: "Audience Person", identities: [{ kind: "phone", value: randomMobile() }] })).body as { id: string };
    const kase = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "request", subject: "No picture", channel: "phone" })).body as { id: string };
    expect((await agent.post(`/api/v1/cases/${kase.id}/parties`, { organizationId: w.maker.id, access: "view" })).status).toBe(200);
    expect((await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "internal", body: "Between us" })).status).toBe(201);
    expect((await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "parties", body: "For the maker too" })).status).toBe(201);
    expect((await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "We are on it" })).status).toBe(201);

    const rows = await outbox(kase.id);
    expect(rows.map((r) => [r.type, r.audience])).toEqual([
      ["case.created", { organizationIds: [w.hotline.id], customerCaseId: kase.id }],
      ["case.shared", { organizationIds: [w.hotline.id, w.maker.id], customerCaseId: kase.id }],
      ["case.message_added", { organizationIds: [w.hotline.id], organizationsOnly: true }],
      ["case.message_added", { organizationIds: [w.hotline.id, w.maker.id] }],
      ["case.message_added", { organizationIds: [w.hotline.id, w.maker.id], customerCaseId: kase.id }],
    ]);
    // The actor comes from the command's context.
    expect(rows.every((r) => r.actor.type === "user" && r.actor.id === w.agent.id)).toBe(true);
  });

  it("a recorded contact is heard by staff alone", async () => {
    const agent = client(t.app, w.agent.token);
    const r = await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { identities: [{ kind: "phone", value: randomMobile() }] }, body: "Asked about the bill" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await outbox(r.body.id)).map((row) => [row.type, row.audience])).toEqual([["interaction.created", {}]]);
  });
});
