/**
 * Delivery of public messages to the customer, against a real SMTP server started by the test:
 * a staff reply arrives with a customer link that opens the case; a complaint's acknowledgement
 * arrives at once, marked Auto-Submitted; a server that refuses is retried with back-off, then
 * the delivery is parked and said on the case; with no SMTP_URL the message is logged, marked so,
 * never retried; nothing is sent twice; who may see and retry deliveries.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, uniq, type Client, type TestApp, type World } from "./helper.js";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { DueWorkHandlers, schedule, Scheduler } from "../src/platform/due/index.js";
import { createMailTransport, readMailConfig } from "../src/platform/mail/index.js";
import { addDeliveryHandlers, SEND_DELIVERY } from "../src/modules/delivery/index.js";
import { startMailServer, type TestMailServer } from "./mail-server.js";

let smtp: TestMailServer;
let t: TestApp;
let w: World;
let agent: Client;
let now = new Date("2026-11-30T02:00:00Z");
const clock = () => now;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));

let scheduler: Scheduler;
/** The same handlers without a mail server: what a fresh install runs. */
let unconfigured: Scheduler;

const silent = createLogger("silent");

beforeAll(async () => {
  smtp = await startMailServer({ user: "tandem", pass: "s3cret:pass" });
  t = await createTestApp({ ownDatabase: true, clock, env: { SMTP_URL: smtp.url, TANDEM_MAIL_FROM: "Customer service <service@tandem.test>", TANDEM_PUBLIC_URL: "https://tandem.test" } });
  w = await createWorld(t.db);
  agent = client(t.app, w.agent.token);
  const handlers = new DueWorkHandlers();
  addDeliveryHandlers(handlers, t.app.env);
  scheduler = new Scheduler({ db: t.db, handlers, log: silent, now: clock, metrics: new Metrics() });
  const fresh = new DueWorkHandlers();
  addDeliveryHandlers(fresh, t.app.env, { mail: createMailTransport(readMailConfig({}, [])) });
  unconfigured = new Scheduler({ db: t.db, handlers: fresh, log: silent, now: clock, metrics: new Metrics() });
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

beforeEach(() => {
  smtp.refuse = null;
});

async function customer(opts: { locale?: "en" | "zh-CN"; email?: boolean; phone?: boolean; preferredChannel?: string } = {}) {
  const u = uniq();
  const identities = [...(opts.email === false ? [] : [{ kind: "email", value: `Customer.${u}@Example.com` }]), ...(opts.phone ? [{ kind: "phone", value: randomMobile() }] : []), { kind: "member_id", value: `M-${u}` }];
  const r = await client(t.app, w.admin.token).post("/api/v1/customers", { name: `Emma Clarke ${u}`, identities, ...(opts.locale ? { locale: opts.locale } : {}), ...(opts.preferredChannel ? { preferredChannel: opts.preferredChannel } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as string, email: `customer.${u}@example.com` };
}

async function openCase(customerId: string, kind = "request") {
  const r = await agent.post("/api/v1/cases", { customerId, kind, subject: "The ticket was not issued", channel: "phone" });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; number: string };
}

async function reply(caseId: string, body: string, visibility: "public" | "internal" = "public") {
  const r = await agent.post(`/api/v1/cases/${caseId}/messages`, { visibility, body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string };
}

const events = async (caseId: string) => (await agent.get(`/api/v1/cases/${caseId}/events?limit=200`)).body.items as { type: string; actor: { type: string }; data: any }[];
const deliveries = async (caseId: string, c: Client = agent) => (await c.get(`/api/v1/cases/${caseId}/deliveries`)).body.items as any[];
const linkIn = (text: string) => /https:\/\/tandem\.test\/portal\/#(tcl_\S+)/.exec(text)?.[1];

describe("a staff reply", () => {
  it("arrives by e-mail with a customer link that opens the case, and is an outbound contact on the timeline", async () => {
    const c = await customer({ locale: "en" });
    const kase = await openCase(c.id);
    const message = await reply(kase.id, "Your ticket has been issued; you will find it in the app.");
    expect(await deliveries(kase.id)).toMatchObject([{ messageId: message.id, channel: "email", address: c.email, status: "pending", automatic: false, attempts: 0 }]);

    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received.at(-1)!;
    expect(smtp.users.at(-1)).toBe("tandem");
    expect(mail.to).toMatchObject({ text: c.email });
    expect(mail.from?.text).toBe('"Customer service" <service@tandem.test>');
    expect(mail.subject).toBe(`[Case ${kase.number}] The ticket was not issued`);
    expect(mail.messageId).toMatch(/^<delivery-[0-9a-f-]{36}@tandem\.test>$/);
    expect(mail.headers.get("auto-submitted")).toBeUndefined();
    expect(mail.text).toContain("Your ticket has been issued; you will find it in the app.");
    expect(mail.text).toContain("— agent, Hotline");

    // The link in the mail opens the customer's page of this case, with the reply on it.
    const token = linkIn(mail.text!)!;
    const page = await client(t.app, token).get("/api/v1/portal/case");
    expect(page.status).toBe(200);
    expect(page.body.case.number).toBe(kase.number);
    expect(page.body.messages.map((m: { body: string }) => m.body)).toContain("Your ticket has been issued; you will find it in the app.");

    const [delivery] = await deliveries(kase.id);
    expect(delivery).toMatchObject({ status: "sent", attempts: 1, lastError: null, sentAt: now.toISOString(), abilities: [] });
    const delivered = (await events(kase.id)).find((e) => e.type === "message.delivered");
    expect(delivered).toMatchObject({ actor: { type: "system" }, data: { messageId: message.id, deliveryId: delivery.id, channel: "email", delivery: "sent" } });
    const timeline = await agent.get(`/api/v1/customers/${c.id}/timeline`);
    const outbound = timeline.body.items.filter((i: any) => i.type === "interaction" && i.interaction?.direction === "outbound");
    expect(outbound, JSON.stringify(timeline.body.items.slice(0, 3))).toHaveLength(1);
    expect(outbound[0].interaction).toMatchObject({ channel: "email", caseId: kase.id, body: "Your ticket has been issued; you will find it in the app." });
  });

  it("is sent once however often the scheduler runs, even when its work comes round again", async () => {
    const c = await customer();
    const kase = await openCase(c.id);
    await reply(kase.id, "我们已经为您出票。");
    const before = smtp.received.length;
    expect(await scheduler.runDue()).toMatchObject({ done: 1 });
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
    const [delivery] = await deliveries(kase.id);
    // The same work scheduled again (a replayed command, a restored queue): the delivery is sent already.
    await t.db.transaction((tx) => schedule({ tx, now }, { kind: SEND_DELIVERY, key: delivery.id, dueAt: now, payload: { deliveryId: delivery.id } }));
    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(smtp.received.length).toBe(before + 1);
    expect((await events(kase.id)).filter((e) => e.type === "message.delivered")).toHaveLength(1);
    // In the customer's language: Chinese by default.
    expect(smtp.received.at(-1)!.subject).toBe(`【案件 ${kase.number}】The ticket was not issued`);
  });

  it("is not sent when it is an internal note, nor is the customer's own message sent back to them", async () => {
    const c = await customer();
    const kase = await openCase(c.id);
    await reply(kase.id, "Billing says the fare was never charged.", "internal");
    const link = await agent.post(`/api/v1/cases/${kase.id}/customer-link`, {});
    expect((await client(t.app, link.body.token).post("/api/v1/portal/case/messages", { body: "Any news?" })).status).toBe(201);
    expect(await deliveries(kase.id)).toEqual([]);
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
  });
});

describe("a new complaint", () => {
  it("is acknowledged at once by a public message from the system, delivered with Auto-Submitted", async () => {
    const c = await customer({ locale: "zh-CN" });
    const before = smtp.received.length;
    const kase = await openCase(c.id, "complaint");
    const ack = (await events(kase.id)).find((e) => e.type === "message.added");
    expect(ack).toMatchObject({ actor: { type: "system" }, data: { visibility: "public" } });
    expect(ack!.data.body).toContain(`案件编号 ${kase.number}`);
    expect(ack!.data.body).toContain("由Hotline");
    expect(ack!.data.body).toContain("agent");

    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.subject).toBe(`【案件 ${kase.number}】The ticket was not issued`);
    expect(mail.text).toContain(`案件编号 ${kase.number}`);
    expect(mail.text).toContain("此邮件由系统自动发送");
    const page = await client(t.app, linkIn(mail.text!)!).get("/api/v1/portal/case");
    expect(page.body.messages).toMatchObject([{ from: "agent", body: ack!.data.body }]);
    expect(await deliveries(kase.id)).toMatchObject([{ status: "sent", automatic: true }]);
  });

  it("is acknowledged in English for an English-speaking customer; other kinds of case are not acknowledged", async () => {
    const c = await customer({ locale: "en" });
    const complaint = await openCase(c.id, "complaint");
    expect((await events(complaint.id)).find((e) => e.type === "message.added")!.data.body).toContain(`case ${complaint.number}`);
    const question = await openCase(c.id, "question");
    expect((await events(question.id)).filter((e) => e.type === "message.added")).toEqual([]);
    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
  });
});

describe("a mail server that refuses", () => {
  it("is tried again with back-off, then the delivery is parked and said on the case; it can be sent again", async () => {
    const c = await customer({ locale: "en" });
    const kase = await openCase(c.id);
    await reply(kase.id, "We are on it.");
    smtp.refuse = 451;
    const before = smtp.received.length;
    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
    let [delivery] = await deliveries(kase.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery.lastError).toContain("Try again later");
    const retryAt = new Date(delivery.nextAttemptAt).getTime();
    // Not before its time (at least half the first wait of 30 s), and then it runs.
    expect(retryAt - now.getTime()).toBeGreaterThanOrEqual(15_000);
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
    const waits: number[] = [];
    for (let attempt = 2; attempt <= 6; attempt++) {
      [delivery] = await deliveries(kase.id);
      const due = new Date(delivery.nextAttemptAt).getTime();
      waits.push(due - now.getTime());
      now = new Date(due);
      expect(await scheduler.runDue(), `attempt ${attempt}`).toMatchObject({ claimed: 1, done: 1 });
    }
    // The waits grow (doubling, with jitter: each at least the previous one's nominal half).
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]! / 2);
    [delivery] = await deliveries(kase.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: 6, nextAttemptAt: null, abilities: ["delivery.retry"] });
    expect(smtp.received.length).toBe(before);
    const failed = (await events(kase.id)).filter((e) => e.type === "message.delivery_failed");
    expect(failed).toMatchObject([{ actor: { type: "system" }, data: { deliveryId: delivery.id, channel: "email", delivery: "failed", attempts: 6, permanent: false } }]);
    expect(failed[0]!.data.error).toContain("Try again later");
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
    // The links issued for the attempts that failed were withdrawn.
    const links = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM customer_links WHERE case_id = $1 AND revoked_at IS NULL", [kase.id]);
    expect(links[0]!.n).toBe(0);

    // The server is back: an agent sends it again.
    smtp.refuse = null;
    const retried = await agent.post(`/api/v1/deliveries/${delivery.id}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0 });
    expect(await scheduler.runDue()).toMatchObject({ done: 1 });
    expect(smtp.received.length).toBe(before + 1);
    expect(await deliveries(kase.id)).toMatchObject([{ status: "sent", attempts: 1 }]);
    const again = await agent.post(`/api/v1/deliveries/${delivery.id}/retry`);
    expect(again.status).toBe(409);
    expect((await events(kase.id)).map((e) => e.type)).toEqual(expect.arrayContaining(["message.delivery_failed", "message.delivery_retried", "message.delivered"]));
  });

  it("for good (a 550) parks the delivery at once", async () => {
    const c = await customer();
    const kase = await openCase(c.id);
    await reply(kase.id, "Hello");
    smtp.refuse = 550;
    expect(await scheduler.runDue()).toMatchObject({ done: 1 });
    expect(await deliveries(kase.id)).toMatchObject([{ status: "failed", attempts: 1 }]);
    expect((await events(kase.id)).find((e) => e.type === "message.delivery_failed")).toMatchObject({ data: { permanent: true } });
    // The case's owner is told the customer did not get it.
    const told = await t.db.query<{ user_id: string; data: any }>("SELECT user_id, data FROM notifications WHERE kind = 'delivery.failed' AND subject_id = $1", [kase.id]);
    expect(told).toMatchObject([{ user_id: w.agent.id, data: { channel: "email", permanent: true } }]);
  });
});

describe("without SMTP_URL (a fresh install)", () => {
  it("writes the message to the log, marks it on the case as not sent, and never tries again", async () => {
    const c = await customer();
    const kase = await openCase(c.id);
    await reply(kase.id, "Logged, not sent");
    const before = smtp.received.length;
    expect(await unconfigured.runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(await unconfigured.runDue()).toMatchObject({ claimed: 0 });
    advance(86_400_000);
    expect(await unconfigured.runDue()).toMatchObject({ claimed: 0 });
    expect(smtp.received.length).toBe(before);
    const [delivery] = await deliveries(kase.id);
    expect(delivery).toMatchObject({ status: "logged_only", attempts: 1, abilities: ["delivery.retry"] });
    expect((await events(kase.id)).find((e) => e.type === "message.delivery_logged")).toMatchObject({ data: { delivery: "logged_only", channel: "email" } });
    expect((await events(kase.id)).some((e) => e.type === "message.delivered")).toBe(false);
    // Nothing reached the customer, so nothing is on their timeline as sent.
    const timeline = await agent.get(`/api/v1/customers/${c.id}/timeline`);
    expect(timeline.body.items.filter((i: any) => i.type === "interaction")).toEqual([]);
  });

  it("knows no mail server: the configuration says so, and hides a password in a bad URL", () => {
    const problems: string[] = [];
    expect(readMailConfig({}, problems)).toMatchObject({ smtpUrl: null, from: "Tandem <tandem@localhost>" });
    readMailConfig({ SMTP_URL: "http://user:hunter2@mail.example.com" }, problems);
    expect(problems.join("\n")).not.toContain("hunter2");
    expect(problems.join("\n")).toContain("smtp://");
  });
});

describe("customers without e-mail", () => {
  it("get a text message on their phone (the default provider logs it), or none at all: undeliverable, said on the case", async () => {
    const texter = await customer({ email: false, phone: true });
    const kase = await openCase(texter.id);
    await reply(kase.id, "We called you back.");
    expect(await scheduler.runDue()).toMatchObject({ done: 1 });
    expect(await deliveries(kase.id)).toMatchObject([{ channel: "sms", status: "logged_only" }]);

    const preferring = await customer({ phone: true, preferredChannel: "sms" });
    const other = await openCase(preferring.id);
    await reply(other.id, "By text, as you asked.");
    expect(await deliveries(other.id)).toMatchObject([{ channel: "sms", status: "pending" }]);
    expect(await scheduler.runDue()).toMatchObject({ done: 1 });

    const unreachable = await customer({ email: false });
    const third = await openCase(unreachable.id);
    await reply(third.id, "Nowhere to send this.");
    expect(await deliveries(third.id)).toMatchObject([{ channel: null, address: null, status: "undeliverable", abilities: [] }]);
    expect((await events(third.id)).find((e) => e.type === "message.undeliverable")).toMatchObject({ actor: { type: "system" }, data: { delivery: "undeliverable" } });
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
  });
});

describe("who may see and retry deliveries", () => {
  it("staff see the address; a partner desk on the case sees the channel only; others are refused", async () => {
    const c = await customer();
    const kase = await openCase(c.id);
    await reply(kase.id, "Shared");
    await unconfigured.runDue();
    const [delivery] = await deliveries(kase.id);
    expect(delivery.address).toBe(c.email);

    const partner = client(t.app, w.partner.token);
    expect((await partner.get(`/api/v1/cases/${kase.id}/deliveries`)).status).toBe(404);
    expect((await partner.post(`/api/v1/deliveries/${delivery.id}/retry`)).status).toBe(404);
    expect((await agent.post(`/api/v1/cases/${kase.id}/parties`, { organizationId: w.maker.id, access: "view" })).status).toBe(200);
    const seen = await deliveries(kase.id, partner);
    expect(seen).toMatchObject([{ id: delivery.id, channel: "email", address: null, abilities: [] }]);
    expect((await partner.post(`/api/v1/deliveries/${delivery.id}/retry`)).status).toBe(403);
    expect((await client(t.app, w.otherPartnerAgent.token).get(`/api/v1/cases/${kase.id}/deliveries`)).status).toBe(404);

    const link = await agent.post(`/api/v1/cases/${kase.id}/customer-link`, {});
    expect((await client(t.app, link.body.token).get(`/api/v1/cases/${kase.id}/deliveries`)).status).toBe(403);
    expect((await client(t.app).get(`/api/v1/cases/${kase.id}/deliveries`)).status).toBe(401);
    expect((await agent.get(`/api/v1/cases/${kase.id}/deliveries?limit=0`)).status).toBe(400);
    expect((await agent.get(`/api/v1/cases/not-an-id/deliveries`)).status).toBe(400);
    expect((await agent.post(`/api/v1/deliveries/${"0".repeat(8)}-0000-7000-8000-000000000000/retry`)).status).toBe(404);
  });
});
