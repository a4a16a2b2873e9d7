/**
 * Notifications, as stories through the API: a case assigned to you by someone else, a customer
 * writing on your resolved case, another organisation resolving or changing your case. Each is
 * stored once per user and event, reaches only those who may see the case, is pushed live to the
 * recipient's console alone, and is read one by one or all at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/platform/logger.js";
import { SYSTEM } from "../src/platform/actor.js";
import { findCase } from "../src/modules/cases/index.js";
import { caseSubject } from "../src/modules/cases/index.js";
import { notify } from "../src/modules/notifications/index.js";
import { client, createTestApp, createWorld, randomMobile, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let agent: Client;
let supervisor: Client;
let partner: Client;
let tag: string;
let now = new Date("2026-11-02T09:00:00Z");
const DAY = 86_400_000;
const later = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  t = await createTestApp({ clock: () => new Date(now), env: { TANDEM_REOPEN_WITHIN: "P7D" } });
  w = await createWorld(t.db);
  agent = client(t.app, w.agent.token);
  supervisor = client(t.app, w.supervisor.token);
  partner = client(t.app, w.partner.token);
  tag = worldTag(w.admin.email);
});
afterAll(() => t.close());

async function newCase(extra: Record<string, unknown> = {}, as = agent) {
  const customer = (await agent.post("/api/v1/customers", { name: `Told ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] })).body;
  const kase = await as.post("/api/v1/cases", { customerId: customer.id, kind: "complaint", subject: `Engineer never came ${tag}`, channel: "phone", ...extra });
  expect(kase.status, JSON.stringify(kase.body)).toBe(201);
  return kase.body as { id: string; number: string };
}

type Told = { id: string; kind: string; subject: { id: string; label: string }; actor: { id: string }; data: Record<string, unknown>; readAt: string | null; urgent: boolean };
const inbox = async (as: Client, query = "") => (await as.get(`/api/v1/notifications?limit=200${query}`)).body as { items: Told[]; unreadCount: number; nextCursor: string | null };
const about = async (as: Client, caseId: string) => (await inbox(as)).items.filter((n) => n.subject.id === caseId);

describe("who is told", () => {
  it("a case assigned to you by someone else; not a case you take yourself", async () => {
    const kase = await newCase({ priority: "urgent" }, supervisor);
    expect((await supervisor.post(`/api/v1/cases/${kase.id}/assign`, { userId: w.agent.id })).status).toBe(200);
    const told = await about(agent, kase.id);
    expect(told).toEqual([
      {
        id: expect.any(String),
        kind: "case.assigned",
        subject: { type: "case", id: kase.id, label: kase.number, title: `Engineer never came ${tag}` },
        actor: { type: "user", id: w.supervisor.id, name: "supervisor" },
        data: { toUserId: w.agent.id, toOrganizationId: w.hotline.id },
        urgent: true,
        readAt: null,
        createdAt: now.toISOString(),
      },
    ]);
    expect((await supervisor.post(`/api/v1/cases/${kase.id}/assign`, { userId: w.supervisor.id })).status).toBe(200);
    expect(await about(supervisor, kase.id)).toEqual([]);
    // Opening a case for yourself tells nobody.
    const own = await newCase();
    expect([...(await about(agent, own.id)), ...(await about(supervisor, own.id))]).toEqual([]);
  });

  it("a case opened for another user tells them; one opened for another organisation, unassigned, tells its supervisors", async () => {
    const forBilling = await newCase({ ownerId: w.billingAgent.id });
    expect((await about(client(t.app, w.billingAgent.token), forBilling.id)).map((n) => n.kind)).toEqual(["case.assigned"]);
    const forHotline = await newCase({ organizationId: w.hotline.id }, client(t.app, w.billingAgent.token));
    expect((await about(supervisor, forHotline.id)).map((n) => [n.kind, n.data.toUserId])).toEqual([["case.assigned", null]]);
    expect(await about(agent, forHotline.id)).toEqual([]);
  });

  it("a customer who writes on your resolved case: reopened, or after the reopen period a follow-up", async () => {
    const kase = await newCase();
    const token = (await agent.post(`/api/v1/cases/${kase.id}/customer-link`)).body.token as string;
    expect((await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Visit booked" })).status).toBe(200);
    later(DAY);
    expect((await client(t.app, token).post("/api/v1/portal/case/messages", { body: "Nobody came." })).status).toBe(201);
    expect((await about(agent, kase.id)).map((n) => [n.kind, n.actor, n.data])).toEqual([["case.customer_wrote", expect.objectContaining({ type: "customer" }), { reopened: true }]]);

    expect((await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Visited" })).status).toBe(200);
    later(8 * DAY);
    const wrote = await client(t.app, token).post("/api/v1/portal/case/messages", { body: "Broken again." });
    const followUp = (await agent.get(`/api/v1/cases?q=${wrote.body.followUpCaseNumber}`)).body.items[0];
    expect((await about(agent, followUp.id)).map((n) => [n.kind, n.subject.label, n.data])).toEqual([["case.customer_wrote", followUp.number, { followUpOf: { caseId: kase.id, number: kase.number } }]]);
  });

  it("another organisation resolving or changing your case; your own organisation does not", async () => {
    const kase = await newCase();
    expect((await agent.post(`/api/v1/cases/${kase.id}/parties`, { organizationId: w.maker.id, access: "contribute" })).status).toBe(200);
    expect((await supervisor.patch(`/api/v1/cases/${kase.id}`, { priority: "high" })).status).toBe(200);
    expect(await about(agent, kase.id)).toEqual([]);
    expect((await partner.patch(`/api/v1/cases/${kase.id}`, { nextStep: "Replacement remote posted" })).status).toBe(200);
    later(1000);
    expect((await partner.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Remote replaced" })).status).toBe(200);
    const told = await about(agent, kase.id);
    expect(told.map((n) => [n.kind, n.data.event, n.data.organizationId])).toEqual([
      ["case.resolved_by_party", "case.resolved", w.maker.id],
      ["case.changed_by_party", "case.updated", w.maker.id],
    ]);
  });
});

describe("scoping and de-duplication", () => {
  it("no one is told about a case they may not see: a partner moved to another organisation", async () => {
    // A partner agent owns a case of their company; then they move to another partner company.
    const admin = client(t.app, w.admin.token);
    const mover = (await admin.post("/api/v1/users", { email: `mover.${tag}@test.tandem.local`, name: "Mover", password: "long enough pw", role: "partner_agent", organizationId: w.maker.id })).body;
    const moverToken = (await client(t.app, (await admin.post("/api/v1/auth/login", { email: mover.email, password: "long enough pw" })).body.token).post("/api/v1/tokens", { name: "t" })).body.token as string;
    const kase = await newCase();
    // Across organisations a case goes by a handoff (assign would be 409 handoff_required).
    expect((await agent.post(`/api/v1/cases/${kase.id}/handoff`, { userId: mover.id, note: "Yours now" })).status).toBe(200);
    expect((await about(client(t.app, moverToken), kase.id)).map((n) => n.kind)).toEqual(["case.handed_off"]);
    const token = (await agent.post(`/api/v1/cases/${kase.id}/customer-link`)).body.token as string;
    // The hotline resolving the partner's case is another organisation's change: the partner is told.
    later(1000);
    expect((await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "Done" })).status).toBe(200);
    expect((await about(client(t.app, moverToken), kase.id)).map((n) => n.kind)).toEqual(["case.resolved_by_party", "case.handed_off"]);
    expect((await admin.patch(`/api/v1/users/${mover.id}`, { organizationId: w.otherPartner.id })).status).toBe(200);
    const moved = client(t.app, moverToken);
    expect((await moved.get(`/api/v1/cases/${kase.id}`)).status).toBe(404);
    expect((await client(t.app, token).post("/api/v1/portal/case/messages", { body: "Still broken." })).status).toBe(201);
    // Still the case's owner by name, but no longer one who may see it: not told, and what they
    // were told before is no longer shown (checked when read, not only when stored), nor counted.
    expect(await about(moved, kase.id)).toEqual([]);
    expect((await moved.get("/api/v1/notifications?unread=true&limit=200")).body.unreadCount).toBe(0);
    const [row] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = 'case.customer_wrote'", [mover.id]);
    expect(row!.n).toBe(0);
    const [kept] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND subject_id = $2", [mover.id, kase.id]);
    expect(kept!.n).toBe(2);
    // Moved back, they see them again.
    expect((await admin.patch(`/api/v1/users/${mover.id}`, { organizationId: w.maker.id })).status).toBe(200);
    expect((await about(client(t.app, moverToken), kase.id)).map((n) => n.kind)).toEqual(["case.resolved_by_party", "case.handed_off"]);
  });

  it("notify checks every recipient, and stores the same event once per user", async () => {
    const shared = await newCase();
    const kase = (await findCase(t.db, shared.id))!;
    const ctx = (tx: Parameters<Parameters<typeof t.db.transaction>[0]>[0]) => ({ tx, actor: SYSTEM, now, log: createLogger("silent") });
    const input = { kind: "case.assigned" as const, subject: caseSubject(kase), recipients: { users: [w.agent.id, w.partner.id, w.otherPartnerAgent.id], supervisorsOf: w.hotline.id }, dedupeKey: `test:${kase.id}` };
    const first = await t.db.transaction((tx) => notify(ctx(tx), input));
    // The partners may not see the case: only the agent and the hotline's supervisor are told.
    expect(first.map((n) => n.user_id).sort()).toEqual([w.agent.id, w.supervisor.id].sort());
    const second = await t.db.transaction((tx) => notify(ctx(tx), input));
    expect(second).toEqual([]);
    expect((await about(agent, kase.id)).filter((n) => n.kind === "case.assigned")).toHaveLength(1);
    expect(await about(partner, kase.id)).toEqual([]);
    // Shared with the partner, the same event now reaches it, and still only once everyone else.
    expect((await agent.post(`/api/v1/cases/${kase.id}/parties`, { organizationId: w.maker.id, access: "view" })).status).toBe(200);
    const third = await t.db.transaction(async (tx) => notify(ctx(tx), { ...input, subject: caseSubject((await findCase(tx, kase.id))!) }));
    expect(third.map((n) => n.user_id)).toEqual([w.partner.id]);
  });
});

describe("reading notifications", () => {
  it("one by one, all at once, unread only, page by page; never another user's", async () => {
    const reader = client(t.app, w.billingAgent.token);
    for (let i = 0; i < 3; i++) {
      later(1000);
      await newCase({ ownerId: w.billingAgent.id });
    }
    const all = await inbox(reader);
    expect(all.unreadCount).toBe(all.items.length);
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const [newest] = all.items;

    const before = await snapshot(t.db, tag);
    expect((await agent.post(`/api/v1/notifications/${newest!.id}/read`)).status).toBe(404);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    later(1000);
    const read = await reader.post(`/api/v1/notifications/${newest!.id}/read`);
    expect([read.status, read.body.readAt]).toEqual([200, now.toISOString()]);
    later(1000);
    expect((await reader.post(`/api/v1/notifications/${newest!.id}/read`)).body.readAt).toBe(read.body.readAt);
    expect((await inbox(reader)).unreadCount).toBe(all.items.length - 1);
    expect((await inbox(reader, "&unread=true")).items.map((n) => n.id)).not.toContain(newest!.id);
    expect((await inbox(reader, "&unread=false")).items.map((n) => n.id)).toEqual([newest!.id]);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Told[]; nextCursor: string | null } = (await reader.get(`/api/v1/notifications?limit=1${cursor ? `&cursor=${cursor}` : ""}`)).body;
      pages.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.items.map((n) => n.id));

    const readAll = await reader.post("/api/v1/notifications/read-all");
    expect(readAll.body).toEqual({ read: all.items.length - 1, unreadCount: 0 });
    expect((await inbox(reader)).unreadCount).toBe(0);
  });

  it("the e-mail preference is each user's own, off until asked for", async () => {
    expect((await agent.get("/api/v1/notifications/preferences")).body).toMatchObject({ email: false });
    expect((await agent.patch("/api/v1/notifications/preferences", { email: true })).body).toMatchObject({ email: true });
    expect((await agent.patch("/api/v1/notifications/preferences")).body).toMatchObject({ email: true });
    expect((await agent.get("/api/v1/notifications/preferences")).body).toMatchObject({ email: true });
    expect((await supervisor.get("/api/v1/notifications/preferences")).body).toMatchObject({ email: false });
  });

  it("a customer's link has no notifications", async () => {
    const kase = await newCase();
    const token = (await agent.post(`/api/v1/cases/${kase.id}/customer-link`)).body.token as string;
    expect((await client(t.app, token).get("/api/v1/notifications")).status).toBe(403);
    expect((await client(t.app).get("/api/v1/notifications")).status).toBe(401);
  });
});

describe("pushed live", () => {
  it("a new notification reaches the recipient's open console as notification.created, and no one else's", async () => {
    const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const open = async (token: string) => {
      const controller = new AbortController();
      const res = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      const got: { event: string; data: any }[] = [];
      let buffer = "";
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            let i: number;
            while ((i = buffer.indexOf("\n\n")) >= 0) {
              const block = buffer.slice(0, i).split("\n");
              buffer = buffer.slice(i + 2);
              const event = block.find((l) => l.startsWith("event: "))?.slice(7);
              const data = block.find((l) => l.startsWith("data: "))?.slice(6);
              if (event && data) got.push({ event, data: JSON.parse(data) });
            }
          }
        } catch {
          /* aborted */
        }
      })();
      while (!got.some((g) => g.event === "ready")) await new Promise((r) => setTimeout(r, 10));
      return { got, close: () => controller.abort() };
    };
    const agentStream = await open(w.agent.token);
    const supervisorStream = await open(w.supervisor.token);
    const kase = await newCase({}, supervisor);
    expect((await supervisor.post(`/api/v1/cases/${kase.id}/assign`, { userId: w.agent.id })).status).toBe(200);
    const arrived = () => agentStream.got.find((g) => g.event === "notification.created" && g.data.payload.notification.subject.id === kase.id);
    for (let i = 0; i < 300 && !arrived(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(arrived()!.data.payload.notification).toMatchObject({ kind: "case.assigned", subject: { id: kase.id, label: kase.number } });
    // The supervisor's console heard of the change, but of nobody's notification.
    expect(supervisorStream.got.some((g) => g.event === "change" && g.data.payload.caseId === kase.id)).toBe(true);
    expect(supervisorStream.got.filter((g) => g.event === "notification.created")).toEqual([]);
    agentStream.close();
    supervisorStream.close();
  });
});
