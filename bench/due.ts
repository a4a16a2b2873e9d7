/**
 * `npm run bench:due` (also run by `npm run bench`, after the main run): durable due work on
 * PostgreSQL with two scheduler processes (`tandem serve --roles web,scheduler`, the test kind
 * of due work enabled: each run inserts one row in its own transaction's batch).
 *
 *   1. lateness: BENCH_DUE_ITEMS / 2 items due evenly over BENCH_DUE_SPREAD_S seconds (2,500/s by
 *      default, above the throughput target), starting while both schedulers sleep; lateness is
 *      when a handler ran minus when its work was due, for every item. Target: p99 ≤ 1 s.
 *   2. throughput: BENCH_DUE_ITEMS / 2 items all due at once, a backlog: items per second from
 *      the insert's commit to the last run. Target: ≥ 2,000 items/s.
 *
 * Figures are printed and written to bench/results/due-latest.json; a miss is reported, never a failed exit.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDb } from "../apps/server/src/platform/db.js";
import { migrate } from "../apps/server/src/platform/migrate.js";
import { TEST_KIND, TEST_RUNS_DDL } from "../apps/server/src/platform/due/test-handlers.js";
import { createDatabase, dropDatabase } from "./src/database.js";
import { startServer, sleep, type RunningServer } from "./src/server.js";
import { round, verdict } from "./src/stats.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ITEMS = Number(process.env.BENCH_DUE_ITEMS ?? 100_000);
const SPREAD_S = Number(process.env.BENCH_DUE_SPREAD_S ?? 20);
const TARGETS = { latenessP99Ms: 1000, itemsPerSecond: 2000 };
const log = (msg: string) => console.log(msg);

async function schedule(sql: pg.Client, count: number, firstDue: Date, spacingMs: number, prefix: string): Promise<void> {
  await sql.query(
    `INSERT INTO due_work (id, kind, key, due_at)
     SELECT gen_random_uuid(), $1, $2 || i, $3::timestamptz + (i * $4::float8) * interval '1 millisecond' FROM generate_series(0, $5 - 1) i`,
    [TEST_KIND, prefix, firstDue, spacingMs, count],
  );
  // What schedule() does for work due before the next poll: wake the schedulers.
  await sql.query(`SELECT pg_notify('tandem_due', $1)`, [firstDue.toISOString()]);
}

async function waitUntilDone(sql: pg.Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM due_work WHERE kind = $1`, [TEST_KIND])).rows[0]!.n;
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`${left} items still pending after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const half = Math.floor(ITEMS / 2);
  log(`Due work benchmark — ${os.cpus().length} CPU(s), node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  log(`${ITEMS} items: ${half} due over ${SPREAD_S} s (lateness), then ${half} due at once (throughput); two scheduler processes.\n`);
  const database = await createDatabase("bench_due");
  const servers: RunningServer[] = [];
  const sql = new pg.Client({ connectionString: database.url });
  try {
    const db = await openDb({ databaseUrl: database.url });
    await migrate(db);
    await db.exec(TEST_RUNS_DDL);
    await db.close();
    await sql.connect();
    const env = { DATABASE_URL: database.url, TANDEM_DEMO: "off", LOG_LEVEL: "warn", TANDEM_WORKERS: "1", TANDEM_TEST_HANDLERS: "1", TANDEM_SECRET: "bench-due-secret-0123456789" };
    servers.push(...(await Promise.all([startServer(env, { args: ["--roles", "web,scheduler"] }), startServer(env, { args: ["--roles", "web,scheduler"] })])));

    log(`[1/2] Lateness: ${half} items due over ${SPREAD_S} s (${Math.round(half / SPREAD_S)}/s) ...`);
    const firstDue = new Date(Date.now() + 2000);
    await schedule(sql, half, firstDue, (SPREAD_S * 1000) / half, "late-");
    await waitUntilDone(sql, (SPREAD_S + 60) * 1000);
    const [late] = (
      await sql.query<{ p50: number; p99: number; max: number; n: number }>(
        `SELECT count(*)::int AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
                max(ms) AS max
           FROM (SELECT extract(epoch FROM ran_at - due_at) * 1000 AS ms FROM due_work_test_runs WHERE key LIKE 'late-%') l`,
      )
    ).rows;
    log(`  ran ${late!.n}; lateness p50 ${round(late!.p50)} ms, p99 ${round(late!.p99)} ms, max ${round(late!.max)} ms (target p99 ≤ ${TARGETS.latenessP99Ms} ms: ${verdict(late!.p99 <= TARGETS.latenessP99Ms)})`);

    log(`\n[2/2] Throughput: ${half} items due at once ...`);
    const inserted = new Date();
    await schedule(sql, half, inserted, 0, "bulk-");
    const committed = Date.now();
    await waitUntilDone(sql, 120_000);
    const [bulk] = (await sql.query<{ n: number; last: Date }>(`SELECT count(*)::int AS n, max(ran_at) AS last FROM due_work_test_runs WHERE key LIKE 'bulk-%'`)).rows;
    const seconds = (new Date(bulk!.last).getTime() - committed) / 1000;
    const perSecond = bulk!.n / seconds;
    log(`  ran ${bulk!.n} in ${round(seconds, 2)} s: ${Math.round(perSecond)} items/s (target ≥ ${TARGETS.itemsPerSecond}: ${verdict(perSecond >= TARGETS.itemsPerSecond)})`);

    const byPid = (await sql.query<{ pid: number; n: number }>(`SELECT pid, count(*)::int AS n FROM due_work_test_runs GROUP BY pid ORDER BY pid`)).rows;
    const total = byPid.reduce((s, r) => s + r.n, 0);
    const distinct = (await sql.query<{ n: number }>(`SELECT count(DISTINCT key)::int AS n FROM due_work_test_runs`)).rows[0]!.n;
    log(`\nRuns by process: ${byPid.map((r) => `${r.pid}: ${r.n}`).join(", ")}; ${total} runs of ${distinct} distinct items (each once: ${total === distinct && total === 2 * half ? "yes" : "NO"}).`);
    log(`Load average after: ${os.loadavg()[0]!.toFixed(2)} — other work on this machine skews every figure.`);

    const results = {
      at: new Date().toISOString(),
      items: 2 * half,
      lateness: { items: late!.n, spreadSeconds: SPREAD_S, p50Ms: round(late!.p50), p99Ms: round(late!.p99), maxMs: round(late!.max), targetP99Ms: TARGETS.latenessP99Ms, pass: late!.p99 <= TARGETS.latenessP99Ms },
      throughput: { items: bulk!.n, seconds: round(seconds, 2), itemsPerSecond: Math.round(perSecond), target: TARGETS.itemsPerSecond, pass: perSecond >= TARGETS.itemsPerSecond },
      runsByProcess: byPid.map((r) => r.n),
      exactlyOnce: total === distinct && total === 2 * half,
      loadAverage: os.loadavg()[0],
    };
    fs.mkdirSync(path.join(HERE, "results"), { recursive: true });
    fs.writeFileSync(path.join(HERE, "results/due-latest.json"), `${JSON.stringify(results, null, 2)}\n`);
    log(`Written to bench/results/due-latest.json.`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await sql.end().catch(() => undefined);
    await dropDatabase(database.name);
  }
}

await main();
