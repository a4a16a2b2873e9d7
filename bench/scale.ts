/**
 * `npm run bench:scale -w @tandem/bench`: the case-visibility rule at scale.
 *
 *   1. SCALE_CASES cases (a tenth shared with partners): an agent's and a partner agent's case
 *      lists — the inbox, the open work, their own cases — first, second and a deep page, each
 *      view SCALE_REQUESTS sequential requests after a warm-up; target p95 ≤ 50 ms. The plan of
 *      the SQL the server sends for each page (EXPLAIN ANALYZE, BUFFERS) goes to
 *      bench/results/scale-plans.txt. With SCALE_PROTOTYPE=on (the default), a missed view is
 *      timed again with the candidate indexes of src/scale-prototype.ts built on the bench database.
 *   2. A customer's timeline among SCALE_INTERACTIONS interactions (0 skips it); target p95 ≤ 20 ms.
 *
 * Options (environment): DATABASE_URL (admin connection), SCALE_CASES (1000000),
 * SCALE_INTERACTIONS (10000000), SCALE_REQUESTS (200), SCALE_PROTOTYPE (on), SCALE_KEEP_DATABASE
 * (off: when on, the database is left for EXPLAIN by hand and its URL printed). Figures are printed
 * and written to bench/results/scale-latest.json; a missed target is reported, never a failed exit.
 */
import os from "node:os";
import pg from "pg";
import { openDb } from "../apps/server/src/platform/db.js";
import { migrate } from "../apps/server/src/platform/migrate.js";
import { timeline as customerTimeline } from "../apps/server/src/modules/customers/repository.js";
import { login } from "./src/api.js";
import { benchView, explainView, type Caller, type ListView, type PlanResult, type ViewResult } from "./src/case-list.js";
import { ADMIN_URL, createDatabase, dropDatabase } from "./src/database.js";
import { captureSql, explainAnalyze } from "./src/explain.js";
import { withBulkLoad } from "./src/bulk-load.js";
import { createActors, loadCases, SCALE_PASSWORD, type CasesLoad } from "./src/scale-cases.js";
import { buildPrototypeIndexes, PROTOTYPE_INDEXES } from "./src/scale-prototype.js";
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer, type RunningServer } from "./src/server.js";
import { serverMode } from "./src/server-mode.js";
import { printSummary, redact, writeResult, type SummaryRow } from "./src/report.js";
import { round, verdict } from "./src/stats.js";
import { benchTimeline, loadTimelineData, type TimelineLoad, type TimelineResult } from "./src/timeline.js";

const CASES = wholeNumber("SCALE_CASES", 1_000_000, 1);
const INTERACTIONS = wholeNumber("SCALE_INTERACTIONS", 10_000_000, 0);
const REQUESTS = wholeNumber("SCALE_REQUESTS", 200, 3);
const PROTOTYPE = flag("SCALE_PROTOTYPE", true);
const KEEP_DATABASE = flag("SCALE_KEEP_DATABASE", false);
const WARMUP = 15;
const TARGETS = { listP95Ms: 50, timelineP95Ms: 20 };
const OPEN_WORK = "open,waiting_on_customer,waiting_on_party";

function wholeNumber(name: string, fallback: number, min: number): number {
  const text = process.env[name];
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${text}"`);
  return n;
}

function flag(name: string, fallback: boolean): boolean {
  const text = process.env[name]?.toLowerCase();
  if (!text) return fallback;
  if (!["on", "off", "1", "0", "true", "false"].includes(text)) throw new Error(`${name} must be on or off, got "${text}"`);
  return ["on", "1", "true"].includes(text);
}

const log = (msg: string) => console.log(msg);
const ms = (n: number) => `${round(n, 1)} ms`;
const loadNow = () => os.loadavg()[0]!.toFixed(2);

async function main(): Promise<void> {
  const startedAt = new Date();
  const mode = serverMode();
  const loadBefore = os.loadavg()[0]!;
  log(`Tandem scale benchmark — ${os.cpus().length} CPU(s), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  log(`Server build: ${mode === "bundle" ? "bundle (apps/server/dist)" : "TypeScript through tsx (run npm run build for release figures)"}`);
  log(`Load average before the run: ${loadBefore.toFixed(2)} — other work on this machine skews every figure below.`);
  log(`SCALE_CASES=${CASES} SCALE_INTERACTIONS=${INTERACTIONS} SCALE_REQUESTS=${REQUESTS} SCALE_PROTOTYPE=${PROTOTYPE ? "on" : "off"}\n`);

  const database = await createDatabase("scale");
  let server: RunningServer | null = null;
  let postgresVersion: string;
  let casesLoad: CasesLoad;
  const views: ViewResult[] = [];
  const plans: PlanResult[] = [];
  let prototyped: { indexes: string[]; buildSeconds: number; views: ViewResult[]; plans: PlanResult[] } | null = null;
  let timelineLoad: (TimelineLoad & { loadLoadAverage: string }) | null = null;
  let timeline: TimelineResult | null = null;
  let timelinePlan: { executionMs: number; plan: string } | null = null;
  try {
    const db = await openDb({ databaseUrl: database.url });
    await migrate(db);
    postgresVersion = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v ?? "";
    await db.close();
    log(`Database ${database.name} (PostgreSQL ${postgresVersion}) created and migrated.`);
    server = await startServer({ DATABASE_URL: database.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: ADMIN_EMAIL, TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: "warn" });
    log(`Server up at ${server.url} in ${Math.round(server.readyMs)} ms.`);
    const admin = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);

    log(`\n[1/3] Loading ${CASES.toLocaleString("en")} cases (load average ${loadNow()}) ...`);
    const actors = await createActors(admin, database.url);
    casesLoad = await loadCases({ databaseUrl: database.url, total: CASES, actors, log });
    log(`      loaded in ${round(casesLoad.loadSeconds)} s, ANALYZE ${round(casesLoad.analyzeSeconds)} s: ${casesLoad.cases.toLocaleString("en")} cases, ` +
        `${casesLoad.caseParties.toLocaleString("en")} shared, ${casesLoad.customers.toLocaleString("en")} customers, ${casesLoad.users} users`);
    log(`      statuses ${Object.entries(casesLoad.statuses).map(([s, n]) => `${s} ${n.toLocaleString("en")}`).join(", ")}`);
    log(`      the partner sees ${casesLoad.visible.partner.toLocaleString("en")} cases; the agent owns ${casesLoad.owned.agent.toLocaleString("en")}, the partner agent ${casesLoad.owned.partner.toLocaleString("en")}`);

    const agent = await login(server.url, actors.agent.email, SCALE_PASSWORD);
    const partner = await login(server.url, actors.partnerAgent.email, SCALE_PASSWORD);
    const callers: [Caller, string][] = [
      [{ name: "agent", token: agent.token, visibleOrg: null }, actors.agent.id],
      [{ name: "partner", token: partner.token, visibleOrg: actors.partnerAgent.organizationId }, actors.partnerAgent.id],
    ];
    const viewsOf = (ownerId: string): ListView[] => [
      { name: "inbox", query: { limit: "50" } },
      { name: "open work", query: { status: OPEN_WORK, limit: "50" } },
      { name: "own cases", query: { ownerId, limit: "50" } },
    ];

    const measure = async (label: string, which: (caller: Caller, view: ListView) => boolean) => {
      const results: ViewResult[] = [];
      const explained: PlanResult[] = [];
      for (const [caller, ownerId] of callers) {
        for (const view of viewsOf(ownerId)) {
          if (!which(caller, view)) continue;
          const r = await benchView({ url: server!.url, caller, view, requests: REQUESTS, warmup: WARMUP });
          const viewPlans = await explainView({ databaseUrl: database.url, url: server!.url, caller, view });
          results.push(r);
          explained.push(...viewPlans);
          log(`      ${label}${caller.name.padEnd(8)} ${view.name.padEnd(10)} p50 ${ms(r.p50Ms).padStart(8)}  p95 ${ms(r.p95Ms).padStart(8)}  ` +
              `(first/second/deep p95 ${PAGE_P95(r)}; in PostgreSQL ${viewPlans.map((p) => round(p.executionMs)).join(" / ")}; load ${loadNow()})  ${verdict(r.p95Ms <= TARGETS.listP95Ms)}`);
        }
      }
      return { results, explained };
    };

    log(`\n[2/3] Case lists: ${REQUESTS} sequential requests per view after ${WARMUP} warm-up, first / second / deep page in turn ...`);
    const measured = await measure("", () => true);
    views.push(...measured.results);
    plans.push(...measured.explained);
    const missed = views.filter((v) => v.p95Ms > TARGETS.listP95Ms);
    for (const v of missed) {
      const worst = plans.filter((p) => p.caller === v.caller && p.view === v.view).sort((a, b) => b.executionMs - a.executionMs)[0]!;
      log(`\n      MISS ${v.caller} / ${v.view}: the plan of its slowest page (${worst.page}, ${ms(worst.executionMs)} in PostgreSQL):\n${indent(worst.plan, 8)}`);
    }
    if (missed.length && PROTOTYPE) {
      log(`\n      Prototype: building ${PROTOTYPE_INDEXES.length} candidate index(es) on the bench database and timing the missed views again ...`);
      const buildSeconds = await buildPrototypeIndexes(database.url, log);
      const again = await measure("with index: ", (caller, view) => missed.some((m) => m.caller === caller.name && m.view === view.name));
      prototyped = { indexes: PROTOTYPE_INDEXES.map((i) => i.sql), buildSeconds, views: again.results, plans: again.explained };
    }

    if (INTERACTIONS > 0) {
      log(`\n[3/3] Timeline: loading ${INTERACTIONS.toLocaleString("en")} interactions (load average ${loadNow()}) ...`);
      const started = performance.now();
      const loaded = await withBulkLoad(database.url, ["interactions", "customers"], () => loadTimelineData({ databaseUrl: database.url, api: admin, total: INTERACTIONS, log }), log);
      await analyze(database.url);
      timelineLoad = { ...loaded.load, loadSeconds: (performance.now() - started) / 1000, loadLoadAverage: loadNow() };
      log(`      loaded, indexed and analysed in ${round(timelineLoad.loadSeconds)} s; timing GET /api/v1/customers/:id/timeline ...`);
      timeline = await benchTimeline({ url: server.url, token: admin.token, customerId: loaded.customerId, rounds: 100, cursorPages: 2 });
      log(`      ${timeline.requests} requests over ${timeline.pages} pages: p50 ${ms(timeline.p50Ms)}, p95 ${ms(timeline.p95Ms)}  ${verdict(timeline.p95Ms <= TARGETS.timelineP95Ms)}`);
      timelinePlan = await explainTimeline(database.url, loaded.customerId);
      plans.push({ caller: "admin", view: "timeline", page: "first", ...timelinePlan });
      log(`      first page in PostgreSQL: ${ms(timelinePlan.executionMs)} (EXPLAIN ANALYZE; plan in scale-plans.txt)`);
    }
  } finally {
    await server?.stop();
    if (KEEP_DATABASE) log(`\nDatabase kept: ${database.url}`);
    else await dropDatabase(database.name);
  }

  const rows: SummaryRow[] = [
    [`Cases / shared with partners`, `${casesLoad.cases.toLocaleString("en")} / ${casesLoad.caseParties.toLocaleString("en")}`, "", ""],
    [`  loaded + ANALYZE`, `${round(casesLoad.loadSeconds)} + ${round(casesLoad.analyzeSeconds)} s`, "", ""],
    ...views.map((v): SummaryRow => [
      `  ${v.caller} ${v.view} p50 / p95`,
      `${ms(v.p50Ms)} / ${ms(v.p95Ms)}`,
      `p95 ≤ ${TARGETS.listP95Ms} ms`,
      verdict(v.p95Ms <= TARGETS.listP95Ms),
    ]),
    ...(prototyped?.views ?? []).map((v): SummaryRow => [
      `  with candidate index: ${v.caller} ${v.view}`,
      `${ms(v.p50Ms)} / ${ms(v.p95Ms)}`,
      `p95 ≤ ${TARGETS.listP95Ms} ms`,
      verdict(v.p95Ms <= TARGETS.listP95Ms),
    ]),
  ];
  if (timelineLoad && timeline) {
    rows.push(
      [`Interactions`, timelineLoad.interactions.toLocaleString("en"), "", ""],
      [`  loaded, indexed + ANALYZE`, `${round(timelineLoad.loadSeconds)} s`, "", ""],
      [`  timeline p50 / p95`, `${ms(timeline.p50Ms)} / ${ms(timeline.p95Ms)}`, `p95 ≤ ${TARGETS.timelineP95Ms} ms`, verdict(timeline.p95Ms <= TARGETS.timelineP95Ms)],
    );
  }
  rows.push(["Server build / load average", `${mode} / ${loadBefore.toFixed(2)} → ${loadNow()}`, "", ""]);
  printSummary(rows, log);

  const results = {
    startedAt: startedAt.toISOString(),
    serverBuild: mode,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: postgresVersion },
    options: { cases: CASES, interactions: INTERACTIONS, requests: REQUESTS, warmup: WARMUP },
    cases: casesLoad,
    caseLists: views,
    caseListPlans: plans.map(({ plan: _plan, ...rest }) => rest),
    prototype: prototyped && { indexes: prototyped.indexes, buildSeconds: prototyped.buildSeconds, caseLists: prototyped.views, plans: prototyped.plans.map(({ plan: _plan, ...rest }) => rest) },
    timeline: timelineLoad && timeline ? { ...timelineLoad, ...timeline, firstPageInPostgresMs: timelinePlan?.executionMs ?? null } : null,
    targets: {
      listP95Ms: { target: TARGETS.listP95Ms, pass: views.every((v) => v.p95Ms <= TARGETS.listP95Ms), missed: views.filter((v) => v.p95Ms > TARGETS.listP95Ms).map((v) => `${v.caller} ${v.view}`) },
      timelineP95Ms: timeline ? { target: TARGETS.timelineP95Ms, value: timeline.p95Ms, pass: timeline.p95Ms <= TARGETS.timelineP95Ms } : null,
    },
  };
  writeResult("scale-latest.json", results);
  const planText = [...plans, ...(prototyped?.plans.map((p) => ({ ...p, view: `${p.view} (with candidate index)` })) ?? [])]
    .map((p) => `== ${p.caller} / ${p.view} / ${p.page} page: ${p.executionMs} ms\n${p.plan}\n`)
    .join("\n");
  writeResult("scale-plans.txt", planText);
  log(`\nWritten to bench/results/scale-latest.json and scale-plans.txt (${round((Date.now() - startedAt.getTime()) / 1000)} s in all; ${redact(ADMIN_URL)}).`);
}

const PAGE_P95 = (r: ViewResult) => `${round(r.pages.first.p95Ms)} / ${round(r.pages.second.p95Ms)} / ${round(r.pages.deep.p95Ms)}`;
const indent = (text: string, n: number) => text.replace(/^/gm, " ".repeat(n));

/** The plan of the timeline's first page as the server asks for it (staff: no visibility filter). */
async function explainTimeline(databaseUrl: string, customerId: string): Promise<{ executionMs: number; plan: string }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await explainAnalyze(db, await captureSql((q) => customerTimeline(q, [customerId], null, { limit: 50, after: null, reader: { readerKind: "all", readerOrg: null } })));
  } finally {
    await db.end();
  }
}

async function analyze(databaseUrl: string): Promise<void> {
  const db = await openDb({ databaseUrl });
  try {
    await db.exec("ANALYZE");
  } finally {
    await db.close();
  }
}

await main();
