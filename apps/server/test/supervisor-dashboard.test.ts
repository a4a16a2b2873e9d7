/**
 * A supervisor signs in and sees what needs supervising: open cases per owner and per
 * organisation, the unassigned pile, what waits on a party, the oldest open cases and what was
 * reopened this week. Only supervisors and admins may ask; resolved and closed cases do not count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supervisorDashboardSchema } from "@tandem/contracts";
import { client, createTestApp, createWorld, randomMobile, type TestApp, type World } from "./helper.js";

const DAY = 86400_000;
let now = new Date("2026-03-10T08:00:00Z");
let t: TestApp;
let w: World;
const ids: Record<string, string> = {};

beforeAll(async () => {
  // Its own database on PostgreSQL, so that the counts are this file's alone.
  t = await createTestApp({ ownDatabase: true, clock: () => now });
  w = await createWorld(t.db);
  const agent = client(t.app, w.agent.token);
  const supervisor = client(t.app, w.supervisor.token);
  const customerId = (await agent.post("/api/v1/customers", { name: "Dashboard customer", identities: [{ kind: "phone", value: randomMobile() }] })).body.id as string;
  const open = async (name: string, extra: Record<string, unknown> = {}) => {
    const r = await agent.post("/api/v1/cases", { customerId, kind: "incident", subject: `Case ${name}`, channel: "phone", ...extra });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[name] = r.body.id;
    now = new Date(now.getTime() + 60_000);
  };
  const expectOk = (r: { status: number; body: unknown }) => expect(r.status, JSON.stringify(r.body)).toBe(200);

  now = new Date(now.getTime() - 20 * DAY);
  await open("oldest"); // the agent owns it
  await open("reopenedLongAgo");
  expectOk(await agent.post(`/api/v1/cases/${ids.reopenedLongAgo}/resolve`, { resolution: "done" }));
  expectOk(await supervisor.post(`/api/v1/cases/${ids.reopenedLongAgo}/reopen`, { reason: "not done" }));
  now = new Date(now.getTime() + 10 * DAY);
  await open("unassigned", { organizationId: w.billing.id });
  await open("waiting");
  expectOk(await agent.post(`/api/v1/cases/${ids.waiting}/parties`, { organizationId: w.maker.id, access: "contribute" }));
  expectOk(await agent.post(`/api/v1/cases/${ids.waiting}/status`, { status: "waiting_on_party" }));
  await open("resolved");
  expectOk(await agent.post(`/api/v1/cases/${ids.resolved}/resolve`, { resolution: "done" }));
  now = new Date("2026-03-08T08:00:00Z");
  await open("reopenedThisWeek");
  expectOk(await agent.post(`/api/v1/cases/${ids.reopenedThisWeek}/resolve`, { resolution: "done" }));
  now = new Date("2026-03-09T08:00:00Z");
  expectOk(await supervisor.post(`/api/v1/cases/${ids.reopenedThisWeek}/reopen`, { reason: "the customer called back" }));
  now = new Date("2026-03-10T08:00:00Z");
});
afterAll(async () => t?.close());

describe("GET /api/v1/dashboard/supervisor", () => {
  it("gives a supervisor the open cases per owner and organisation, the piles, the oldest and the reopened", async () => {
    const r = await client(t.app, w.supervisor.token).get("/api/v1/dashboard/supervisor");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = supervisorDashboardSchema.parse(r.body);
    expect(d.generatedAt).toBe("2026-03-10T08:00:00.000Z");
    // Open: oldest, reopenedLongAgo, unassigned, waiting, reopenedThisWeek; not the resolved one.
    expect(d.open).toBe(5);
    expect(d.unassigned).toBe(1);
    expect(d.waitingOnParty).toBe(1);
    expect(d.openByOwner).toEqual([
      { userId: w.agent.id, name: "agent", count: 4 },
      { userId: null, name: null, count: 1 },
    ]);
    expect(d.openByOrganization).toEqual([
      { organizationId: w.hotline.id, name: w.hotline.name, count: 4 },
      { organizationId: w.billing.id, name: w.billing.name, count: 1 },
    ]);
    expect(d.oldestOpen.map((c) => c.id)).toEqual([ids.oldest, ids.reopenedLongAgo, ids.unassigned, ids.waiting, ids.reopenedThisWeek]);
    expect(d.oldestOpen[2]).toMatchObject({ ownerName: null, organizationName: w.billing.name, status: "open" });
    expect(d.reopenedLast7Days.map((c) => c.id)).toEqual([ids.reopenedThisWeek]);
    expect(d.reopenedLast7Days[0]!.reopenedAt).toBe("2026-03-09T08:00:00.000Z");
    expect(d.reopenedLast7DaysCount).toBe(1);
  });

  it("is the same for an admin, and refused to agents, partners and anonymous callers", async () => {
    const admin = await client(t.app, w.admin.token).get("/api/v1/dashboard/supervisor");
    expect(admin.status).toBe(200);
    expect(supervisorDashboardSchema.parse(admin.body).open).toBe(5);
    for (const [token, status] of [[w.agent.token, 403], [w.partner.token, 403], [undefined, 401]] as const) {
      const r = await client(t.app, token).get("/api/v1/dashboard/supervisor");
      expect(r.status).toBe(status);
      expect(r.body).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
    }
  });

  it("a case resolved after the week's reopen leaves the open counts but stays in the reopened list", async () => {
    expect((await client(t.app, w.agent.token).post(`/api/v1/cases/${ids.reopenedThisWeek}/resolve`, { resolution: "fixed" })).status).toBe(200);
    const d = supervisorDashboardSchema.parse((await client(t.app, w.supervisor.token).get("/api/v1/dashboard/supervisor")).body);
    expect(d.open).toBe(4);
    expect(d.reopenedLast7Days.map((c) => c.id)).toEqual([ids.reopenedThisWeek]);
    expect(d.reopenedLast7Days[0]!.status).toBe("resolved");
  });
});
