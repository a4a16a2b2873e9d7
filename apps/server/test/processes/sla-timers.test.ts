/**
 * Deadlines' timers in real processes on PostgreSQL (issue 10, *Faults*):
 *   - a scheduler SIGKILLed with milestones coming due: after a restart each breach fires once,
 *     late but never lost;
 *   - two `tandem serve` processes (`--workers 1` each) on one PostgreSQL: N resolution
 *     milestones due within the same minute give exactly N breach events.
 * Once-only is the `sla_firings` primary key's doing, not timing's.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/platform/db.js";
import { migrate } from "../../src/platform/migrate.js";
import { milestoneId } from "../../src/modules/sla/domain/milestones.js";
import { createDatabase } from "../database.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const ADMIN_URL = process.env.DATABASE_URL!;
const DEFAULT_POLICY = "00000000-0000-7000-8000-00000000a001";
const RESOLUTION_MS = 60_000;
/** The default policy, made a one-minute resolution deadline without warnings, updates or escalation to admins. */
const TARGETS = { policyId: DEFAULT_POLICY, name: "Default", firstResponseMs: null, nextUpdateMs: null, resolutionMs: RESOLUTION_MS, warnBeforeMs: 0, calendarId: null, pauseWhileWaitingOnCustomer: true, proactiveUpdates: "off" };

async function prepared(prefix: string): Promise<{ url: string; drop(): Promise<void>; sql: pg.Client }> {
  const database = await createDatabase(ADMIN_URL, prefix);
  const db = await openDb({ databaseUrl: database.url });
  await migrate(db);
  await db.close();
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  await sql.query(
    `UPDATE sla_policies SET first_response = NULL, next_update = NULL, resolution = 'PT60S', warn_before = 'PT0S', proactive_updates = 'off',
       escalation = '{"warn": [], "breach": ["owner", "supervisors"], "adminsAfter": null}' WHERE id = $1`,
    [DEFAULT_POLICY],
  );
  return { ...database, sql };
}

/**
 * `count` open cases under that policy whose resolution milestones fall due at `firstDue` +
 * i × `spacingMs`, each with its timer pending — as opening them through the API would leave them,
 * written in bulk.
 */
async function casesComingDue(sql: pg.Client, count: number, firstDue: Date, spacingMs: number): Promise<void> {
  const org = (await sql.query<{ id: string }>(`INSERT INTO organizations (id, name, kind) VALUES (gen_random_uuid(), 'Hotline', 'department') RETURNING id`)).rows[0]!.id;
  const customer = (await sql.query<{ id: string }>(`INSERT INTO customers (id, name) VALUES (gen_random_uuid(), 'Waiting customer') RETURNING id`)).rows[0]!.id;
  await sql.query(
    `INSERT INTO cases (id, number, customer_id, kind, subject, channel, priority, status, owner_organization_id, created_by_type, created_at, updated_at)
     SELECT gen_random_uuid(), 'SLA-' || i, $1, 'complaint', 'Coming due ' || i, 'phone', 'normal', 'open', $2, 'system',
            $3::timestamptz + (i * $4::float8 - $5) * interval '1 millisecond', $3::timestamptz
       FROM generate_series(0, $6 - 1) i`,
    [customer, org, firstDue, spacingMs, RESOLUTION_MS, count],
  );
  const created = await sql.query<{ id: string; case_id: string; at: Date }>(
    `INSERT INTO case_events (id, case_id, customer_id, type, actor_type, data, at)
     SELECT gen_random_uuid(), c.id, c.customer_id, 'case.created', 'system', '{}', c.created_at FROM cases c WHERE c.number LIKE 'SLA-%' RETURNING id, case_id, at`,
  );
  await sql.query(
    `INSERT INTO case_events (id, case_id, customer_id, type, actor_type, actor_name, data, at)
     SELECT gen_random_uuid(), c.id, c.customer_id, 'sla.policy_applied', 'system', 'Tandem', $1::jsonb, c.created_at FROM cases c WHERE c.number LIKE 'SLA-%'`,
    [JSON.stringify(TARGETS)],
  );
  const ids = created.rows.map((r) => milestoneId(r.id, "resolution"));
  await sql.query(
    `INSERT INTO due_work (id, kind, key, due_at, payload)
     SELECT gen_random_uuid(), 'sla.timer', m || ':due', d, jsonb_build_object('caseId', c) FROM unnest($1::text[], $2::uuid[], $3::timestamptz[]) AS t(m, c, d)`,
    [ids, created.rows.map((r) => r.case_id), created.rows.map((r) => new Date(r.at.getTime() + RESOLUTION_MS))],
  );
  await sql.query(`SELECT pg_notify('tandem_due', $1)`, [firstDue.toISOString()]);
}

const serverEnv = (url: string) => ({ DATABASE_URL: url, TANDEM_DEMO: "off", TANDEM_SECRET: "sla-process-secret-0123456789", LOG_LEVEL: "warn", TANDEM_WORKERS: "1" });
const start = async (url: string) => startServer(serverEnv(url), await freePort(), 30_000, ["--roles", "web,scheduler"]);
const count = async (sql: pg.Client, query: string, params: unknown[] = []) => ((await sql.query<{ n: number }>(query, params)).rows[0]!.n as number) * 1;
const breaches = (sql: pg.Client) => count(sql, `SELECT count(*)::int AS n FROM case_events WHERE type = 'sla.breached'`);
const pendingTimers = (sql: pg.Client) => count(sql, `SELECT count(*)::int AS n FROM due_work WHERE kind = 'sla.timer'`);

async function until(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each milestone breached exactly once: as many breach events as milestones, none twice, each with its firing row. */
async function expectEachBreachedOnce(sql: pg.Client, n: number): Promise<void> {
  expect(await breaches(sql)).toBe(n);
  expect(await count(sql, `SELECT count(DISTINCT data->>'milestoneId')::int AS n FROM case_events WHERE type = 'sla.breached'`)).toBe(n);
  expect(await count(sql, `SELECT count(*)::int AS n FROM sla_firings WHERE what = 'breached'`)).toBe(n);
  expect(await count(sql, `SELECT count(*)::int AS n FROM case_milestones WHERE status = 'breached'`)).toBe(n);
  // Nothing breached before it was due.
  expect(await count(sql, `SELECT count(*)::int AS n FROM sla_firings WHERE fired_at < due_at`)).toBe(0);
}

describe("a scheduler killed with milestones coming due", () => {
  let db: Awaited<ReturnType<typeof prepared>>;
  let server: ServerProcess | null = null;
  beforeAll(async () => {
    db = await prepared("sla_kill");
  });
  afterAll(async () => {
    await stopServer(server);
    await db?.sql.end();
    await db?.drop();
  });

  it("after a restart each breach fires once, late but never lost", async () => {
    const N = 1500;
    const first = await start(db.url);
    server = first;
    await casesComingDue(db.sql, N, new Date(Date.now() + 500), 1);
    await until("some breaches to fire, with more to come", async () => {
      const n = await breaches(db.sql);
      return n > 0 && n < N;
    }, 60_000);
    first.child.kill("SIGKILL");
    await first.exited;
    server = null;
    const before = await breaches(db.sql);
    expect(before).toBeLessThan(N);
    // What fired is recorded with its timer gone; what did not is still pending: nothing lost, nothing both.
    expect(before + (await pendingTimers(db.sql))).toBe(N);

    server = await start(db.url);
    await until("every timer to run", async () => (await pendingTimers(db.sql)) === 0, 120_000);
    await expectEachBreachedOnce(db.sql, N);
  }, 240_000);
});

describe("two serve processes on one PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof prepared>>;
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    db = await prepared("sla_two");
    servers = await Promise.all([start(db.url), start(db.url)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => stopServer(s)));
    await db?.sql.end();
    await db?.drop();
  });

  // 10,000 in the issue; this loaded 2-core machine runs the handlers at a few hundred a second
  // (each recomputes its case from its history), so the test takes SLA_FAULT_ITEMS, 3,000 unless told.
  const N = Number(process.env.SLA_FAULT_ITEMS ?? 3000);
  it(`${N} milestones due within the same minute give exactly ${N} breach events`, async () => {
    await casesComingDue(db.sql, N, new Date(Date.now() + 1000), 30_000 / N);
    const started = Date.now();
    await until("every timer to run", async () => (await pendingTimers(db.sql)) === 0, 300_000);
    const seconds = (Date.now() - started) / 1000;
    await expectEachBreachedOnce(db.sql, N);
    console.log(`sla-timers: ${N} breaches by two processes in ${seconds.toFixed(1)} s`);
  }, 400_000);
});
