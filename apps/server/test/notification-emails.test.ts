/**
 * Notification e-mails, against a real SMTP server: sent to users who asked for them, within
 * their working hours (a frozen clock on a Saturday waits for Monday 09:00 in their time zone)
 * unless urgent, in their language, with the link to the case, exactly once; and the preferences
 * that say so (GET/PATCH /notifications/preferences), with their bad input and permissions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, uniq, type Client, type TestApp, type World } from "./helper.js";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { DueWorkHandlers, schedule, Scheduler } from "../src/platform/due/index.js";
import { addNotificationEmailHandlers, EMAIL_NOTIFICATION } from "../src/modules/notifications/index.js";
import { startMailServer, type TestMailServer } from "./mail-server.js";

let smtp: TestMailServer;
let t: TestApp;
let w: World;
let admin: Client;
let agent: Client;
// Saturday 5 December 2026, 12:00 in Shanghai.
let now = new Date("2026-12-05T04:00:00Z");
const clock = () => now;
let scheduler: Scheduler;
let customerId: string;

beforeAll(async () => {
  smtp = await startMailServer({ user: "tandem", pass: "pw" });
  t = await createTestApp({ ownDatabase: true, clock, env: { SMTP_URL: smtp.url, TANDEM_MAIL_FROM: "Tandem <tandem@tandem.test>", TANDEM_PUBLIC_URL: "https://tandem.test" } });
  w = await createWorld(t.db);
  admin = client(t.app, w.admin.token);
  agent = client(t.app, w.agent.token);
  const handlers = new DueWorkHandlers();
  addNotificationEmailHandlers(handlers, t.app.env);
  scheduler = new Scheduler({ db: t.db, handlers, log: createLogger("silent"), now: clock, metrics: new Metrics() });
  const c = await admin.post("/api/v1/customers", { name: `Li Lei ${uniq()}`, identities: [{ kind: "member_id", value: `N-${uniq()}` }] });
  customerId = c.body.id;
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** The admin opens a case for the agent: the agent is told (case.assigned). */
async function assignToAgent(priority: "normal" | "urgent" = "normal") {
  const r = await admin.post("/api/v1/cases", { customerId, kind: "request", subject: `Set-top box ${uniq()}`, channel: "phone", priority, ownerId: w.agent.id });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; number: string; subject: string };
}

const mailsTo = (email: string) => smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === email);

describe("notification e-mails", () => {
  it("are not sent to a user who did not ask for them", async () => {
    await assignToAgent("urgent");
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
    expect(mailsTo(w.agent.email)).toEqual([]);
  });

  it("wait for the user's working hours (Monday 09:00 in their zone), then arrive once, in their language, with the link", async () => {
    const on = await agent.patch("/api/v1/notifications/preferences", { email: true });
    expect(on.body).toEqual({ email: true, workingHours: [1, 2, 3, 4, 5].map((day) => ({ day, from: "09:00", to: "18:00" })), timeZone: "Asia/Shanghai" });
    const kase = await assignToAgent();
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
    expect(mailsTo(w.agent.email)).toEqual([]);

    now = new Date("2026-12-07T00:59:59Z"); // Monday 08:59:59 in Shanghai
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
    now = new Date("2026-12-07T01:00:00Z");
    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
    const [mail] = mailsTo(w.agent.email);
    expect(mail!.subject).toBe(`案件 ${kase.number} 已分配给您：${kase.subject}`);
    expect(mail!.text).toContain(`https://tandem.test/cases/${kase.id}`);
    expect(mail!.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail!.messageId).toMatch(/^<notification-[0-9a-f-]{36}@tandem\.test>$/);

    // Its work comes round again (a replay): nothing is sent twice.
    const notification = (await agent.get("/api/v1/notifications")).body.items.find((n: { subject: { id: string } }) => n.subject.id === kase.id);
    await t.db.transaction((tx) => schedule({ tx, now }, { kind: EMAIL_NOTIFICATION, key: notification.id, dueAt: now, payload: { notificationId: notification.id } }));
    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(mailsTo(w.agent.email)).toHaveLength(1);
  });

  it("do not wait when urgent", async () => {
    now = new Date("2026-12-05T15:00:00Z"); // Saturday 23:00 in Shanghai
    const before = mailsTo(w.agent.email).length;
    const kase = await assignToAgent("urgent");
    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(mailsTo(w.agent.email)).toHaveLength(before + 1);
    expect(mailsTo(w.agent.email).at(-1)!.subject).toBe(`【紧急】案件 ${kase.number} 已分配给您：${kase.subject}`);
  });

  it("follow a schedule of the user's own, in English for a user who reads English; one read meanwhile, or turned off, is not sent", async () => {
    now = new Date("2026-12-05T15:00:00Z"); // Saturday 23:00 in Shanghai, 15:00 in London
    expect((await agent.patch("/api/v1/auth/me", { locale: "en", timeZone: "Europe/London" })).status).toBe(200);
    const saturdays = await agent.patch("/api/v1/notifications/preferences", { workingHours: [{ day: 6, from: "14:00", to: "18:00" }] });
    expect(saturdays.body).toMatchObject({ email: true, workingHours: [{ day: 6, from: "14:00", to: "18:00" }], timeZone: "Europe/London" });
    const before = mailsTo(w.agent.email).length;
    const kase = await assignToAgent();
    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(mailsTo(w.agent.email).at(-1)!.subject).toBe(`Case ${kase.number} was assigned to you: ${kase.subject}`);

    // Outside the hours: it waits; read in the console meanwhile, it is not sent.
    now = new Date("2026-12-05T19:00:00Z");
    await assignToAgent();
    expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
    expect((await agent.post("/api/v1/notifications/read-all")).status).toBe(200);
    // Turned off: what was waiting is not sent either.
    await assignToAgent();
    expect((await agent.patch("/api/v1/notifications/preferences", { email: false })).body.email).toBe(false);
    now = new Date("2026-12-12T14:00:00Z"); // the next Saturday 14:00 in London
    expect(await scheduler.runDue()).toMatchObject({ claimed: 2, done: 2 });
    expect(mailsTo(w.agent.email)).toHaveLength(before + 1);

    // null: back to the default schedule.
    const reset = await agent.patch("/api/v1/notifications/preferences", { workingHours: null });
    expect(reset.body.workingHours).toHaveLength(5);
  });
});

describe("notification preferences", () => {
  it("refuse bad working hours and unknown fields, changing nothing", async () => {
    const before = (await agent.get("/api/v1/notifications/preferences")).body;
    for (const body of [
      { workingHours: [{ day: 1, from: "18:00", to: "09:00" }] },
      { workingHours: [{ day: 8, from: "09:00", to: "18:00" }] },
      { workingHours: [{ day: 1, from: "9:00", to: "18:00" }] },
      { workingHours: [{ day: 1, from: "09:00", to: "24:00" }] },
      { workingHours: [{ day: 1, from: "09:00", to: "18:00", tz: "UTC" }] },
      { workingHours: [] },
      { workingHours: "weekdays" },
      { email: "yes" },
      { sms: true },
    ]) {
      const r = await agent.patch("/api/v1/notifications/preferences", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
    }
    expect((await agent.get("/api/v1/notifications/preferences")).body).toEqual(before);
  });

  it("are each user's own: a customer's link and no token are refused", async () => {
    const kase = await admin.post("/api/v1/cases", { customerId, kind: "request", subject: "Link", channel: "phone" });
    const link = await admin.post(`/api/v1/cases/${kase.body.id}/customer-link`, {});
    expect((await client(t.app, link.body.token).get("/api/v1/notifications/preferences")).status).toBe(403);
    expect((await client(t.app, link.body.token).patch("/api/v1/notifications/preferences", { email: true })).status).toBe(403);
    expect((await client(t.app).patch("/api/v1/notifications/preferences", { email: true })).status).toBe(401);
    expect((await client(t.app, w.partner.token).get("/api/v1/notifications/preferences")).body).toMatchObject({ email: false, timeZone: "Asia/Shanghai" });
  });
});
