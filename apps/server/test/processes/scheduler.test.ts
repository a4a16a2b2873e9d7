/**
 * The scheduler role in real processes on PostgreSQL, with the test kind of due work
 * (TANDEM_TEST_HANDLERS=1: each run inserts its key into due_work_test_runs, whose primary key
 * turns a second run into a failure):
 *   - a SIGKILL in the middle of a batch loses nothing and doubles nothing: the interrupted work
 *     is run once, by the next process;
 *   - two processes run 10,000 items due within the same minute exactly once, and both do work.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/platform/db.js";
import { migrate } from "../../src/platform/migrate.js";
import { TEST_KIND, TEST_RUNS_DDL } from "../../src/platform/due/test-handlers.js";
import { createDatabase } from "../database.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const ADMIN_URL = process.env.DATABASE_URL!;

async function prepared(prefix: string): Promise<{ url: string; drop(): Promise<void>; sql: pg.Client }> {
  const database = await createDatabase(ADMIN_URL, prefix);
  const db = await openDb({ databaseUrl: database.url });
  await migrate(db);
  await db.exec(TEST_RUNS_DDL);
  await db.close();
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  return { ...database, sql };
}

const serverEnv = (url: string) => ({ DATABASE_URL: url, TANDEM_DEMO: "off", TANDEM_SECRET: "scheduler-process-secret-0123", LOG_LEVEL: "warn", TANDEM_WORKERS: "1", TANDEM_TEST_HANDLERS: "1" });
const start = async (url: string) => startServer(serverEnv(url), await freePort(), 30_000, ["--roles", "web,scheduler"]);

/** Schedules `count` items of the test kind, the i-th due at `firstDue` + i × `spacingMs`, and wakes the schedulers. */
async function scheduleTestWork(sql: pg.Client, count: number, firstDue: Date, spacingMs: number, payload: Record<string, unknown> = {}): Promise<void> {
  await sql.query(
    `INSERT INTO due_work (id, kind, key, due_at, payload)
     SELECT gen_random_uuid(), $1, 'item-' || i, $2::timestamptz + (i * $3::float8) * interval '1 millisecond', $4::jsonb FROM generate_series(0, $5 - 1) i`,
    [TEST_KIND, firstDue, spacingMs, JSON.stringify(payload), count],
  );
  await sql.query(`SELECT pg_notify('tandem_due', $1)`, [firstDue.toISOString()]);
}

const count = async (sql: pg.Client, query: string, params: unknown[] = []) => ((await sql.query<{ n: number }>(query, params)).rows[0]!.n as number) * 1;

async function until(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a scheduler killed in the middle of a batch", () => {
  let db: Awaited<ReturnType<typeof prepared>>;
  let server: ServerProcess | null = null;
  beforeAll(async () => {
    db = await prepared("due_kill");
  });
  afterAll(async () => {
    await stopServer(server);
    await db?.sql.end();
    await db?.drop();
  });

  it("re-runs the interrupted work exactly once after a restart", async () => {
    // More batches (200 items each) than a process runs at once (4), so that the first wave commits
    // while later ones are still open: the kill then lands with work both done and under way.
    const ITEMS = 2000;
    const first = await start(db.url);
    server = first;
    // Each run holds its transaction 10 ms: a batch of 200 stays open two seconds, so the kill lands inside one.
    await scheduleTestWork(db.sql, ITEMS, new Date(), 0, { holdMs: 10 });
    await until("a first batch to commit, and another to be under way", async () => {
      const done = await count(db.sql, `SELECT count(*)::int AS n FROM due_work_test_runs`);
      const open = await count(db.sql, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()`);
      return done > 0 && done < ITEMS && open > 0;
    }, 30_000);
    first.child.kill("SIGKILL");
    await first.exited;
    server = null;

    // Nothing lost, nothing doubled: every item either ran (committed) or is still pending, never both.
    const ran = (await db.sql.query<{ key: string }>(`SELECT key FROM due_work_test_runs`)).rows.map((r) => r.key);
    const pending = (await db.sql.query<{ key: string; attempts: number; state: string }>(`SELECT key, attempts, state FROM due_work WHERE kind = $1`, [TEST_KIND])).rows;
    expect(ran.length).toBeGreaterThan(0);
    expect(pending.length).toBeGreaterThan(0);
    expect(ran.length + pending.length).toBe(ITEMS);
    expect(new Set([...ran, ...pending.map((p) => p.key)]).size).toBe(ITEMS);
    // The interrupted batch rolled back whole: its work is pending as it was, no attempt counted.
    expect(pending.filter((p) => p.state !== "pending" || p.attempts !== 0)).toEqual([]);

    const second = await start(db.url);
    server = second;
    await until("every item to run", async () => (await count(db.sql, `SELECT count(*)::int AS n FROM due_work WHERE kind = $1`, [TEST_KIND])) === 0, 60_000);
    const runs = (await db.sql.query<{ key: string; pid: number; attempts: number }>(`SELECT key, pid, attempts FROM due_work_test_runs`)).rows;
    expect(runs).toHaveLength(ITEMS);
    expect(new Set(runs.map((r) => r.key)).size).toBe(ITEMS);
    // The work the kill interrupted ran once, in the new process, at its first attempt.
    const rerun = runs.filter((r) => pending.some((p) => p.key === r.key));
    expect(rerun).toHaveLength(pending.length);
    expect(new Set(rerun.map((r) => r.pid))).toEqual(new Set([second.child.pid]));
    expect(runs.filter((r) => r.attempts !== 0)).toEqual([]);
  }, 120_000);
});

describe("two schedulers on one PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof prepared>>;
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    db = await prepared("due_two");
    servers = await Promise.all([start(db.url), start(db.url)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => stopServer(s)));
    await db?.sql.end();
    await db?.drop();
  });

  const failedIn = async (server: ServerProcess): Promise<number> => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const match = /^tandem_due_work_failed_total (\d+)$/m.exec(text);
    if (!match) throw new Error(`no failed counter in /metrics:\n${text}`);
    return Number(match[1]);
  };

  it("run 10,000 items due within the same minute exactly once, both taking part", async () => {
    const ITEMS = 10_000;
    // Due over three seconds starting one second from now: both processes are asleep when it arrives.
    await scheduleTestWork(db.sql, ITEMS, new Date(Date.now() + 1000), 3000 / ITEMS);
    await until("every item to run", async () => (await count(db.sql, `SELECT count(*)::int AS n FROM due_work WHERE kind = $1`, [TEST_KIND])) === 0, 90_000);

    const byPid = (await db.sql.query<{ pid: number; n: number }>(`SELECT pid, count(*)::int AS n FROM due_work_test_runs GROUP BY pid`)).rows;
    expect(byPid.reduce((sum, r) => sum + r.n, 0)).toBe(ITEMS);
    expect(await count(db.sql, `SELECT count(DISTINCT key)::int AS n FROM due_work_test_runs`)).toBe(ITEMS);
    expect(new Set(byPid.map((r) => r.pid))).toEqual(new Set(servers.map((s) => s.child.pid)));
    // No run was refused as a second one (the primary key would have made it fail).
    expect(await Promise.all(servers.map(failedIn))).toEqual([0, 0]);
    // Nothing was run before it was due.
    expect(await count(db.sql, `SELECT count(*)::int AS n FROM due_work_test_runs WHERE ran_at < due_at`)).toBe(0);
  }, 120_000);
});
