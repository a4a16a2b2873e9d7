/**
 * `npm run bench`: Tandem's performance targets, measured on this machine.
 *
 *   1. case creation over HTTP (50 connections), from one server process and from two workers
 *      (`tandem serve --workers 2`), each against pgbench running the same statements on the same
 *      PostgreSQL database (`-M prepared -c 8 -j 2`): the ratio, and the server CPU per case;
 *   2. a customer's timeline in a database of BENCH_INTERACTIONS interactions;
 *   3. `tandem serve` on an existing embedded-database directory to a served login page;
 *   and, during case creation, whether the outbox relay keeps up (its backlog, and its drain).
 *
 * Options (environment): DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_SECONDS (10), BENCH_INTERACTIONS (1000000). Figures are printed and written to
 * bench/results/latest.json; a missed target is reported, never a failed exit.
 */
import os from "node:os";
import { openDb } from "../apps/server/src/platform/db.js";
import { migrate } from "../apps/server/src/platform/migrate.js";
import { login } from "./src/api.js";
import { benchCaseCreation, type CaseCreationResult } from "./src/case-creation.js";
import { ADMIN_URL, createDatabase, dropDatabase } from "./src/database.js";
import { sampleOutboxBacklog, type OutboxBacklogResult } from "./src/outbox-backlog.js";
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer, type RunningServer } from "./src/server.js";
import { serverMode } from "./src/server-mode.js";
import { benchPgbench, pgbenchVersion, type PgbenchResult } from "./src/pgbench.js";
import { benchStartup, type StartupResult } from "./src/startup.js";
import { printSummary, redact, writeResult, type SummaryRow } from "./src/report.js";
import { round, verdict } from "./src/stats.js";
import { benchTimeline, loadTimelineData, type TimelineLoad, type TimelineResult } from "./src/timeline.js";

const SECONDS = positiveInt("BENCH_SECONDS", 10);
const INTERACTIONS = positiveInt("BENCH_INTERACTIONS", 1_000_000);

const TARGETS = { ratio: 0.5, caseP99Ms: 100, cpuMsPerCase: 0.5, timelineP95Ms: 20, startupMs: 3000 };

function positiveInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got "${text}"`);
  return n;
}

const log = (msg: string) => console.log(msg);

async function main(): Promise<void> {
  const startedAt = new Date();
  log(`Tandem benchmark — ${os.cpus().length} CPU(s), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const mode = serverMode();
  const loadBefore = os.loadavg()[0]!;
  log(`Server build: ${mode === "bundle" ? "bundle (apps/server/dist)" : "TypeScript through tsx (the bundle is missing or older than the sources: run npm run build)"}`);
  log(`Load average before the run: ${loadBefore.toFixed(2)} — other work on this machine skews every figure below.`);
  log(`BENCH_SECONDS=${SECONDS} BENCH_INTERACTIONS=${INTERACTIONS} admin connection ${redact(ADMIN_URL)}\n`);

  const database = await createDatabase("bench");
  let server: RunningServer | null = null;
  let cases: CaseCreationResult;
  let relay: OutboxBacklogResult;
  let casesWorkers: CaseCreationResult;
  let pgbench: PgbenchResult | null = null;
  let timelineLoad: TimelineLoad;
  let timeline: TimelineResult;
  let postgresVersion: string;
  try {
    const db = await openDb({ databaseUrl: database.url });
    await migrate(db);
    postgresVersion = ((await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v) ?? "";
    await db.close();
    log(`Database ${database.name} (PostgreSQL ${postgresVersion}) created and migrated.`);

    server = await startServer({ DATABASE_URL: database.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: ADMIN_EMAIL, TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: "warn", TANDEM_WORKERS: "1" });
    log(`Server up at ${server.url} in ${Math.round(server.readyMs)} ms.`);
    const api = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await api.post("/api/v1/organizations", { name: "Bench hotline", kind: "department" });
    const customer = await api.post<{ id: string }>("/api/v1/customers", { name: "Bench customer", identities: [{ kind: "phone", value: "13800138000" }] });

    log(`\n[1/5] Case creation, one process: POST /api/v1/cases, 50 connections, ${SECONDS} s (after a 2 s warm-up) ...`);
    const backlog = await sampleOutboxBacklog(database.url);
    cases = await benchCaseCreation({ url: server.url, token: api.token, customerId: customer.id, connections: 50, seconds: SECONDS, serverPid: server.child.pid });
    relay = await backlog.finish();
    log(describeCases(cases));
    log(`      outbox relay: backlog at most ${relay.maxBacklog} events, ${relay.backlogAtEnd} when the load stopped, ` +
        (relay.drainMs === null ? "not drained within 60 s" : `drained ${Math.round(relay.drainMs)} ms after it`) + ` (${relay.samples} samples): ${relay.keepsUp ? "keeps up" : "falls behind"}`);

    log(`\n[2/5] Case creation, tandem serve --workers 2: the same ...`);
    const clustered = await startServer({ DATABASE_URL: database.url, TANDEM_DEMO: "off", LOG_LEVEL: "warn" }, { args: ["--workers", "2"] });
    try {
      casesWorkers = await benchCaseCreation({ url: clustered.url, token: api.token, customerId: customer.id, connections: 50, seconds: SECONDS, serverPid: clustered.child.pid });
    } finally {
      await clustered.stop();
    }
    log(describeCases(casesWorkers));

    const pgbenchAt = pgbenchVersion();
    if (pgbenchAt) {
      log(`\n[3/5] pgbench (${pgbenchAt}): the same statements, -M prepared -c 8 -j 2 -T ${SECONDS} ...`);
      pgbench = await benchPgbench({ databaseUrl: database.url, token: api.token, customerId: customer.id, seconds: SECONDS });
      log(`      ${round(pgbench.tps)} transactions/s, latency average ${round(pgbench.latencyAvgMs, 2)} ms`);
    } else {
      log(`\n[3/5] pgbench is not installed: no baseline and no ratio. On Debian or Ubuntu: \`apt-get install -y postgresql-contrib\` (pgbench ships with the server packages).`);
    }

    log(`\n[4/5] Timeline: loading ${INTERACTIONS.toLocaleString("en")} interactions ...`);
    const loaded = await loadTimelineData({ databaseUrl: database.url, api, total: INTERACTIONS, log });
    timelineLoad = loaded.load;
    log(`      loaded and analysed in ${round(timelineLoad.loadSeconds)} s; timing GET /api/v1/customers/:id/timeline ...`);
    timeline = await benchTimeline({ url: server.url, token: api.token, customerId: loaded.customerId, rounds: 100, cursorPages: 2 });
    log(`      ${timeline.requests} requests over ${timeline.pages} pages: p50 ${round(timeline.p50Ms, 2)} ms, p95 ${round(timeline.p95Ms, 2)} ms`);
  } finally {
    await server?.stop();
    await dropDatabase(database.name);
  }

  log(`\n[5/5] Start-up: tandem serve on an existing embedded-database directory ...`);
  const startup: StartupResult = await benchStartup({ restarts: 3 });
  log(`      first start ${Math.round(startup.firstStartMs)} ms; restarts ${startup.restartsMs.map((ms) => Math.round(ms)).join(", ")} ms`);

  const ratio = pgbench ? cases.casesPerSecond / pgbench.tps : null;
  const ratioWorkers = pgbench ? casesWorkers.casesPerSecond / pgbench.tps : null;
  const caseRows = (label: string, c: CaseCreationResult, r: number | null): SummaryRow[] => [
    [label, `${round(c.casesPerSecond)} cases/s`, "", ""],
    ["  latency p50 / p99", `${c.p50Ms} / ${c.p99Ms} ms`, `p99 ≤ ${TARGETS.caseP99Ms} ms`, verdict(c.p99Ms <= TARGETS.caseP99Ms)],
    ["  non-2xx / errors", `${c.non2xx} / ${c.errors + c.timeouts}`, "0", verdict(c.non2xx === 0 && c.errors + c.timeouts === 0)],
    ["  server CPU per case", c.serverCpuMsPerCase !== null ? `${round(c.serverCpuMsPerCase, 2)} ms` : "—", `≤ ${TARGETS.cpuMsPerCase} ms`, c.serverCpuMsPerCase !== null ? verdict(c.serverCpuMsPerCase <= TARGETS.cpuMsPerCase) : ""],
    ["  ÷ pgbench", r !== null ? `${round(r * 100)} %` : "—", `≥ ${TARGETS.ratio * 100} %`, r !== null ? verdict(r >= TARGETS.ratio) : ""],
  ];
  const rows: SummaryRow[] = [
    ["pgbench, same statements (8 conn)", pgbench ? `${round(pgbench.tps)} cases/s` : "not installed", "", ""],
    ...caseRows("Case creation, 1 process (50 conn)", cases, ratio),
    ["  outbox backlog max / at end of load", `${relay.maxBacklog} / ${relay.backlogAtEnd} events`, "", ""],
    ["  outbox drained after the load", relay.drainMs === null ? "not within 60 s" : `${Math.round(relay.drainMs)} ms`, "", relay.keepsUp ? "keeps up" : "falls behind"],
    ...caseRows("Case creation, 2 workers (50 conn)", casesWorkers, ratioWorkers),
    [`Timeline (${timelineLoad.interactions.toLocaleString("en")} interactions) p50`, `${round(timeline.p50Ms, 2)} ms`, "", ""],
    ["  p95", `${round(timeline.p95Ms, 2)} ms`, `≤ ${TARGETS.timelineP95Ms} ms`, verdict(timeline.p95Ms <= TARGETS.timelineP95Ms)],
    ["  first page p50 / p95", `${round(timeline.firstPage.p50Ms, 2)} / ${round(timeline.firstPage.p95Ms, 2)} ms`, "", ""],
    ["  cursor pages p50 / p95", `${round(timeline.cursorPages.p50Ms, 2)} / ${round(timeline.cursorPages.p95Ms, 2)} ms`, "", ""],
    ["Start-up to login page (median of 3)", `${Math.round(startup.medianMs)} ms`, `≤ ${TARGETS.startupMs} ms`, verdict(startup.medianMs <= TARGETS.startupMs)],
    ["Server build / load average", `${mode} / ${loadBefore.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}`, "", ""],
  ];
  printSummary(rows, log);

  const results = {
    startedAt: startedAt.toISOString(),
    serverBuild: mode,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: postgresVersion },
    options: { seconds: SECONDS, interactions: INTERACTIONS },
    caseCreation: cases,
    outboxRelay: relay,
    caseCreationWorkers2: casesWorkers,
    pgbench,
    ratio,
    ratioWorkers2: ratioWorkers,
    timeline: { ...timelineLoad, ...timeline },
    startup,
    targets: {
      ratio: { target: TARGETS.ratio, value: ratio, pass: ratio !== null && ratio >= TARGETS.ratio },
      ratioWorkers2: { target: TARGETS.ratio, value: ratioWorkers, pass: ratioWorkers !== null && ratioWorkers >= TARGETS.ratio },
      cpuMsPerCase: { target: TARGETS.cpuMsPerCase, value: cases.serverCpuMsPerCase, pass: cases.serverCpuMsPerCase !== null && cases.serverCpuMsPerCase <= TARGETS.cpuMsPerCase },
      caseP99Ms: { target: TARGETS.caseP99Ms, value: cases.p99Ms, pass: cases.p99Ms <= TARGETS.caseP99Ms },
      timelineP95Ms: { target: TARGETS.timelineP95Ms, value: timeline.p95Ms, pass: timeline.p95Ms <= TARGETS.timelineP95Ms },
      startupMs: { target: TARGETS.startupMs, value: startup.medianMs, pass: startup.medianMs <= TARGETS.startupMs },
    },
  };
  writeResult("latest.json", results);
  log(`\nWritten to bench/results/latest.json (${round((Date.now() - startedAt.getTime()) / 1000)} s in all).`);
}

function describeCases(c: CaseCreationResult): string {
  return (
    `      ${round(c.casesPerSecond)} cases/s, p50 ${c.p50Ms} ms, p99 ${c.p99Ms} ms, non-2xx ${c.non2xx}, errors ${c.errors}` +
    (c.serverCpuMsPerCase !== null ? `, server CPU ${round(c.serverCpuMsPerCase, 2)} ms/case` : "")
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
