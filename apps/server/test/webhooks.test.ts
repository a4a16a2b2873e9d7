/**
 * Webhooks fed by the outbox relay, against a local HTTP receiver this file starts: a signed
 * `case.resolved` delivery checked with the secret; the same event id on every attempt; a
 * receiver that fails twice then succeeds; redelivery; a webhook that keeps failing is paused and
 * its owner told, and resumes; a partner's webhook hears only of cases shared with it, may not
 * reach private addresses (at registration and at connection), and no one sees another
 * organisation's webhooks. Time is a stepped clock; the relay and the scheduler are driven batch
 * by batch — no timed assertions.
 */
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addWebhookDelivery, LOOP_HEADER, webhookSubscriber } from "../src/modules/webhooks/index.js";
import { sealSecret } from "../src/modules/webhooks/domain/signing.js";
import { DueWorkHandlers, Scheduler } from "../src/platform/due/index.js";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { OutboxRelay } from "../src/platform/outbox/relay.js";
import { OutboxSubscribers } from "../src/platform/outbox/subscribers.js";
import { client, createTestApp, createWorld, randomMobile, TEST_SECRET, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

const START = new Date("2041-06-01T08:00:00.000Z");
const HOUR = 3_600_000;
let now = START;
const clock = () => now;
const step = (ms: number) => (now = new Date(now.getTime() + ms));

let t: TestApp;
let w: World;
let tag: string;
let admin: Client;
let agent: Client;
let partner: Client;
let otherPartner: Client;
let relay: OutboxRelay;
let scheduler: Scheduler;

/** What the receiver got, and what it answers next (by path; 200 when nothing is queued). */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let received: Received[] = [];
const answers = new Map<string, number[]>();
let receiver: http.Server;
let base: string;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answers.get(path)?.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  t = await createTestApp({ ownDatabase: true, clock });
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
  admin = client(t.app, w.admin.token);
  agent = client(t.app, w.agent.token);
  partner = client(t.app, w.partner.token);
  otherPartner = client(t.app, w.otherPartnerAgent.token);

  const subscribers = new OutboxSubscribers();
  subscribers.add("webhooks", webhookSubscriber(clock));
  relay = new OutboxRelay({ db: t.db, subscribers, log: createLogger("silent"), now: clock, metrics: new Metrics() });
  const handlers = new DueWorkHandlers();
  addWebhookDelivery(handlers, { serverSecret: TEST_SECRET, timeoutMs: 5000, installId: "test-install", random: () => 0.5 });
  scheduler = new Scheduler({ db: t.db, handlers, log: createLogger("silent"), now: clock, metrics: new Metrics() });
});

afterAll(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(async () => {
  await relayAll();
  await t.db.query(`DELETE FROM webhooks`);
  await t.db.query(`DELETE FROM due_work`);
  received = [];
  answers.clear();
});

/** Hands every committed event to the webhooks subscriber. */
async function relayAll(): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await relay.relayBatch()).claimed === 0) return;
  throw new Error("the outbox did not drain");
}

/** Relays, then runs the due deliveries (each attempt in its own batch). */
async function deliver(): Promise<void> {
  await relayAll();
  for (let i = 0; i < 100; i++) if ((await scheduler.runDue()).claimed === 0) return;
  throw new Error("due work did not drain");
}

async function hook(as: Client, path: string, events = ["case.resolved"], secret = `secret-${tag}-0123456789`) {
  const r = await as.post("/api/v1/webhooks", { url: `${base}${path}`, events, secret });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as string, secret };
}

async function newCase(subject = `Set-top box freezes ${tag}`) {
  const customer = await agent.post("/api/v1/customers", { name: `Webhook customer ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] });
  const kase = await agent.post("/api/v1/cases", { customerId: customer.body.id, kind: "complaint", subject, channel: "phone" });
  expect(kase.status).toBe(201);
  return kase.body as { id: string; number: string };
}

async function resolve(caseId: string) {
  expect((await agent.post(`/api/v1/cases/${caseId}/resolve`, { resolution: "Customer fixed it himself" })).status).toBe(200);
}

const deliveries = async (as: Client, hookId: string) => (await as.get(`/api/v1/webhooks/${hookId}/deliveries?limit=200`)).body.items as any[];
const sign = (body: string, secret: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("delivery", () => {
  it("a resolved case reaches the receiver signed with the secret, with its event id, once", async () => {
    const { id, secret } = await hook(admin, "/signed");
    const kase = await newCase();
    await resolve(kase.id);
    await deliver();

    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.headers["x-tandem-signature"]).toBe(sign(got.body, secret));
    expect(got.headers["user-agent"]).toBe("Tandem-Webhooks");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers[LOOP_HEADER]).toBe("test-install");
    const body = JSON.parse(got.body);
    expect(body).toEqual({ id: expect.any(String), type: "case.resolved", occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/), data: expect.objectContaining({ caseId: kase.id, status: "resolved" }) });
    expect(got.headers["x-tandem-event-id"]).toBe(body.id);
    const [outboxRow] = await t.db.query<{ type: string }>(`SELECT type FROM outbox WHERE id = $1`, [body.id]);
    expect(outboxRow!.type).toBe("case.resolved");

    const log = await deliveries(admin, id);
    expect(log).toEqual([expect.objectContaining({ eventId: body.id, eventType: "case.resolved", status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null, deliveredAt: now.toISOString() })]);

    // Nothing more to send: relaying and running again delivers nothing twice.
    await deliver();
    expect(received).toHaveLength(1);
  });

  it("the secret is shown once, at registration, and stored sealed: never in answers, the audit log or the row", async () => {
    const secret = `very-secret-${tag}-abcdef`;
    const created = await admin.post("/api/v1/webhooks", { url: `${base}/secret`, events: ["case.created"], secret });
    expect(created.body.secret).toBe(secret);
    const generated = await admin.post("/api/v1/webhooks", { url: `${base}/generated`, events: ["case.created"] });
    expect(generated.body.secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await admin.get(`/api/v1/webhooks/${created.body.id}`)).body)).not.toContain(secret);
    expect(JSON.stringify((await admin.get(`/api/v1/webhooks`)).body)).not.toContain(secret);
    const [row] = await t.db.query<{ secret_sealed: string }>(`SELECT secret_sealed FROM webhooks WHERE id = $1`, [created.body.id]);
    expect(row!.secret_sealed).not.toContain(secret);
    const audit = await admin.get(`/api/v1/audit?limit=200&action=webhook.created`);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit.body)).not.toContain(secret);
    expect(JSON.stringify(audit.body)).not.toContain(generated.body.secret);
  });

  it("a receiver that fails twice, then succeeds: three attempts with the same event id and body, then delivered", async () => {
    const { id, secret } = await hook(admin, "/flaky");
    answers.set("/flaky", [500, 503]);
    const kase = await newCase();
    await resolve(kase.id);

    await deliver();
    let [d] = await deliveries(admin, id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
    expect(new Date(d.nextAttemptAt).getTime()).toBeGreaterThan(now.getTime());

    // Not yet due: nothing is sent.
    await deliver();
    expect(received).toHaveLength(1);

    step(HOUR);
    await deliver();
    [d] = await deliveries(admin, id);
    expect(d).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 503 });

    step(HOUR);
    await deliver();
    [d] = await deliveries(admin, id);
    expect(d).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200, nextAttemptAt: null, deliveredAt: now.toISOString() });

    expect(received.map((r) => r.path)).toEqual(["/flaky", "/flaky", "/flaky"]);
    expect(new Set(received.map((r) => r.headers["x-tandem-event-id"])).size).toBe(1);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    for (const r of received) expect(r.headers["x-tandem-signature"]).toBe(sign(r.body, secret));
    const [hookRow] = await t.db.query<{ failed_attempts: number }>(`SELECT failed_attempts FROM webhooks WHERE id = $1`, [id]);
    expect(hookRow!.failed_attempts).toBe(0);
  });

  it("an admin redelivers a delivered event: the same event id goes out again", async () => {
    const { id } = await hook(admin, "/again");
    await resolve((await newCase()).id);
    await deliver();
    const [d] = await deliveries(admin, id);

    step(HOUR);
    const r = await admin.post(`/api/v1/webhooks/${id}/deliveries/${d.id}/redeliver`);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ id: d.id, status: "pending", deliveredAt: null });
    await deliver();
    expect(received).toHaveLength(2);
    expect(received[1]!.headers["x-tandem-event-id"]).toBe(d.eventId);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect((await deliveries(admin, id))[0]).toMatchObject({ status: "delivered", attempts: 2, deliveredAt: now.toISOString() });
  });

  it("only subscribed event types are delivered; `*` hears of every one", async () => {
    const resolvedOnly = await hook(admin, "/resolved-only", ["case.resolved"]);
    const everything = await hook(admin, "/everything", ["*"]);
    await newCase();
    await deliver();
    expect(await deliveries(admin, resolvedOnly.id)).toEqual([]);
    expect((await deliveries(admin, everything.id)).map((d) => d.eventType)).toContain("case.created");
    expect(received.every((r) => r.path === "/everything")).toBe(true);
  });
});

describe("a webhook that keeps failing", () => {
  it("is paused, its admins are told, new events wait for nothing; resumed, its waiting deliveries go out", async () => {
    const { id } = await hook(admin, "/down");
    answers.set("/down", Array.from({ length: 100 }, () => 500));
    const kase = await newCase();
    await resolve(kase.id);

    let hours = 0;
    for (; hours < 30; hours++) {
      await deliver();
      if (!(await admin.get(`/api/v1/webhooks/${id}`)).body.active) break;
      step(HOUR);
    }
    const paused = (await admin.get(`/api/v1/webhooks/${id}`)).body;
    expect(paused).toMatchObject({ active: false, pausedReason: "failing", pausedAt: now.toISOString() });
    // Paused after 10 failed attempts over at least 6 hours: not at the first failures.
    expect(hours).toBeGreaterThanOrEqual(6);
    expect(received.length).toBeGreaterThanOrEqual(10);
    const [d] = await deliveries(admin, id);
    expect(d).toMatchObject({ status: "pending", nextAttemptAt: null });

    const told = (await admin.get(`/api/v1/notifications?limit=200`)).body.items.filter((n: any) => n.kind === "webhook.paused");
    expect(told).toEqual([expect.objectContaining({ subject: expect.objectContaining({ type: "webhook", id }), data: expect.objectContaining({ url: `${base}/down` }) })]);
    expect((await agent.get(`/api/v1/notifications?limit=200`)).body.items.filter((n: any) => n.kind === "webhook.paused")).toEqual([]);
    expect((await partner.get(`/api/v1/notifications?limit=200`)).body.items.filter((n: any) => n.kind === "webhook.paused")).toEqual([]);

    // While paused: no attempts, no redelivery, and new events make no deliveries.
    const sent = received.length;
    step(HOUR);
    await resolve((await newCase()).id);
    await deliver();
    expect(received.length).toBe(sent);
    expect(await deliveries(admin, id)).toHaveLength(1);
    expect((await admin.post(`/api/v1/webhooks/${id}/deliveries/${d.id}/redeliver`)).body.error.code).toBe("webhook_paused");

    // Fixed and resumed: what waited goes out.
    answers.delete("/down");
    const resumed = await admin.patch(`/api/v1/webhooks/${id}`, { active: true });
    expect(resumed.body).toMatchObject({ active: true, pausedReason: null, pausedAt: null });
    await deliver();
    expect((await deliveries(admin, id))[0]).toMatchObject({ status: "delivered", lastStatusCode: 200 });

    const actions = (await admin.get(`/api/v1/audit?limit=200&subjectType=webhook`)).body.items.filter((e: any) => e.subject?.id === id || e.subjectId === id).map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["webhook.created", "webhook.paused", "webhook.resumed"]));
  });

  it("a partner's webhook whose host resolves to loopback at delivery time is refused at connection, paused, and the partner's users told", async () => {
    // Registered when the name pointed elsewhere (written directly: the API would refuse it now).
    const hookId = randomUUID();
    await t.db.query(
      `INSERT INTO webhooks (id, organization_id, url, events, secret_sealed, created_at, updated_at) VALUES ($1, $2, $3, ARRAY['case.resolved'], $4, $5, $5)`,
      [hookId, w.maker.id, `https://localhost:${new URL(base).port}/rebound`, sealSecret(`maker-secret-${tag}`, TEST_SECRET), now],
    );

    const kase = await newCase();
    expect((await agent.post(`/api/v1/cases/${kase.id}/parties`, { organizationId: w.maker.id, access: "contribute" })).status).toBe(200);
    await resolve(kase.id);
    for (let hours = 0; hours < 30; hours++) {
      await deliver();
      const [row] = await t.db.query<{ active: boolean }>(`SELECT active FROM webhooks WHERE id = $1`, [hookId]);
      if (!row!.active) break;
      step(HOUR);
    }
    expect(received.filter((r) => r.path === "/rebound")).toEqual([]);
    const [d] = await deliveries(partner, hookId);
    expect(d.lastError).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address: refused/);
    expect((await partner.get(`/api/v1/webhooks/${hookId}`)).body).toMatchObject({ active: false, pausedReason: "failing" });
    const told = (await partner.get(`/api/v1/notifications?limit=200`)).body.items.filter((n: any) => n.kind === "webhook.paused");
    expect(told).toEqual([expect.objectContaining({ subject: expect.objectContaining({ id: hookId }) })]);
    expect((await admin.get(`/api/v1/notifications?limit=200`)).body.items.filter((n: any) => n.kind === "webhook.paused" && n.subject.id === hookId)).toEqual([]);
    expect((await otherPartner.get(`/api/v1/notifications?limit=200`)).body.items.filter((n: any) => n.kind === "webhook.paused")).toEqual([]);
  });
});

describe("a partner's webhooks", () => {
  const PUBLIC = "https://93.184.216.34";

  it("hear only of cases shared with the partner", async () => {
    const r = await partner.post("/api/v1/webhooks", { url: `${PUBLIC}/maker/${tag}`, events: ["*"] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.organizationId).toBe(w.maker.id);
    const hookId = r.body.id as string;
    // Hold its sending: this test looks at which deliveries are written, not at the Internet.
    await partner.patch(`/api/v1/webhooks/${hookId}`, { active: false });
    await partner.patch(`/api/v1/webhooks/${hookId}`, { active: true });

    const unshared = await newCase(`Not for the maker ${tag}`);
    await resolve(unshared.id);
    const shared = await newCase(`For the maker ${tag}`);
    expect((await agent.post(`/api/v1/cases/${shared.id}/parties`, { organizationId: w.maker.id, access: "contribute" })).status).toBe(200);
    await resolve(shared.id);
    await relayAll();

    const log = await deliveries(partner, hookId);
    expect(log.length).toBeGreaterThan(0);
    const bodies = await t.db.query<{ body: string }>(`SELECT body FROM webhook_deliveries WHERE webhook_id = $1`, [hookId]);
    const caseIds = bodies.map((b) => JSON.parse(b.body).data.caseId);
    expect(caseIds.every((id) => id === shared.id)).toBe(true);
    expect(log.map((d) => d.eventType)).toContain("case.resolved");
    // Deleted with its log, before the scheduler would try the Internet.
    const del = await partner.raw("DELETE", `/api/v1/webhooks/${hookId}`);
    expect(del.status).toBe(204);
    expect((await partner.get(`/api/v1/webhooks/${hookId}`)).status).toBe(404);
    const [left] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1`, [hookId]);
    expect(left!.n).toBe(0);
    await t.db.query(`DELETE FROM due_work`);
  });

  it("may not reach a private address: 422 with the reason, and nothing written", async () => {
    const refused: [string, RegExp][] = [
      ["https://127.0.0.1/hook", /127\.0\.0\.1 is a loopback address/],
      ["https://10.1.2.3/hook", /private address/],
      ["https://192.168.0.10/hook", /private address/],
      ["https://169.254.169.254/latest/meta-data", /link-local address/],
      ["https://100.64.1.1/hook", /carrier-grade NAT/],
      ["https://[::1]/hook", /::1 is a loopback address/],
      ["https://[::ffff:127.0.0.1]/hook", /IPv4-mapped address/],
      ["https://[fd12:3456::1]/hook", /unique-local address/],
      ["https://localhost/hook", /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
      [`${PUBLIC}:443/hook`.replace("https", "http"), /must use https/],
      ["https://no-such-host.invalid/hook", /cannot be resolved/],
    ];
    const before = await snapshot(t.db, tag);
    for (const [url, reason] of refused) {
      const r = await partner.post("/api/v1/webhooks", { url, events: ["case.resolved"] });
      expect(r.status, url).toBe(422);
      expect(r.body.error.code, url).toBe("webhook_address_refused");
      expect(r.body.error.message, url).toMatch(reason);
      expect(r.body.error.details, url).toEqual([{ path: "body.url", message: r.body.error.message }]);
    }
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);

    // Changing the URL is checked the same way.
    const ok = await partner.post("/api/v1/webhooks", { url: `${PUBLIC}/hook/${tag}`, events: ["case.resolved"] });
    expect(ok.status).toBe(201);
    const moved = await partner.patch(`/api/v1/webhooks/${ok.body.id}`, { url: "https://10.0.0.1/hook" });
    expect(moved.status).toBe(422);
    expect((await partner.get(`/api/v1/webhooks/${ok.body.id}`)).body.url).toBe(`${PUBLIC}/hook/${tag}`);

    // An admin may: on-premise systems are often on private addresses.
    for (const url of ["http://10.0.0.5/hook", "http://127.0.0.1:9/hook", "http://[::1]/hook"]) {
      expect((await admin.post("/api/v1/webhooks", { url, events: ["case.resolved"] })).status, url).toBe(201);
    }
  });

  it("no one sees or changes another organisation's webhooks (404); agents may not manage webhooks at all (403)", async () => {
    const mine = await partner.post("/api/v1/webhooks", { url: `${PUBLIC}/mine/${tag}`, events: ["case.resolved"] });
    const adminHook = await admin.post("/api/v1/webhooks", { url: `${base}/admins`, events: ["case.resolved"] });
    const otherOrgs = await otherPartner.post("/api/v1/webhooks", { url: `${PUBLIC}/other/${tag}`, events: ["case.resolved"] });
    const someDelivery = randomUUID();

    const before = await snapshot(t.db, tag);
    for (const id of [mine.body.id, adminHook.body.id]) {
      expect((await otherPartner.get(`/api/v1/webhooks/${id}`)).status).toBe(404);
      expect((await otherPartner.patch(`/api/v1/webhooks/${id}`, { active: false })).status).toBe(404);
      expect((await otherPartner.patch(`/api/v1/webhooks/${id}`, { url: `${PUBLIC}/stolen` })).status).toBe(404);
      expect((await otherPartner.raw("DELETE", `/api/v1/webhooks/${id}`)).status).toBe(404);
      expect((await otherPartner.get(`/api/v1/webhooks/${id}/deliveries`)).status).toBe(404);
      expect((await otherPartner.post(`/api/v1/webhooks/${id}/deliveries/${someDelivery}/redeliver`)).status).toBe(404);
    }
    expect((await partner.get(`/api/v1/webhooks/${adminHook.body.id}`)).status).toBe(404);
    for (const as of [agent, client(t.app, w.supervisor.token)]) {
      expect((await as.get(`/api/v1/webhooks`)).status).toBe(403);
      expect((await as.post(`/api/v1/webhooks`, { url: `${base}/x`, events: ["case.resolved"] })).status).toBe(403);
      expect((await as.get(`/api/v1/webhooks/${adminHook.body.id}`)).status).toBe(403);
    }
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);

    expect((await partner.get(`/api/v1/webhooks`)).body.items.map((h: any) => h.id)).toEqual([mine.body.id]);
    expect((await otherPartner.get(`/api/v1/webhooks`)).body.items.map((h: any) => h.id)).toEqual([otherOrgs.body.id]);
    expect((await admin.get(`/api/v1/webhooks`)).body.items.map((h: any) => h.id).sort()).toEqual([mine.body.id, adminHook.body.id, otherOrgs.body.id].sort());
    // The admin manages every webhook; a partner's hook stays bound to public addresses whoever edits it.
    expect((await admin.patch(`/api/v1/webhooks/${mine.body.id}`, { url: "https://192.168.1.1/x" })).status).toBe(422);
    expect((await admin.patch(`/api/v1/webhooks/${mine.body.id}`, { events: ["case.created", "case.created"] })).body.events).toEqual(["case.created"]);
  });

  it("every change is audited: registration, change, pause, resume, deletion", async () => {
    const r = await partner.post("/api/v1/webhooks", { url: `${PUBLIC}/audited/${tag}`, events: ["case.resolved"] });
    const id = r.body.id as string;
    await partner.patch(`/api/v1/webhooks/${id}`, { events: ["case.created"], secret: `another-secret-${tag}` });
    await partner.patch(`/api/v1/webhooks/${id}`, { active: false });
    await partner.patch(`/api/v1/webhooks/${id}`, { active: true });
    await partner.raw("DELETE", `/api/v1/webhooks/${id}`);
    const entries = (await admin.get(`/api/v1/audit?limit=200&subjectType=webhook`)).body.items.filter((e: any) => JSON.stringify(e).includes(id));
    expect(entries.map((e: any) => e.action).sort()).toEqual(["webhook.created", "webhook.deleted", "webhook.paused", "webhook.resumed", "webhook.updated"]);
    expect(JSON.stringify(entries)).not.toContain(`another-secret-${tag}`);
  });
});
