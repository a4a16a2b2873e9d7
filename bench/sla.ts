/**
 * `npm run bench:sla --workspace @tandem/bench`: the deadlines' timers on PostgreSQL with two
 * scheduler processes (`tandem serve --roles web,scheduler`), over BENCH_SLA_ITEMS active
 * resolution milestones (100,000 by default) on as many open cases:
 *
 *   1. lateness: half of them due evenly over BENCH_SLA_SPREAD_S seconds; lateness is when the
 *      breach was recorded minus when it was due (`sla_firings`). Target: p99 ≤ 1 s.
 *   2. throughput: the other half all due at once, a backlog: breaches per second from the
 *      commit to the last breach. Target: ≥ 2,000 per second.
 *
 * A batch of breaches fires from the stored milestone rows, set-based (modules/sla/fire.ts), each
 * recorded once (the firings' primary key), with its case event, outbox row and notifications.
 * Before it, a baseline of how loaded the machine is: pgbench's trivial transactions per second
 * (`SELECT 1`, 8 connections, 5 s) on the same server. The lateness half is given time to be
 * written before its first milestone is due (5 s plus a second per 1,000), and the time taken is
 * printed. Figures are printed and written to bench/results/sla-latest.json; a miss is reported,
 * never a failed exit.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDb } from "../apps/server/src/platform/db.js";
import { migrate } from "../apps/server/src/platform/migrate.js";
import { casesComingDue, oneMinutePolicy } from "../apps/server/test/processes/sla-seed.js";
import { createDatabase, dropDatabase } from "./src/database.js";
import { startServer, sleep, type RunningServer } from "./src/server.js";
import { round, verdict } from "./src/stats.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ITEMS = Number(process.env.BENCH_SLA_ITEMS ?? 100_000);
const SPREAD_S = Number(process.env.BENCH_SLA_SPREAD_S ?? 40);
const TARGETS = { latenessP99Ms: 1000, breachesPerSecond: 2000 };
const log = (msg: string) => console.log(msg);

async function waitUntilDone(sql: pg.Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM due_work WHERE kind = 'sla.timer'`)).rows[0]!.n;
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`${left} timers still pending after ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/** pgbench's rate of trivial transactions on this server now (null without pgbench): how loaded the machine is. */
function baseline(url: string): number | null {
  const script = path.join(os.tmpdir(), `tandem-sla-baseline-${process.pid}.sql`);
  fs.writeFileSync(script, "SELECT 1;\n");
  const run = spawnSync("pgbench", ["-n", "-M", "prepared", "-c", "8", "-j", "2", "-T", "5", "-f", script, url], { encoding: "utf8" });
  fs.rmSync(script, { force: true });
  const tps = /tps = ([\d.]+)/.exec(run.stdout ?? "");
  return tps ? Number(tps[1]) : null;
}

async function main(): Promise<void> {
  const half = Math.floor(ITEMS / 2);
  log(`Deadlines benchmark — ${os.cpus().length} CPU(s), node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  log(`${ITEMS} active milestones: ${half} due over ${SPREAD_S} s (lateness), then ${half} due at once (throughput); two scheduler processes.\n`);
  const database = await createDatabase("bench_sla");
  const servers: RunningServer[] = [];
  const sql = new pg.Client({ connectionString: database.url });
  try {
    const db = await openDb({ databaseUrl: database.url });
    await migrate(db);
    await db.close();
    await sql.connect();
    await oneMinutePolicy(sql);
    const pgbenchTps = baseline(database.url);
    log(pgbenchTps === null ? "Baseline: pgbench is not installed." : `Baseline: pgbench, SELECT 1 on 8 connections for 5 s: ${Math.round(pgbenchTps)} transactions/s (load average ${os.loadavg()[0]!.toFixed(2)}).`);
    const env = { DATABASE_URL: database.url, TANDEM_DEMO: "off", LOG_LEVEL: "warn", TANDEM_WORKERS: "1", TANDEM_SECRET: "bench-sla-secret-0123456789" };
    servers.push(...(await Promise.all([startServer(env, { args: ["--roles", "web,scheduler"] }), startServer(env, { args: ["--roles", "web,scheduler"] })])));

    log(`[1/2] Lateness: ${half} milestones due over ${SPREAD_S} s (${Math.round(half / SPREAD_S)}/s) ...`);
    const seeding = Date.now();
    const firstDue = new Date(seeding + 5000 + half);
    await casesComingDue(sql, half, firstDue, (SPREAD_S * 1000) / half, "LATE-");
    log(`  written in ${round((Date.now() - seeding) / 1000, 1)} s, the first due ${round((firstDue.getTime() - seeding) / 1000, 1)} s after the start${Date.now() > firstDue.getTime() ? " (LATE: writing took longer, the lateness includes it)" : ""}`);
    await waitUntilDone(sql, (SPREAD_S + 3600) * 1000);
    const [late] = (
      await sql.query<{ p50: number; p99: number; max: number; n: number }>(
        `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
           FROM (SELECT extract(epoch FROM fired_at - due_at) * 1000 AS ms FROM sla_firings WHERE what = 'breached') l`,
      )
    ).rows;
    log(`  breached ${late!.n}; lateness p50 ${round(late!.p50)} ms, p99 ${round(late!.p99)} ms, max ${round(late!.max)} ms (target p99 ≤ ${TARGETS.latenessP99Ms} ms: ${verdict(late!.p99 <= TARGETS.latenessP99Ms)})`);

    log(`\n[2/2] Throughput: ${half} milestones due at once ...`);
    const before = late!.n;
    await casesComingDue(sql, half, new Date(), 0, "BULK-");
    const committed = Date.now();
    await waitUntilDone(sql, 3600_000);
    const [bulk] = (await sql.query<{ n: number; last: Date }>(`SELECT count(*)::int AS n, max(fired_at) AS last FROM sla_firings WHERE what = 'breached'`)).rows;
    const seconds = (new Date(bulk!.last).getTime() - committed) / 1000;
    const perSecond = (bulk!.n - before) / seconds;
    log(`  breached ${bulk!.n - before} in ${round(seconds, 2)} s: ${Math.round(perSecond)} breaches/s (target ≥ ${TARGETS.breachesPerSecond}: ${verdict(perSecond >= TARGETS.breachesPerSecond)})`);
    const events = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE type = 'sla.breached'`)).rows[0]!.n;
    log(`\n${events} breach events for ${2 * half} milestones (each once: ${events === 2 * half ? "yes" : "NO"}). Load average after: ${os.loadavg()[0]!.toFixed(2)}.`);

    const results = {
      at: new Date().toISOString(),
      milestones: 2 * half,
      lateness: { milestones: late!.n, spreadSeconds: SPREAD_S, p50Ms: round(late!.p50), p99Ms: round(late!.p99), maxMs: round(late!.max), targetP99Ms: TARGETS.latenessP99Ms, pass: late!.p99 <= TARGETS.latenessP99Ms },
      throughput: { milestones: bulk!.n - before, seconds: round(seconds, 2), breachesPerSecond: Math.round(perSecond), target: TARGETS.breachesPerSecond, pass: perSecond >= TARGETS.breachesPerSecond },
      exactlyOnce: events === 2 * half,
      pgbenchSelect1Tps: pgbenchTps === null ? null : Math.round(pgbenchTps),
      loadAverage: os.loadavg()[0],
    };
    fs.mkdirSync(path.join(HERE, "results"), { recursive: true });
    fs.writeFileSync(path.join(HERE, "results/sla-latest.json"), `${JSON.stringify(results, null, 2)}\n`);
    log(`Written to bench/results/sla-latest.json.`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await sql.end().catch(() => undefined);
    await dropDatabase(database.name);
  }
}

await main();
