/**
 * The REST contract of API.md for cases, customers, interactions, organisations and users, and
 * the service routes (/healthz, /metrics, OpenAPI and its page).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, uniq, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let tag: string;
let agent: Client;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function newCustomer(name = `Customer ${uniq()}`) {
  const r = await agent.post("/api/v1/customers", { name: `${name} ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

async function newCase(customerId: string, extra: Record<string, unknown> = {}) {
  const r = await agent.post("/api/v1/cases", { customerId, kind: "complaint", subject: `Case ${tag}`, channel: "phone", ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
  agent = client(t.app, w.agent.token);
});
afterAll(() => t.close());

describe("cases", () => {
  it("create answers 201 with the documented shape", async () => {
    const customerId = await newCustomer();
    const r = await agent.post("/api/v1/cases", { customerId, kind: "incident", subject: `No signal ${tag}`, description: "Since Monday", channel: "chat", priority: "high", category: "signal" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: expect.any(String),
      number: expect.stringMatching(/^TD-\d+$/),
      status: "open",
      kind: "incident",
      priority: "high",
      category: "signal",
      subject: `No signal ${tag}`,
      description: "Since Monday",
      channel: "chat",
      customerId,
      owner: { organizationId: w.hotline.id, userId: w.agent.id },
      parties: [],
      commitments: [],
      // The default SLA policy (seeded on every install) gives every case a first response and a resolution deadline.
      milestones: [{ kind: "first_response", status: "active" }, { kind: "resolution", status: "active" }],
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
    });
    const got = await agent.get(`/api/v1/cases/${r.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);
    // Its first event and its outbox event were written with it; the outbox payload carries the number.
    const events = await agent.get(`/api/v1/cases/${r.body.id}/events`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(["case.created", "sla.policy_applied"]);
    const outbox = await t.db.query<{ payload: unknown }>(`SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = 'case.created'`, [r.body.id]);
    expect(outbox.map((o) => o.payload)).toEqual([
      { caseId: r.body.id, number: r.body.number, customerId, status: "open", ownerOrganizationId: w.hotline.id, ownerUserId: w.agent.id, partyOrganizationIds: [] },
    ]);
    // Defaults: normal priority, no category; another organisation may own it.
    const d = await newCase(customerId, { organizationId: w.billing.id });
    expect(d).toMatchObject({ priority: "normal", category: null, owner: { organizationId: w.billing.id, userId: null } });
    expect(d.number).not.toBe(r.body.number);
  });

  it("lists with every filter, each returning exactly the matching cases", async () => {
    const c1 = await newCustomer("Filter one");
    const c2 = await newCustomer("Filter two");
    const a = await newCase(c1, { priority: "urgent", kind: "incident", channel: "chat", subject: `Alpha router ${tag}` });
    const b = await newCase(c1, { priority: "low", kind: "question", channel: "email", organizationId: w.billing.id });
    const c = await newCase(c2, { priority: "high", kind: "request", channel: "phone" });
    await agent.post(`/api/v1/cases/${b.id}/assign`, { userId: w.billingAgent.id });
    await agent.post(`/api/v1/cases/${c.id}/parties`, { organizationId: w.billing.id, access: "view" });
    await agent.post(`/api/v1/cases/${c.id}/status`, { status: "waiting_on_party" });
    const ids = async (query: string) => ((await agent.get(`/api/v1/cases?limit=200&${query}`)).body.items as { id: string }[]).map((x) => x.id).sort();
    const mine = (xs: string[]) => xs.filter((x) => [a.id, b.id, c.id].includes(x));
    expect(await ids(`customerId=${c1}`)).toEqual([a.id, b.id].sort());
    expect(mine(await ids(`customerId=${c2}&status=waiting_on_party`))).toEqual([c.id]);
    expect(await ids(`customerId=${c2}&status=open`)).toEqual([]);
    expect(await ids(`customerId=${c1}&status=open,waiting_on_party`)).toEqual([a.id, b.id].sort());
    expect(await ids(`customerId=${c1}&priority=urgent`)).toEqual([a.id]);
    expect(await ids(`customerId=${c1}&priority=urgent,low`)).toEqual([a.id, b.id].sort());
    expect(await ids(`customerId=${c1}&kind=question`)).toEqual([b.id]);
    expect(await ids(`customerId=${c1}&channel=chat`)).toEqual([a.id]);
    expect(await ids(`customerId=${c1}&ownerId=${w.billingAgent.id}`)).toEqual([b.id]);
    expect(await ids(`customerId=${c1}&ownerId=${w.agent.id}`)).toEqual([a.id]);
    expect(await ids(`customerId=${c1}&ownerId=none`)).toEqual([]);
    // organizationId: owned by, or shared with, that organisation.
    expect(mine(await ids(`organizationId=${w.billing.id}`))).toEqual([b.id, c.id].sort());
    expect(mine(await ids(`organizationId=${w.hotline.id}`))).toEqual([a.id, c.id].sort());
    expect(await ids(`customerId=${c1}&atRisk=true`)).toEqual([]);
    // q: by number, or by words of the subject.
    expect(await ids(`q=${a.number.toLowerCase()}`)).toEqual([a.id]);
    expect(mine(await ids(`q=${encodeURIComponent(`alpha ROUTER ${tag}`)}`))).toEqual([a.id]);
    // sort
    const order = async (sort: string) => ((await agent.get(`/api/v1/cases?customerId=${c1}&sort=${sort}`)).body.items as { id: string }[]).map((x) => x.id);
    expect(await order("created_asc")).toEqual([a.id, b.id]);
    expect(await order("created_desc")).toEqual([b.id, a.id]);
    expect(await order("priority")).toEqual([a.id, b.id]);
    expect(await order("updated_desc")).toEqual([b.id, a.id]);
    expect(await order("updated_asc")).toEqual([a.id, b.id]);
  });

  it("pages with a cursor in every sort order without duplicates or losses", async () => {
    const customerId = await newCustomer("Paging");
    const made: string[] = [];
    const priorities = ["low", "normal", "high", "urgent"];
    for (let i = 0; i < 13; i++) made.push((await newCase(customerId, { priority: priorities[i % 4], subject: `Page ${i} ${tag}` })).id);
    for (const sort of ["updated_desc", "updated_asc", "created_desc", "created_asc", "priority"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await agent.get(
          `/api/v1/cases?customerId=${customerId}&sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(r.status).toBe(200);
        expect(r.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...r.body.items.map((x) => x.id));
        cursor = r.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages, sort).toBe(4);
      expect(new Set(seen).size, sort).toBe(13);
      expect([...seen].sort(), sort).toEqual([...made].sort());
      const unpaged = (await agent.get(`/api/v1/cases?customerId=${customerId}&sort=${sort}&limit=200`)).body.items.map((x: { id: string }) => x.id);
      expect(seen, sort).toEqual(unpaged);
    }
  });

  it("messages, assignment, sharing, status changes, resolve and reopen, each recorded as an event with its actor", async () => {
    const customerId = await newCustomer();
    const kase = await newCase(customerId);
    const pub = await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "We are on it" });
    expect(pub.status).toBe(201);
    expect(pub.body).toMatchObject({ id: expect.any(String), caseId: kase.id, visibility: "public", body: "We are on it", author: { type: "user", id: w.agent.id }, createdAt: expect.stringMatching(ISO) });
    const internal = await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "internal", body: "Check the line" });
    expect(internal.body.visibility).toBe("internal");
    // To a user of another organisation the case goes by a handoff with a note (assign would be 409 handoff_required).
    const assigned = await client(t.app, w.supervisor.token).post(`/api/v1/cases/${kase.id}/handoff`, { userId: w.billingAgent.id, note: "Billing owns the refund" });
    expect(assigned.status).toBe(200);
    expect(assigned.body.owner).toMatchObject({ organizationId: w.billing.id, userId: w.billingAgent.id });
    const shared = await agent.post(`/api/v1/cases/${kase.id}/parties`, { organizationId: w.maker.id, access: "contribute" });
    expect(shared.status).toBe(200);
    expect(shared.body.parties).toEqual([expect.objectContaining({ organizationId: w.hotline.id, access: "contribute" }), expect.objectContaining({ organizationId: w.maker.id, access: "contribute", kind: "partner" })]);
    const waiting = await agent.post(`/api/v1/cases/${kase.id}/status`, { status: "waiting_on_customer", note: "asked for the serial" });
    expect(waiting.status).toBe(200);
    expect(waiting.body.status).toBe("waiting_on_customer");
    expect((await agent.post(`/api/v1/cases/${kase.id}/status`, { status: "open" })).body.status).toBe("open");
    const resolved = await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Replaced the cable" });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: "resolved", resolution: "Replaced the cable", resolvedBy: "agent", resolvedAt: expect.stringMatching(ISO) });
    const reopened = await agent.post(`/api/v1/cases/${kase.id}/reopen`, { reason: "Still no signal" });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: "open", resolution: null, resolvedAt: null });
    await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Fixed for real", resolvedBy: "customer" });
    const closed = await agent.post(`/api/v1/cases/${kase.id}/status`, { status: "closed" });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("closed");

    const events = await agent.get(`/api/v1/cases/${kase.id}/events`);
    expect(events.status).toBe(200);
    const all = events.body.items as { id: string; type: string; actor: { type: string; id: string; name: string }; at: string; data: Record<string, unknown> }[];
    // A complaint is acknowledged at once by a public message from the system (delivery.test.ts), and the
    // deadlines' own events (the policy applied) are Tandem's too; the rest is people's work.
    expect(all.filter((e) => e.type.startsWith("sla.")).map((e) => [e.type, e.actor.type])).toEqual([["sla.policy_applied", "system"]]);
    expect(all.filter((e) => e.type === "message.added" && e.actor.type === "system")).toEqual([expect.objectContaining({ data: expect.objectContaining({ visibility: "public" }) })]);
    const items = all.filter((e) => e.actor.type !== "system");
    for (const e of items) {
      expect(Object.keys(e).sort()).toEqual(["actor", "at", "data", "id", "type"]);
      expect(e.at).toMatch(ISO);
      expect(e.actor.type).toBe("user");
    }
    expect(items.map((e) => e.type)).toEqual([
      "case.created",
      "message.added",
      "message.added",
      "case.handed_off",
      "party.added",
      "case.status_changed",
      "case.status_changed",
      "case.resolved",
      "case.reopened",
      "case.resolved",
      "case.closed",
    ]);
    const times = items.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    expect(items[0]!.actor).toEqual({ type: "user", id: w.agent.id, name: "agent" });
    expect(items[3]!.actor).toEqual({ type: "user", id: w.supervisor.id, name: "supervisor" });
    expect(items[3]!.data).toMatchObject({ toUserId: w.billingAgent.id });
    expect(items[5]!.data).toMatchObject({ from: "open", to: "waiting_on_customer", note: "asked for the serial" });
    expect(items[8]!.data).toMatchObject({ from: "resolved", to: "open", reason: "Still no signal" });
    expect(items[9]!.data).toMatchObject({ resolvedBy: "customer" });
    // Events page oldest first too.
    const first = await agent.get(`/api/v1/cases/${kase.id}/events?limit=5`);
    const rest = await agent.get(`/api/v1/cases/${kase.id}/events?limit=50&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...rest.body.items].map((e: { id: string }) => e.id)).toEqual(all.map((e) => e.id));
  });

  it("every forbidden transition is 409 invalid_transition and changes nothing", async () => {
    const customerId = await newCustomer();
    const forbidden: [string, string, Record<string, unknown>][] = [];
    // [state to bring the case into, action, body]
    const plans: Record<string, [string, string, unknown][]> = {
      open: [["reopen", "reopen", { reason: "x" }], ["status", "open", { status: "open" }], ["status", "closed", { status: "closed" }]],
      waiting_on_customer: [["status", "same", { status: "waiting_on_customer" }], ["status", "closed", { status: "closed" }], ["reopen", "reopen", { reason: "x" }]],
      waiting_on_party: [["status", "same", { status: "waiting_on_party" }], ["status", "closed", { status: "closed" }], ["reopen", "reopen", { reason: "x" }]],
      resolved: [["resolve", "again", { resolution: "x" }], ["status", "waiting", { status: "waiting_on_customer" }], ["status", "party", { status: "waiting_on_party" }]],
      closed: [["resolve", "resolve", { resolution: "x" }], ["reopen", "reopen", { reason: "x" }], ["status", "open", { status: "open" }], ["status", "waiting", { status: "waiting_on_party" }], ["status", "closed", { status: "closed" }]],
    };
    const bring = async (id: string, state: string) => {
      if (state === "waiting_on_customer" || state === "waiting_on_party") await agent.post(`/api/v1/cases/${id}/status`, { status: state });
      if (state === "resolved" || state === "closed") await agent.post(`/api/v1/cases/${id}/resolve`, { resolution: "done" });
      if (state === "closed") await agent.post(`/api/v1/cases/${id}/status`, { status: "closed" });
      expect((await agent.get(`/api/v1/cases/${id}`)).body.status).toBe(state);
    };
    for (const [state, actions] of Object.entries(plans)) {
      const kase = await newCase(customerId);
      await bring(kase.id, state);
      const beforeCase = (await agent.get(`/api/v1/cases/${kase.id}`)).body;
      const beforeEvents = (await agent.get(`/api/v1/cases/${kase.id}/events`)).body.items.length;
      for (const [action, label, body] of actions) {
        const before = await snapshot(t.db, tag);
        const r = await agent.post(`/api/v1/cases/${kase.id}/${action}`, body);
        expect(r.status, `${state} ${action} ${label}`).toBe(409);
        expect(r.body.error.code).toBe("invalid_transition");
        expect(r.body.error.details[0]).toMatchObject({ from: state });
        expect(changed(before, await snapshot(t.db, tag)), `${state} ${action} wrote`).toEqual([]);
        forbidden.push([state, action, body as Record<string, unknown>]);
      }
      expect((await agent.get(`/api/v1/cases/${kase.id}`)).body).toEqual(beforeCase);
      expect((await agent.get(`/api/v1/cases/${kase.id}/events`)).body.items).toHaveLength(beforeEvents);
    }
    expect(forbidden.length).toBe(17);
    // A closed case takes no messages and no new owner either.
    const closed = await newCase(customerId);
    await bring(closed.id, "closed");
    expect((await agent.post(`/api/v1/cases/${closed.id}/messages`, { visibility: "public", body: "hello?" })).body.error.code).toBe("case_closed");
    expect((await agent.post(`/api/v1/cases/${closed.id}/assign`, { userId: w.agent.id })).status).toBe(409);
  });
});

describe("Idempotency-Key", () => {
  it("the same key and body return the first answer, marked as replayed, and create nothing new", async () => {
    const customerId = await newCustomer();
    const key = `create-${uniq()}`;
    const body = { customerId, kind: "request", subject: `Idempotent ${tag}`, channel: "web" };
    const first = await agent.post("/api/v1/cases", body, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    const before = await snapshot(t.db, tag);
    const again = await agent.post("/api/v1/cases", body, { "idempotency-key": key });
    expect(again.status).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    const [n] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE customer_id = $1`, [customerId]);
    expect(n!.n).toBe(1);
    // The same key with a different body is refused and does nothing.
    const reused = await agent.post("/api/v1/cases", { ...body, subject: `Different ${tag}` }, { "idempotency-key": key });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    // Keys belong to their caller: another user's same key is a new request.
    const other = await client(t.app, w.supervisor.token).post("/api/v1/cases", body, { "idempotency-key": key });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it("works on actions too, and a refused first attempt leaves the key free", async () => {
    const customerId = await newCustomer();
    const kase = await newCase(customerId);
    const key = `msg-${uniq()}`;
    const m1 = await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "once" }, { "idempotency-key": key });
    const m2 = await agent.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "once" }, { "idempotency-key": key });
    expect(m2.body.id).toBe(m1.body.id);
    const events = (await agent.get(`/api/v1/cases/${kase.id}/events`)).body.items.filter((e: { type: string; actor: { type: string } }) => e.type === "message.added" && e.actor.type === "user");
    expect(events).toHaveLength(1);
    const rkey = `resolve-${uniq()}`;
    const closedKase = await newCase(customerId);
    const r1 = await agent.post(`/api/v1/cases/${closedKase.id}/reopen`, { reason: "x" }, { "idempotency-key": rkey });
    expect(r1.status).toBe(409);
    const r2 = await agent.post(`/api/v1/cases/${closedKase.id}/resolve`, { resolution: "ok" }, { "idempotency-key": rkey });
    expect(r2.status).toBe(200);
  });
});

describe("customers", () => {
  it("create answers 201 with normalised identities; a taken identity is 409 naming the holder", async () => {
    const mobile = randomMobile();
    const mail = `Mei.${tag}@Example.CN`;
    const r = await agent.post("/api/v1/customers", { name: `韩梅梅 ${tag}`, identities: [{ kind: "phone", value: mobile }, { kind: "email", value: mail }], locale: "zh-CN", preferredChannel: "chat" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), name: `韩梅梅 ${tag}`, locale: "zh-CN", preferredChannel: "chat", createdAt: expect.stringMatching(ISO) });
    const byKind = (xs: { kind: string }[]) => [...xs].sort((a, b) => a.kind.localeCompare(b.kind));
    expect(byKind(r.body.identities)).toEqual([
      { id: expect.any(String), kind: "email", value: mail.toLowerCase(), masked: false },
      { id: expect.any(String), kind: "phone", value: `+86${mobile}`, masked: false },
    ]);
    const before = await snapshot(t.db, tag);
    const taken = await agent.post("/api/v1/customers", { name: `Other ${tag}`, identities: [{ kind: "member_id", value: `NEW${uniq()}` }, { kind: "phone", value: `+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}` }] });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("identity_taken");
    expect(taken.body.error.details).toEqual([{ kind: "phone", customerId: r.body.id }]);
    expect(taken.body.error.message).toContain(r.body.id);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    const got = await agent.get(`/api/v1/customers/${r.body.id}`);
    expect(got.status).toBe(200);
    expect({ ...got.body, identities: byKind(got.body.identities) }).toEqual({ ...r.body, identities: byKind(r.body.identities) });
  });

  it("is found by identity however the phone or e-mail is written", async () => {
    const mobile = randomMobile();
    const mail = `case.${tag}@example.org`;
    const id = (await agent.post("/api/v1/customers", { name: `Lookup ${tag}`, identities: [{ kind: "phone", value: mobile }, { kind: "email", value: mail }] })).body.id;
    const forms = [
      mobile,
      `+86${mobile}`,
      `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`,
      `0086${mobile}`,
      `86${mobile}`,
      `${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`,
      `(${mobile.slice(0, 3)}) ${mobile.slice(3)}`,
      `＋８６${mobile.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}`,
    ];
    for (const form of forms) {
      const r = await agent.get(`/api/v1/customers?identity=${encodeURIComponent(`phone:${form}`)}`);
      expect(r.status, form).toBe(200);
      expect(r.body.id, form).toBe(id);
    }
    for (const form of [mail.toUpperCase(), ` ${mail} `, "Case." + mail.slice(5)]) {
      const r = await agent.get(`/api/v1/customers?identity=${encodeURIComponent(`email:${form}`)}`);
      expect(r.status, form).toBe(200);
      expect(r.body.id).toBe(id);
    }
    const missing = await agent.get(`/api/v1/customers?identity=phone:${randomMobile()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });

  it("search with ?q= finds by name and by any identity", async () => {
    const mobile = randomMobile();
    const name = `Zhang Searchable ${tag}`;
    const id = (await agent.post("/api/v1/customers", { name, identities: [{ kind: "phone", value: mobile }] })).body.id;
    const byName = await agent.get(`/api/v1/customers?q=${encodeURIComponent(`searchable ${tag}`)}`);
    expect(byName.status).toBe(200);
    expect(byName.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(byName.body.nextCursor).toBeNull();
    const byPhone = await agent.get(`/api/v1/customers?q=${encodeURIComponent(`+86 ${mobile}`)}`);
    expect(byPhone.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const none = await agent.get(`/api/v1/customers?q=nobody-${uniq()}`);
    expect(none.body.items).toEqual([]);
  });
});

describe("interactions", () => {
  it("find the customer by any identity, add the new ones, or create the customer", async () => {
    const mobile = randomMobile();
    const member = `M${uniq()}`.toUpperCase();
    const first = await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { identities: [{ kind: "phone", value: mobile }], name: `Caller ${tag}` }, body: "first call" });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.any(String), customerId: expect.any(String), channel: "phone", direction: "inbound", organizationId: w.agent.organizationId, caseId: null, body: "first call", customerCreated: true, occurredAt: expect.stringMatching(ISO) });
    const second = await agent.post("/api/v1/interactions", { channel: "email", direction: "inbound", customer: { identities: [{ kind: "member_id", value: member }, { kind: "phone", value: `0086 ${mobile}` }] }, body: "an e-mail" });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ customerId: first.body.customerId, customerCreated: false });
    const byMember = await agent.get(`/api/v1/customers?identity=member_id:${member.toLowerCase()}`);
    expect(byMember.body.id).toBe(first.body.customerId);
    const at = "2026-01-02T10:00:00+08:00";
    const dated = await agent.post("/api/v1/interactions", { channel: "visit", direction: "inbound", customer: { id: first.body.customerId }, organizationId: w.billing.id, body: "at the shop", occurredAt: at });
    expect(dated.status).toBe(201);
    expect(dated.body.occurredAt).toBe("2026-01-02T02:00:00.000Z");
    expect(dated.body.organizationId).toBe(w.billing.id);
  });

  it("on a case of another customer is 422 case_customer_mismatch and writes nothing", async () => {
    const mine = await newCustomer();
    const theirs = await newCustomer();
    const theirCase = await newCase(theirs);
    const before = await snapshot(t.db, tag);
    const r = await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: mine }, caseId: theirCase.id, body: "wrong case" });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("case_customer_mismatch");
    const fresh = await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { identities: [{ kind: "phone", value: randomMobile() }], name: `Fresh ${tag}` }, caseId: theirCase.id, body: "new caller, wrong case" });
    expect(fresh.status).toBe(422);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    const ok = await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: theirs }, caseId: theirCase.id, body: "right case" });
    expect(ok.status).toBe(201);
    expect(ok.body.caseId).toBe(theirCase.id);
  });
});

describe("organizations and users", () => {
  it("an admin creates and lists them", async () => {
    const admin = client(t.app, w.admin.token);
    const org = await admin.post("/api/v1/organizations", { name: `Field service ${tag}`, kind: "partner" });
    expect(org.status).toBe(201);
    expect(org.body).toEqual({ id: expect.any(String), name: `Field service ${tag}`, kind: "partner", createdAt: expect.stringMatching(ISO) });
    const orgs = await admin.get("/api/v1/organizations");
    expect(orgs.body.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([org.body.id, w.hotline.id, w.maker.id]));
    expect(orgs.body.nextCursor).toBeNull();
    const email = `Tech.${tag}@Test.Tandem.Local`;
    const user = await admin.post("/api/v1/users", { email, name: `Tech ${tag}`, password: "long enough pw", role: "partner_agent", organizationId: org.body.id, locale: "en" });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ id: expect.any(String), email: email.toLowerCase(), role: "partner_agent", organizationId: org.body.id, locale: "en", active: true });
    expect(user.body).not.toHaveProperty("password");
    const dup = await admin.post("/api/v1/users", { email, name: "Again", password: "long enough pw", role: "partner_agent", organizationId: org.body.id });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("email_taken");
    const list = await admin.get(`/api/v1/users?organizationId=${org.body.id}`);
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([user.body.id]);
    // Users page by name without losses.
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await admin.get(`/api/v1/users?organizationId=${w.hotline.id}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      all.push(...page.body.items.map((u) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all.sort()).toEqual([w.admin.id, w.supervisor.id, w.agent.id].sort());
  });
});

describe("service routes", () => {
  it("GET /healthz answers ok without auth", async () => {
    const r = await client(t.app).get("/healthz");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "ok" });
  });

  it("GET /metrics answers Prometheus text", async () => {
    await agent.get("/api/v1/cases?limit=1");
    const r = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/plain/);
    expect(r.body).toMatch(/^# HELP tandem_http_requests_total /m);
    expect(r.body).toMatch(/^# TYPE tandem_http_requests_total counter$/m);
    expect(r.body).toMatch(/^tandem_http_requests_total\{method="GET",route="\/api\/v1\/cases",status="200"\} \d+$/m);
    const count = (body: string) => Number(/^tandem_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/cases"\} (\d+)$/m.exec(body)?.[1]);
    await agent.get("/api/v1/cases?limit=1");
    const again = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(count(again.body)).toBe(count(r.body) + 1);
    for (const line of r.body.trim().split("\n")) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? [-+.\deE]+)$/);
  });

  it("GET /api/v1/openapi.json is an OpenAPI 3 document listing the routes", async () => {
    const r = await client(t.app).get("/api/v1/openapi.json");
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const expected: [string, string][] = [
      ["/api/v1/auth/login", "post"],
      ["/api/v1/auth/me", "get"],
      ["/api/v1/users", "post"],
      ["/api/v1/users", "get"],
      ["/api/v1/tokens", "post"],
      ["/api/v1/organizations", "post"],
      ["/api/v1/customers", "post"],
      ["/api/v1/customers", "get"],
      ["/api/v1/customers/{id}", "get"],
      ["/api/v1/customers/{id}/timeline", "get"],
      ["/api/v1/interactions", "post"],
      ["/api/v1/cases", "post"],
      ["/api/v1/cases", "get"],
      ["/api/v1/cases/{id}", "get"],
      ["/api/v1/cases/{id}/events", "get"],
      ["/api/v1/cases/{id}/messages", "post"],
      ["/api/v1/cases/{id}/assign", "post"],
      ["/api/v1/cases/{id}/parties", "post"],
      ["/api/v1/cases/{id}/resolve", "post"],
      ["/api/v1/cases/{id}/reopen", "post"],
      ["/api/v1/cases/{id}/status", "post"],
    ];
    for (const [path, method] of expected) expect(doc.paths?.[path]?.[method], `${method} ${path}`).toBeDefined();
    // The request schemas come from the zod contracts.
    const create = doc.paths["/api/v1/cases"].post.requestBody.content["application/json"].schema;
    expect(create.required).toEqual(expect.arrayContaining(["customerId", "kind", "subject", "channel"]));
    expect(create.properties.kind.enum).toEqual(["complaint", "request", "incident", "question"]);
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      expect(path.startsWith("/")).toBe(true);
      for (const m of Object.keys(methods)) expect(["get", "post", "patch", "put", "delete", "parameters"]).toContain(m);
    }
  });

  it("GET /api/docs is a browsable HTML page", async () => {
    let r = await t.app.inject({ method: "GET", url: "/api/docs" });
    if (r.statusCode >= 300 && r.statusCode < 400) r = await t.app.inject({ method: "GET", url: new URL(String(r.headers.location), "http://x/api/docs").pathname });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/text\/html/);
    expect(r.body).toMatch(/<html/i);
    expect(r.body.toLowerCase()).toContain("swagger");
  });

  it("an unknown route is a 404 with the error shape", async () => {
    const r = await agent.get("/api/v1/nothing-here");
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: "not_found", message: expect.any(String), details: [] } });
  });
});
