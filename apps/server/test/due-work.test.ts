/**
 * Durable due work on a real database (PGlite, or a PostgreSQL database of this file's own): a
 * module schedules work from inside its command's transaction; the scheduler runs it once, at its
 * due time (a stepped clock), with the handler's effects in the same transaction; a uniqueness
 * key, reschedule and cancel; a failing handler backs off and is parked; admins see parked work
 * and retry it; no one else may.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dueWorkSchema, pageOf } from "@tandem/contracts";
import type { Ctx } from "../src/platform/context.js";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { cancel, DUE_METRICS, DueWorkHandlers, RECURRING_KEY, reschedule, schedule, Scheduler, type DueWork, type SchedulerOptions } from "../src/platform/due/index.js";
import { addTestHandlers, TEST_KIND, TEST_RUNS_DDL } from "../src/platform/due/test-handlers.js";
import { client, createTestApp, createWorld, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

const START = new Date("2041-03-01T09:00:00.000Z");
let now = START;
const clock = () => now;
const step = (ms: number) => (now = new Date(now.getTime() + ms));

let t: TestApp;
let w: World;
/** What the story's handler saw, and whether the service it calls is up. */
let seen: { work: DueWork; now: Date; actor: Ctx["actor"] }[] = [];
let serviceUp = true;

beforeAll(async () => {
  t = await createTestApp({ ownDatabase: true, clock });
  w = await createWorld(t.db);
  await t.db.exec(TEST_RUNS_DDL);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.query(`DELETE FROM due_work`);
  await t.db.query(`DELETE FROM due_work_test_runs`);
  now = START;
  seen = [];
  serviceUp = true;
});

function handlers(): DueWorkHandlers {
  const h = new DueWorkHandlers();
  addTestHandlers(h);
  // A module's timed job: it writes through ctx.tx, and fails while the service it needs is down.
  h.add(
    "story.remind",
    async (ctx, work) => {
      if (!serviceUp) throw new Error("the reminder service is down");
      await ctx.tx.query(`INSERT INTO due_work_test_runs (key, due_at, ran_at, pid, attempts) VALUES ($1, $2, $3, 0, $4)`, [work.key, work.dueAt, ctx.now, work.attempts]);
      seen.push({ work, now: ctx.now, actor: ctx.actor });
    },
    { backoff: { maxAttempts: 3, baseMs: 60_000, maxMs: 600_000 } },
  );
  return h;
}

function scheduler(options: Partial<SchedulerOptions> = {}): Scheduler {
  return new Scheduler({ db: t.db, handlers: handlers(), log: createLogger("silent"), now: clock, metrics: new Metrics(), ...options });
}

/** Schedules as a module's command does: in a transaction of its own, with the clock's now. */
const inCommand = <T>(fn: (ctx: Pick<Ctx, "tx" | "now">) => Promise<T>) => t.db.transaction((tx) => fn({ tx, now: clock() }));

const rows = () => t.db.query<{ kind: string; key: string; state: string; due_at: Date; attempts: number; last_error: string | null; payload: unknown }>(`SELECT kind, key, state, due_at, attempts, last_error, payload FROM due_work ORDER BY due_at, key`);
const runs = () => t.db.query<{ key: string; due_at: Date; ran_at: Date }>(`SELECT key, due_at, ran_at FROM due_work_test_runs ORDER BY key`);

describe("scheduling and running", () => {
  it("runs work once, at its due time, with the handler's effects in the same transaction", async () => {
    const dueAt = new Date(START.getTime() + 30 * 60_000);
    expect(await inCommand((ctx) => schedule(ctx, { kind: "story.remind", key: "case-1", dueAt, payload: { caseId: "case-1" } }))).toBe(true);
    const metrics = new Metrics();
    const s = scheduler({ metrics });

    step(30 * 60_000 - 1);
    expect(await s.runDue()).toEqual({ claimed: 0, done: 0, failed: 0, parked: 0 });
    expect(seen).toEqual([]);

    step(1001);
    expect(await s.runDue()).toEqual({ claimed: 1, done: 1, failed: 0, parked: 0 });
    expect(seen).toEqual([{ work: { id: expect.any(String), kind: "story.remind", key: "case-1", dueAt, payload: { caseId: "case-1" }, attempts: 0 }, now, actor: { type: "system", name: "Tandem" } }]);
    expect(await runs()).toEqual([{ key: "case-1", due_at: dueAt, ran_at: now }]);
    // Done work is gone with the commit that did it: nothing runs twice.
    expect(await rows()).toEqual([]);
    expect(await s.runDue()).toMatchObject({ claimed: 0 });
    expect(seen).toHaveLength(1);
    expect(metrics.value(DUE_METRICS.run)).toBe(1);
    expect(metrics.histogramOf(DUE_METRICS.lateness)).toMatchObject({ count: 1, sum: 1 });
  });

  it("schedules nothing when the command rolls back", async () => {
    await expect(
      inCommand(async (ctx) => {
        await schedule(ctx, { kind: "story.remind", key: "rolled-back", dueAt: START });
        throw new Error("the command was refused");
      }),
    ).rejects.toThrow("refused");
    expect(await rows()).toEqual([]);
  });

  it("schedules a key once; reschedule moves it, cancel removes it, and once done it may be scheduled again", async () => {
    const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
    expect(await inCommand((ctx) => schedule(ctx, { kind: "story.remind", key: "k", dueAt: at(10), payload: { n: 1 } }))).toBe(true);
    expect(await inCommand((ctx) => schedule(ctx, { kind: "story.remind", key: "k", dueAt: at(5), payload: { n: 2 } }))).toBe(false);
    // The same key under another kind is other work.
    expect(await inCommand((ctx) => schedule(ctx, { kind: TEST_KIND, key: "k", dueAt: at(10) }))).toBe(true);
    expect(await rows()).toMatchObject([
      { kind: "story.remind", key: "k", due_at: at(10), payload: { n: 1 } },
      { kind: TEST_KIND, key: "k", due_at: at(10) },
    ]);

    await inCommand((ctx) => reschedule(ctx, { kind: "story.remind", key: "k", dueAt: at(20), payload: { n: 3 } }));
    expect((await rows()).find((r) => r.kind === "story.remind")).toMatchObject({ due_at: at(20), payload: { n: 3 } });
    expect(await inCommand((ctx) => cancel({ tx: ctx.tx }, TEST_KIND, "k"))).toBe(true);
    expect(await inCommand((ctx) => cancel({ tx: ctx.tx }, TEST_KIND, "k"))).toBe(false);

    step(20 * 60_000);
    expect(await scheduler().runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(seen.map((s) => s.work.payload)).toEqual([{ n: 3 }]);
    expect(await inCommand((ctx) => schedule(ctx, { kind: "story.remind", key: "k", dueAt: at(30) }))).toBe(true);
  });

  it("runs the earliest first, a batch at a time, and leaves kinds it has no handler for", async () => {
    await inCommand(async (ctx) => {
      for (let i = 0; i < 5; i++) await schedule(ctx, { kind: "story.remind", key: `b${i}`, dueAt: new Date(START.getTime() - i * 1000) });
      await schedule(ctx, { kind: "another.version", key: "x", dueAt: START });
    });
    const s = scheduler({ batchSize: 3 });
    expect(await s.runDue()).toMatchObject({ claimed: 3, done: 3 });
    expect(seen.map((x) => x.work.key)).toEqual(["b4", "b3", "b2"]);
    expect(await s.runDue()).toMatchObject({ claimed: 2, done: 2 });
    expect(await s.runDue()).toMatchObject({ claimed: 0 });
    expect(await rows()).toMatchObject([{ kind: "another.version", state: "pending" }]);
  });

  it("recurring work runs every interval, and again at once when it asks", async () => {
    const h = new DueWorkHandlers();
    let again = false;
    const ranAt: Date[] = [];
    h.every("story.sweep", 600_000, async (ctx) => {
      ranAt.push(ctx.now);
      return { again };
    });
    const s = new Scheduler({ db: t.db, handlers: h, log: createLogger("silent"), now: clock, metrics: new Metrics() });
    await inCommand((ctx) => h.ensureRecurring(ctx));
    await inCommand((ctx) => h.ensureRecurring(ctx)); // a second process starting: still one
    expect(await rows()).toMatchObject([{ kind: "story.sweep", key: RECURRING_KEY, due_at: START }]);

    expect(await s.runDue()).toMatchObject({ done: 1 });
    expect(await rows()).toMatchObject([{ key: RECURRING_KEY, due_at: new Date(START.getTime() + 600_000) }]);
    step(599_999);
    expect(await s.runDue()).toMatchObject({ claimed: 0 });
    step(1);
    again = true;
    expect(await s.runDue()).toMatchObject({ done: 1 });
    expect(await rows()).toMatchObject([{ due_at: now }]);
    // Long after it was due (the scheduler was away): the next run counts from this one.
    again = false;
    step(3 * 600_000);
    expect(await s.runDue()).toMatchObject({ done: 1 });
    expect(await rows()).toMatchObject([{ due_at: new Date(now.getTime() + 600_000) }]);
    expect(ranAt).toHaveLength(3);
  });
});

describe("failures", () => {
  it("backs off with jitter after each failure and parks the work after the last attempt, writing none of its effects", async () => {
    serviceUp = false;
    await inCommand((ctx) => schedule(ctx, { kind: "story.remind", key: "flaky", dueAt: START }));
    const metrics = new Metrics();
    const s = scheduler({ metrics });

    expect(await s.runDue()).toEqual({ claimed: 1, done: 0, failed: 1, parked: 0 });
    let [row] = await rows();
    expect(row).toMatchObject({ state: "pending", attempts: 1, last_error: "the reminder service is down" });
    // First retry: between half and all of the base wait (60 s).
    expect(row!.due_at.getTime() - now.getTime()).toBeGreaterThanOrEqual(30_000);
    expect(row!.due_at.getTime() - now.getTime()).toBeLessThanOrEqual(60_000);
    expect(await s.runDue()).toMatchObject({ claimed: 0 });

    now = row!.due_at;
    expect(await s.runDue()).toEqual({ claimed: 1, done: 0, failed: 1, parked: 0 });
    [row] = await rows();
    expect(row).toMatchObject({ state: "pending", attempts: 2 });
    expect(row!.due_at.getTime() - now.getTime()).toBeGreaterThanOrEqual(60_000);
    expect(row!.due_at.getTime() - now.getTime()).toBeLessThanOrEqual(120_000);

    now = row!.due_at;
    expect(await s.runDue()).toEqual({ claimed: 1, done: 0, failed: 1, parked: 1 });
    expect(await rows()).toMatchObject([{ state: "failed", attempts: 3, last_error: "the reminder service is down" }]);
    step(86_400_000);
    expect(await s.runDue()).toMatchObject({ claimed: 0 });
    expect(await runs()).toEqual([]);
    expect([metrics.value(DUE_METRICS.run), metrics.value(DUE_METRICS.failed), metrics.value(DUE_METRICS.parked)]).toEqual([0, 3, 1]);
  });

  it("a failing handler does not hold back the rest of its batch", async () => {
    await inCommand(async (ctx) => {
      for (let i = 0; i < 4; i++) await schedule(ctx, { kind: TEST_KIND, key: `ok-${i}`, dueAt: START });
      await schedule(ctx, { kind: TEST_KIND, key: "bad", dueAt: START, payload: { failTimes: 1 } });
    });
    expect(await scheduler().runDue()).toEqual({ claimed: 5, done: 4, failed: 1, parked: 0 });
    expect((await runs()).map((r) => r.key)).toEqual(["ok-0", "ok-1", "ok-2", "ok-3"]);
    expect(await rows()).toMatchObject([{ key: "bad", attempts: 1, state: "pending" }]);
    step(1000);
    expect(await scheduler().runDue()).toEqual({ claimed: 1, done: 1, failed: 0, parked: 0 });
    expect((await runs()).map((r) => r.key)).toContain("bad");
  });
});

describe("the running scheduler", () => {
  it("wakes for work notified as due sooner than its next poll, and stops after its batch", async () => {
    const realClock = () => new Date();
    const s = scheduler({ now: realClock, pollMs: 600_000 });
    await s.start();
    try {
      // Let it look once (nothing due) and fall asleep for the poll.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await t.db.transaction((tx) => schedule({ tx, now: realClock() }, { kind: TEST_KIND, key: "soon", dueAt: new Date(Date.now() + 50) }));
      for (let i = 0; i < 500 && (await runs()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await runs()).map((r) => r.key)).toEqual(["soon"]);
    } finally {
      await s.stop();
    }
  });
});

describe("admins and parked work", () => {
  const admin = () => client(t.app, w.admin.token);
  const list = pageOf(dueWorkSchema);

  async function parkOne(key: string): Promise<string> {
    serviceUp = false;
    await inCommand((ctx) => schedule(ctx, { kind: "story.remind", key, dueAt: now, payload: { tag: worldTag(w.admin.email) } }));
    const s = scheduler();
    for (let attempt = 0; attempt < 3; attempt++) {
      await s.runDue();
      const [row] = await t.db.query<{ due_at: Date }>(`SELECT due_at FROM due_work WHERE key = $1`, [key]);
      if (row!.due_at > now) now = row!.due_at;
    }
    const [row] = await t.db.query<{ id: string; state: string }>(`SELECT id, state FROM due_work WHERE key = $1`, [key]);
    expect(row!.state).toBe("failed");
    return row!.id;
  }

  it("lists parked work with paging, and a retry runs it again once the cause is fixed", async () => {
    const first = await parkOne(`${worldTag(w.admin.email)}-a`);
    step(1000);
    const second = await parkOne(`${worldTag(w.admin.email)}-b`);
    await inCommand((ctx) => schedule(ctx, { kind: "story.remind", key: "later", dueAt: new Date(now.getTime() + 3_600_000) }));

    const page1 = await admin().get("/api/v1/admin/due-work?limit=1");
    expect(page1.status).toBe(200);
    const p1 = list.parse(page1.body);
    expect(p1.items.map((i) => i.id)).toEqual([first]);
    expect(p1.items[0]).toMatchObject({ kind: "story.remind", state: "failed", attempts: 3, lastError: "the reminder service is down" });
    const page2 = list.parse((await admin().get(`/api/v1/admin/due-work?limit=1&cursor=${p1.nextCursor}`)).body);
    expect(page2.items.map((i) => i.id)).toEqual([second]);
    expect(page2.nextCursor).toBeNull();
    const pending = list.parse((await admin().get("/api/v1/admin/due-work?state=pending")).body);
    expect(pending.items.map((i) => i.key)).toEqual(["later"]);
    expect(list.parse((await admin().get("/api/v1/admin/due-work?kind=other.kind")).body).items).toEqual([]);

    serviceUp = true;
    step(5000);
    const retried = await admin().post(`/api/v1/admin/due-work/${first}/retry`);
    expect(retried.status).toBe(200);
    expect(dueWorkSchema.parse(retried.body)).toMatchObject({ id: first, state: "pending", attempts: 0, dueAt: now.toISOString() });
    expect(await scheduler().runDue()).toMatchObject({ claimed: 1, done: 1 });
    expect(seen.map((s) => s.work.id)).toEqual([first]);
    expect(list.parse((await admin().get("/api/v1/admin/due-work")).body).items.map((i) => i.id)).toEqual([second]);

    // Only parked work can be retried; gone work is not found.
    const notFailed = await admin().post(`/api/v1/admin/due-work/${pending.items[0]!.id}/retry`);
    expect([notFailed.status, notFailed.body.error.code]).toEqual([409, "due_work_not_failed"]);
    const gone = await admin().post(`/api/v1/admin/due-work/${first}/retry`);
    expect([gone.status, gone.body.error.code]).toEqual([404, "not_found"]);
  });

  it("is refused to everyone but admins, and a refusal writes nothing", async () => {
    const parked = await parkOne(`${worldTag(w.admin.email)}-refused`);
    const tag = worldTag(w.admin.email);
    for (const [who, token, status] of [
      ["supervisor", w.supervisor.token, 403],
      ["agent", w.agent.token, 403],
      ["partner", w.partner.token, 403],
      ["anonymous", undefined, 401],
    ] as const) {
      const before = await snapshot(t.db, tag);
      const c = client(t.app, token);
      expect((await c.get("/api/v1/admin/due-work")).status, who).toBe(status);
      expect((await c.post(`/api/v1/admin/due-work/${parked}/retry`)).status, who).toBe(status);
      expect((await c.post(`/api/v1/admin/due-work/${randomUUID()}/retry`)).status, who).toBe(status);
      expect(changed(before, await snapshot(t.db, tag)), who).toEqual([]);
    }
    expect(await rows()).toMatchObject([{ state: "failed" }]);
  });

  it("refuses a bad state or kind with 400", async () => {
    for (const query of ["state=done", "state=", "kind=", "limit=0"]) {
      const r = await admin().get(`/api/v1/admin/due-work?${query}`);
      expect([r.status, r.body.error.code], query).toEqual([400, "validation_failed"]);
    }
  });
});
