/**
 * Due work registered `alone` (its handler acts outside the database, e.g. sends a mail) runs one
 * piece per transaction: when another item of the batch fails, the batch rolls back and runs again,
 * but the piece that already acted is not run a second time.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { DueWorkHandlers, schedule, Scheduler } from "../src/platform/due/index.js";
import { createTestApp, type TestApp } from "./helper.js";

const now = new Date("2041-05-01T09:00:00.000Z");
let t: TestApp;
/** What the handlers did outside the database (a rollback cannot undo it). */
let outside: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ ownDatabase: true, clock: () => now });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.query("DELETE FROM due_work");
  outside = [];
});

function scheduler(): Scheduler {
  const h = new DueWorkHandlers();
  h.add("test.write", (ctx, work) => ctx.tx.query("SELECT $1::text", [work.key]).then(() => undefined));
  h.add("test.fail", () => Promise.reject(new Error("this one fails")));
  h.add(
    "test.send",
    async (_ctx, work) => {
      outside.push(work.key);
      await Promise.resolve();
    },
    { alone: true },
  );
  return new Scheduler({ db: t.db, handlers: h, log: createLogger("silent"), now: () => now, metrics: new Metrics() });
}

const add = (kind: string, key: string) => t.db.transaction((tx) => schedule({ tx, now }, { kind, key, dueAt: now }));

it("runs alone work once although a batch it would have shared fails and runs again", async () => {
  await add("test.write", "a");
  await add("test.send", "mail-1");
  await add("test.fail", "b");
  await add("test.send", "mail-2");
  await add("test.write", "c");
  expect(await scheduler().runDue()).toEqual({ claimed: 5, done: 4, failed: 1, parked: 0 });
  expect(outside.sort()).toEqual(["mail-1", "mail-2"]);
  expect(await scheduler().runDue()).toEqual({ claimed: 0, done: 0, failed: 0, parked: 0 });
  const left = await t.db.query<{ kind: string; attempts: number }>("SELECT kind, attempts FROM due_work");
  expect(left).toEqual([{ kind: "test.fail", attempts: 1 }]);
});

it("records the failure of alone work like any other, and runs at most a batch of it per call", async () => {
  const h = new DueWorkHandlers();
  let calls = 0;
  h.add(
    "test.flaky",
    () => {
      calls++;
      return calls === 1 ? Promise.reject(new Error("server said 451")) : Promise.resolve();
    },
    { alone: true },
  );
  const s = new Scheduler({ db: t.db, handlers: h, log: createLogger("silent"), now: () => now, metrics: new Metrics(), batchSize: 2 });
  for (const key of ["x", "y", "z"]) await add("test.flaky", key);
  expect(await s.runDue()).toEqual({ claimed: 2, done: 1, failed: 1, parked: 0 });
  expect(await s.runDue()).toEqual({ claimed: 1, done: 1, failed: 0, parked: 0 });
  const left = await t.db.query<{ attempts: number; last_error: string }>("SELECT attempts, last_error FROM due_work");
  expect(left).toEqual([{ attempts: 1, last_error: "server said 451" }]);
});
