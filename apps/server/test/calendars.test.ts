/**
 * Business calendars through the API: an admin creates the Shanghai hotline's calendar (a lunch
 * break, Saturday hours, the national-day week and its make-up days), lists, reads, changes it,
 * and previews a deadline; every write is audited; supervisors and agents read, partners do not,
 * only admins write; names are unique ignoring case.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCalendar } from "../src/modules/calendars/index.js";
import { client, createTestApp, createWorld, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let admin: Client;
let tag: string;
let now = new Date("2026-09-25T02:00:00Z");

const weekdays = (from: string, to: string) => [1, 2, 3, 4, 5].map((day) => ({ day, from, to }));
const body = () => ({
  name: `Hotline Shanghai ${tag}`,
  timezone: "Asia/Shanghai",
  hours: [...weekdays("09:00", "12:00"), ...weekdays("13:30", "18:00"), { day: 6, from: "10:00", to: "16:00" }],
  holidays: ["2026-10-07", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06"],
  workingDays: ["2026-10-10", { date: "2026-09-27", hours: [{ from: "09:00", to: "17:00" }] }],
});

beforeAll(async () => {
  t = await createTestApp({ clock: () => new Date(now) });
  w = await createWorld(t.db);
  admin = client(t.app, w.admin.token);
  tag = worldTag(w.admin.email);
});
afterAll(() => t.close());

describe("an admin keeps a calendar", () => {
  let id: string;

  it("creates it: dates sorted, plain make-up dates as { date }, abilities for the admin", async () => {
    const r = await admin.post("/api/v1/calendars", body());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
    expect(r.body).toMatchObject({
      name: `Hotline Shanghai ${tag}`,
      timezone: "Asia/Shanghai",
      holidays: ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
      workingDays: [{ date: "2026-09-27", hours: [{ from: "09:00", to: "17:00" }] }, { date: "2026-10-10" }],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      abilities: ["calendar.update"],
    });
    expect(r.body.hours).toHaveLength(11);
    expect((await admin.get(`/api/v1/calendars/${id}`)).body).toEqual(r.body);
    const loaded = await findCalendar(t.db, id);
    expect(loaded).toMatchObject({ id, timezone: "Asia/Shanghai", workingDays: r.body.workingDays, holidays: r.body.holidays });
  });

  it("previews deadlines in the calendar's time", async () => {
    const preview = async (from: string, duration: string) => {
      const r = await admin.get(`/api/v1/calendars/${id}/preview?from=${encodeURIComponent(from)}&duration=${duration}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.dueAt;
    };
    // Friday 17:00 + 8 open hours: 1 h Friday, 6 h Saturday 10:00–16:00, 1 h of the make-up Sunday (09:00–17:00).
    expect(await preview("2026-09-25T17:00:00+08:00", "PT8H")).toBe("2026-09-27T02:00:00.000Z");
    // Wednesday 30 September 17:00 + 2 h: 1 h that day, the holiday week closed, then Thursday 8 October 10:00.
    expect(await preview("2026-09-30T17:00:00+08:00", "PT2H")).toBe("2026-10-08T02:00:00.000Z");
    // Seconds count too, across lunch.
    expect(await preview("2026-09-28T11:59:57+08:00", "PT6S")).toBe("2026-09-28T05:30:03.000Z");
    // A day counts working days: Friday 9 October 10:00 → Saturday 10 October (make-up, Monday's hours) 10:00.
    expect(await preview("2026-10-09T10:00:00+08:00", "P1D")).toBe("2026-10-10T02:00:00.000Z");
  });

  it("refuses a duration it cannot count, in words", async () => {
    const r = await admin.get(`/api/v1/calendars/${id}/preview?from=2026-09-25T09:00:00Z&duration=P2M`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/years or months/);
  });

  it("changes it (whole fields replaced) and records before and after", async () => {
    now = new Date(now.getTime() + 60_000);
    const r = await admin.patch(`/api/v1/calendars/${id}`, { holidays: ["2026-12-25"], workingDays: [] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ holidays: ["2026-12-25"], workingDays: [], timezone: "Asia/Shanghai", updatedAt: now.toISOString() });
    expect(r.body.hours).toHaveLength(11);

    const log = await admin.get(`/api/v1/audit?subjectType=calendar&subjectId=${id}`);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(["calendar.updated", "calendar.created"]);
    const [updated, created] = log.body.items;
    expect(created.before).toBeNull();
    expect(created.after).toMatchObject({ name: `Hotline Shanghai ${tag}`, timezone: "Asia/Shanghai" });
    expect(updated.before.holidays).toHaveLength(7);
    expect(updated.after).toMatchObject({ holidays: ["2026-12-25"], workingDays: [] });
    expect(updated.actor).toMatchObject({ type: "user", id: w.admin.id });
  });

  it("refuses a change that would leave it broken, and writes nothing", async () => {
    const before = await snapshot(t.db, tag);
    const r = await admin.patch(`/api/v1/calendars/${id}`, { hours: [{ day: 1, from: "13:00", to: "12:00" }] });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "validation_failed", message: expect.stringContaining("ends before it starts"), details: [{ path: "body.hours[0]", message: expect.any(String) }] });
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
  });

  it("keeps names unique ignoring case, on create and on rename", async () => {
    const other = await admin.post("/api/v1/calendars", { ...body(), name: `Berlin desk ${tag}`, timezone: "Europe/Berlin", workingDays: [] });
    expect(other.status).toBe(201);
    const before = await snapshot(t.db, tag);
    const dup = await admin.post("/api/v1/calendars", { ...body(), name: `HOTLINE shanghai ${tag}` });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: "calendar_name_taken", details: [{ id, name: `Hotline Shanghai ${tag}` }] });
    const rename = await admin.patch(`/api/v1/calendars/${other.body.id}`, { name: `hotline Shanghai ${tag}` });
    expect(rename.status).toBe(409);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    // Renaming a calendar to another spelling of its own name is fine.
    const respell = await admin.patch(`/api/v1/calendars/${id}`, { name: `HOTLINE Shanghai ${tag}` });
    expect(respell.status).toBe(200);
    expect(respell.body.name).toBe(`HOTLINE Shanghai ${tag}`);
  });

  it("lists them by name, paged, searchable", async () => {
    const first = await admin.get(`/api/v1/calendars?q=${tag}&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual([`Berlin desk ${tag}`]);
    const second = await admin.get(`/api/v1/calendars?q=${tag}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((c: { name: string }) => c.name)).toEqual([`HOTLINE Shanghai ${tag}`]);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe("who may do what", () => {
  let id: string;
  beforeAll(async () => {
    id = (await admin.post("/api/v1/calendars", { ...body(), name: `Permissions ${tag}` })).body.id;
  });

  it("supervisors and agents read calendars and previews, without the ability to change them", async () => {
    for (const who of [w.supervisor, w.agent, w.billingAgent]) {
      const c = client(t.app, who.token);
      const one = await c.get(`/api/v1/calendars/${id}`);
      expect(one.status).toBe(200);
      expect(one.body.abilities).toEqual([]);
      expect((await c.get(`/api/v1/calendars?q=${tag}`)).body.items.map((x: { id: string }) => x.id)).toContain(id);
      expect((await c.get(`/api/v1/calendars/${id}/preview?from=2026-09-28T09:00:00%2B08:00&duration=PT1H`)).body).toEqual({ dueAt: "2026-09-28T02:00:00.000Z" });
    }
  });

  it("only admins write; partners see nothing; nobody signed out does anything — and a refusal writes nothing", async () => {
    const before = await snapshot(t.db, tag);
    for (const who of [w.supervisor, w.agent]) {
      const c = client(t.app, who.token);
      expect((await c.post("/api/v1/calendars", { ...body(), name: `Mine ${tag}` })).status).toBe(403);
      expect((await c.patch(`/api/v1/calendars/${id}`, { holidays: [] })).status).toBe(403);
    }
    for (const who of [w.partner, w.otherPartnerAgent]) {
      const c = client(t.app, who.token);
      expect((await c.get("/api/v1/calendars")).status).toBe(403);
      expect((await c.get(`/api/v1/calendars/${id}`)).status).toBe(403);
      expect((await c.get(`/api/v1/calendars/${id}/preview?from=2026-09-28T09:00:00Z&duration=PT1H`)).status).toBe(403);
      expect((await c.post("/api/v1/calendars", { ...body(), name: `Partner ${tag}` })).status).toBe(403);
      expect((await c.patch(`/api/v1/calendars/${id}`, { holidays: [] })).status).toBe(403);
    }
    const anon = client(t.app);
    expect((await anon.get("/api/v1/calendars")).status).toBe(401);
    expect((await anon.get(`/api/v1/calendars/${id}`)).status).toBe(401);
    expect((await anon.post("/api/v1/calendars", { ...body(), name: `Anon ${tag}` })).status).toBe(401);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
  });
});
