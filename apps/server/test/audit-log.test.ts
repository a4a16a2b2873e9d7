/**
 * The audit log, as stories through the API: an admin creates a user, changes their role and
 * deactivates them; a user makes and revokes an API token; an admin creates an organisation; an
 * agent makes and withdraws a customer's link. Each is one entry with its actor, time, subject,
 * before and after; admins read them with filters and a cursor; nobody can change them, not even
 * with SQL (on PGlite and on PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/platform/logger.js";
import { SYSTEM } from "../src/platform/actor.js";
import { audit } from "../src/modules/audit/index.js";
import { loadDemo } from "../src/modules/demo/index.js";
import { client, createTestApp, createWorld, randomMobile, testDatabases, TEST_SECRET, type Client, type TestApp, type World } from "./helper.js";
import { worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let admin: Client;
let tag: string;
let now = new Date("2026-11-02T09:00:00Z");
const later = (ms = 60_000) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  t = await createTestApp({ clock: () => new Date(now) });
  w = await createWorld(t.db);
  admin = client(t.app, w.admin.token);
  tag = worldTag(w.admin.email);
});
afterAll(() => t.close());

type Entry = { id: string; at: string; actor: { type: string; id: string | null; name: string | null }; organizationId: string | null; action: string; subject: { type: string; id: string | null }; before: any; after: any; reason: string | null };
const entries = async (query: string) => {
  const r = await admin.get(`/api/v1/audit?limit=200&${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as Entry[];
};

describe("what is recorded", () => {
  it("a user created, given another role, deactivated: one entry each, newest first, with before and after", async () => {
    later();
    const created = await admin.post("/api/v1/users", { email: `new.${tag}@test.tandem.local`, name: "New Agent", password: "long enough pw", role: "agent", organizationId: w.hotline.id });
    expect(created.status).toBe(201);
    const createdAt = now.toISOString();
    later();
    expect((await admin.patch(`/api/v1/users/${created.body.id}`, { role: "supervisor" })).status).toBe(200);
    later();
    expect((await admin.patch(`/api/v1/users/${created.body.id}`, { active: false })).status).toBe(200);
    later();
    expect((await admin.patch(`/api/v1/users/${created.body.id}`, { password: "another long one" })).status).toBe(200);
    // Nothing changed: nothing recorded.
    expect((await admin.patch(`/api/v1/users/${created.body.id}`, { name: "New Agent" })).status).toBe(200);

    const log = await entries(`subjectType=user&subjectId=${created.body.id}`);
    expect(log.map((e) => [e.action, e.before, e.after])).toEqual([
      ["user.password_reset", {}, { passwordChanged: true }],
      ["user.deactivated", { active: true }, { active: false }],
      ["user.role_changed", { role: "agent" }, { role: "supervisor" }],
      ["user.created", null, { email: `new.${tag}@test.tandem.local`, name: "New Agent", role: "agent", organizationId: w.hotline.id, active: true, locale: "zh-CN", timeZone: "Asia/Shanghai" }],
    ]);
    expect(log.at(-1)).toMatchObject({ at: createdAt, actor: { type: "user", id: w.admin.id, name: "admin" }, organizationId: w.hotline.id, subject: { type: "user", id: created.body.id }, reason: null });
    expect(JSON.stringify(log)).not.toMatch(/scrypt|long enough pw|another long one/);
  });

  it("an API token made and revoked by its owner; revoking again records nothing", async () => {
    const agent = client(t.app, w.agent.token);
    later();
    const token = (await agent.post("/api/v1/tokens", { name: `CRM sync ${tag}`, expiresInDays: 30 })).body;
    later();
    expect((await agent.post(`/api/v1/tokens/${token.id}/revoke`)).status).toBe(200);
    expect((await agent.post(`/api/v1/tokens/${token.id}/revoke`)).status).toBe(200);
    const log = await entries(`subjectType=api_token&subjectId=${token.id}`);
    expect(log.map((e) => [e.action, e.actor.id, e.after.name])).toEqual([
      ["token.revoked", w.agent.id, `CRM sync ${tag}`],
      ["token.created", w.agent.id, `CRM sync ${tag}`],
    ]);
    expect(JSON.stringify(log)).not.toContain(token.token);
  });

  it("an organisation created, and a customer's link made and withdrawn", async () => {
    later();
    const org = (await admin.post("/api/v1/organizations", { name: `Field service ${tag}`, kind: "partner" })).body;
    expect((await entries(`subjectId=${org.id}`)).map((e) => [e.action, e.after, e.organizationId])).toEqual([["organization.created", { name: `Field service ${tag}`, kind: "partner" }, org.id]]);

    const agent = client(t.app, w.agent.token);
    const customer = (await agent.post("/api/v1/customers", { name: `Audited ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] })).body;
    const kase = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "question", subject: "Invoice", channel: "phone" })).body;
    const link = (await agent.post(`/api/v1/cases/${kase.id}/customer-link`)).body;
    later();
    expect((await agent.post(`/api/v1/customer-links/${link.id}/revoke`)).status).toBe(200);
    later();
    expect((await agent.post(`/api/v1/customer-links/${link.id}/revoke`)).status).toBe(200);
    const log = await entries(`subjectType=customer_link&subjectId=${link.id}`);
    expect(log.map((e) => [e.action, e.after.caseId, e.after.number])).toEqual([
      ["customer_link.revoked", kase.id, kase.number],
      ["customer_link.created", kase.id, kase.number],
    ]);
    expect(JSON.stringify(log)).not.toContain(link.token);
  });

  it("loading the demo is recorded as the system's doing", async () => {
    const [, open] = testDatabases()[0]!;
    const db = await open();
    try {
      await loadDemo(db, TEST_SECRET, now, createLogger("silent"));
      const rows = await db.query<{ action: string; actor_type: string; subject_type: string }>("SELECT action, actor_type, subject_type FROM audit_log");
      expect(rows).toEqual([{ action: "demo.loaded", actor_type: "system", subject_type: "workspace" }]);
      // The demo's business calendar: the Shanghai hotline with its lunch break and the national-day week.
      const calendars = await db.query<{ name: string; timezone: string; hours: unknown[]; holidays: string[]; working_days: unknown[] }>("SELECT name, timezone, hours, holidays, working_days FROM calendars");
      expect(calendars.map((c) => [c.name, c.timezone, c.hours.length, c.holidays.length, c.working_days])).toEqual([["Hotline Shanghai", "Asia/Shanghai", 11, 7, [{ date: "2026-09-27" }, { date: "2026-10-10" }]]]);
    } finally {
      await db.close();
    }
    // A database of its own, migrated, and the whole demo: more than the default 30 s on a loaded machine.
  }, 120_000);
});

describe("reading the log", () => {
  it("filters by actor, action, subject, organisation and time, and pages with a cursor", async () => {
    const from = later().toISOString();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      later();
      made.push((await admin.post("/api/v1/organizations", { name: `Paged ${i} ${tag}`, kind: "department" })).body.id);
    }
    const to = later().toISOString();
    const window = await entries(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(window.map((e) => e.subject.id)).toEqual([...made].reverse());
    expect((await entries(`actorId=${w.admin.id}&action=organization.created,token.created&from=${encodeURIComponent(from)}`)).map((e) => e.subject.id)).toEqual([...made].reverse());
    expect(await entries(`actorId=${w.agent.id}&from=${encodeURIComponent(from)}`)).toEqual([]);
    expect((await entries(`organizationId=${made[2]}`)).map((e) => e.subject.id)).toEqual([made[2]]);

    const paged: (string | null)[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = (await admin.get(`/api/v1/audit?limit=2&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${cursor ? `&cursor=${cursor}` : ""}`)).body;
      paged.push(...page.items.map((e) => e.subject.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual([...made].reverse());
  });

  it("is for admins only", async () => {
    for (const token of [w.supervisor.token, w.agent.token, w.partner.token]) expect((await client(t.app, token).get("/api/v1/audit")).status).toBe(403);
    expect((await client(t.app).get("/api/v1/audit")).status).toBe(401);
  });
});

describe.each(testDatabases())("nothing in it can be edited (%s)", (_name, open) => {
  it("UPDATE, DELETE and TRUNCATE are refused by the database, and the entry stays as written", async () => {
    const db = await open();
    try {
      const entry = await db.transaction((tx) => audit({ tx, actor: SYSTEM, now, log: createLogger("silent") }, { action: "test.written", subject: { type: "test", id: `immutable-${tag}` }, after: { value: 1 } }));
      await expect(db.query("UPDATE audit_log SET after = '{\"value\": 2}' WHERE id = $1", [entry.id])).rejects.toThrow(/append-only/);
      await expect(db.query("UPDATE audit_log SET reason = 'tidying up'")).rejects.toThrow(/append-only/);
      await expect(db.query("DELETE FROM audit_log WHERE id = $1", [entry.id])).rejects.toThrow(/append-only/);
      await expect(db.query("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
      await expect(db.transaction(async (tx) => tx.query("DELETE FROM audit_log"))).rejects.toThrow(/append-only/);
      const [row] = await db.query<{ after: unknown; reason: string | null }>("SELECT after, reason FROM audit_log WHERE id = $1", [entry.id]);
      expect(row).toEqual({ after: { value: 1 }, reason: null });
    } finally {
      await db.close();
    }
  });
});
