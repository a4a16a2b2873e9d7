/**
 * `npm run bench:identity`: identity resolution on the public FEBRL data (../shared/data/febrl,
 * BSD-3-Clause; records of one person share N in `rec-N-…`). Each scenario imports into a fresh
 * database and prints pairwise precision, recall and F1 of the automatic links (two records are
 * linked when they became one customer), the size of the review queue and records per second:
 *
 *   - dataset1.csv and dataset2.csv, each one source with duplicates inside, once with
 *     `soc_sec_id` mapped as a member number and once without it;
 *   - two sources of the same people imported one after the other: dataset2's originals as one
 *     system's export, its duplicates as another's.
 *
 * BENCH_IDENTITY_LIMIT=N reads only the first N records of each file (a small run);
 * BENCH_IDENTITY_GENERATE=N (e.g. 1000000) instead imports N generated FEBRL-like records, streamed
 * (values drawn from the files' columns, every tenth record a typo'd duplicate of the one before),
 * and prints records per second and the process's peak resident memory;
 * BENCH_IDENTITY_DB=pglite uses an in-memory PGlite instead of PostgreSQL (DATABASE_URL's server).
 * Figures are printed and written to bench/results/identity-latest.json; a miss is reported, never a failed exit.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { openDb, type Db } from "../apps/server/src/platform/db.js";
import { migrate } from "../apps/server/src/platform/migrate.js";
import { createLogger } from "../apps/server/src/platform/logger.js";
import { SYSTEM } from "../apps/server/src/platform/actor.js";
import { runImport } from "../apps/server/src/modules/customers/import/run-import.js";
import { parseMapping } from "../apps/server/src/modules/customers/domain/import-mapping.js";
import { createDatabase, dropDatabase } from "./src/database.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(HERE, "../../shared/data/febrl");
const LIMIT = Number(process.env.BENCH_IDENTITY_LIMIT ?? 0);
const USE_PGLITE = process.env.BENCH_IDENTITY_DB === "pglite";
const GENERATE = Number(process.env.BENCH_IDENTITY_GENERATE ?? 0);
const TARGETS = { f1: 0.99, recordsPerSecond: 5000 };
const log = createLogger("silent");

const BASE_MAP = [
  "givenName=given_name",
  "familyName=surname",
  "address.line1=street_number+address_1",
  "address.line2=address_2",
  "address.locality=suburb",
  "address.postcode=postcode",
  "address.region=state",
  "birthDate=date_of_birth",
];

interface Scenario {
  name: string;
  /** Each step: the lines (header first) imported as one source. */
  steps: { source: string; lines: string[] }[];
  withSsn: boolean;
}

function readLines(file: string): string[] {
  const lines = fs.readFileSync(path.join(DATA, file), "utf8").split(/\r?\n/).filter(Boolean);
  return LIMIT > 0 ? lines.slice(0, LIMIT + 1) : lines;
}

async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  if (USE_PGLITE) {
    const db = await openDb({ databaseUrl: null, dataDir: "memory://" });
    await migrate(db);
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const made = await createDatabase("bench_identity");
  const db = await openDb({ databaseUrl: made.url, poolSize: 2 });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
    await dropDatabase(made.name);
  }
}

const personOf = (recId: string) => /^rec-(\d+)-/.exec(recId.trim())?.[1] ?? recId;

function pairs(groups: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  for (const members of groups.values()) {
    const sorted = [...members].sort();
    for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) out.add(`${sorted[i]}|${sorted[j]}`);
  }
  return out;
}

async function run(s: Scenario) {
  return withDatabase(async (db) => {
    const mapping = parseMapping(s.withSsn ? [...BASE_MAP, "identity.member_id=soc_sec_id"] : BASE_MAP);
    const started = Date.now();
    let rows = 0;
    for (const step of s.steps) {
      const bytes = Readable.from([Buffer.from(step.lines.join("\n") + "\n")]);
      const p = await runImport({ db, actor: SYSTEM, clock: () => new Date(), log, secret: "bench-secret-0123456789", importId: null }, { source: step.source, keyColumn: "rec_id", mapping, dateFormat: "YYYYMMDD", dryRun: false }, bytes);
      rows += p.rows;
    }
    const seconds = (Date.now() - started) / 1000;
    const links = await db.query<{ key: string; customer_id: string }>(
      `SELECT l.key, coalesce(c.merged_into, l.customer_id) AS customer_id FROM import_links l JOIN customers c ON c.id = l.customer_id`,
    );
    const byCustomer = new Map<string, string[]>();
    const byPerson = new Map<string, string[]>();
    for (const l of links) {
      byCustomer.set(l.customer_id, [...(byCustomer.get(l.customer_id) ?? []), l.key]);
      byPerson.set(personOf(l.key), [...(byPerson.get(personOf(l.key)) ?? []), l.key]);
    }
    const predicted = pairs(byCustomer);
    const truth = pairs(byPerson);
    let tp = 0;
    for (const p of predicted) if (truth.has(p)) tp++;
    const precision = predicted.size ? tp / predicted.size : 1;
    const recall = truth.size ? tp / truth.size : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    const [queue] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM identity_suggestions WHERE status = 'open'`);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return { scenario: s.name, records: rows, truePairs: truth.size, linkedPairs: predicted.size, precision: r3(precision), recall: r3(recall), f1: r3(f1), reviewQueue: queue!.n, recordsPerSecond: Math.round(rows / seconds) };
  });
}


/** N FEBRL-like records, generated as they are read (never all in memory). */
function* generated(n: number): Generator<Buffer> {
  const [header, ...records] = fs.readFileSync(path.join(DATA, "dataset2.csv"), "utf8").split(/\r?\n/).filter(Boolean);
  const columns = records.map((l) => l.split(",").map((v) => v.trim()));
  const pools = columns[0]!.map((_, c) => [...new Set(columns.map((r) => r[c]!))]);
  let x = 12345;
  const pick = (c: number) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return pools[c]![x % pools[c]!.length]!;
  };
  yield Buffer.from(header + "\n");
  let previous: string[] = [];
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    let row: string[];
    if (i % 10 === 9) {
      // A duplicate of the record before with a typo in its family name.
      row = [...previous];
      const f = row[2]!;
      row[2] = f.length > 2 ? f.slice(0, 1) + f.slice(2, 3) + f.slice(1, 2) + f.slice(3) : f;
    } else {
      row = pools.map((_, c) => pick(c));
      row[10] = String(1_000_000 + i);
    }
    row[0] = `gen-${i}`;
    previous = row;
    chunk.push(row.join(","));
    if (chunk.length === 1000) {
      yield Buffer.from(chunk.join("\n") + "\n");
      chunk = [];
    }
  }
  if (chunk.length) yield Buffer.from(chunk.join("\n") + "\n");
}

async function runGenerated(n: number) {
  return withDatabase(async (db) => {
    const mapping = parseMapping([...BASE_MAP, "identity.member_id=soc_sec_id"]);
    let peakRss = process.memoryUsage().rss;
    const started = Date.now();
    const p = await runImport(
      { db, actor: SYSTEM, clock: () => new Date(), log, secret: "bench-secret-0123456789", importId: null, onProgress: (q) => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (q.rows % 50_000 < 1000) process.stdout.write(`  ${q.rows} records, ${Math.round(q.rows / ((Date.now() - started) / 1000))}/s, RSS ${Math.round(peakRss / 1e6)} MB\r`);
      } },
      { source: "generated", keyColumn: "rec_id", mapping, dateFormat: "YYYYMMDD", dryRun: false },
      Readable.from(generated(n)),
    );
    const seconds = (Date.now() - started) / 1000;
    return { records: p.rows, created: p.created, linked: p.linked, suggested: p.suggested, errors: p.errors, seconds: Math.round(seconds), recordsPerSecond: Math.round(p.rows / seconds), peakRssMb: Math.round(peakRss / 1e6) };
  });
}

if (GENERATE > 0) {
  console.log(`Importing ${GENERATE} generated records (${USE_PGLITE ? "PGlite" : "PostgreSQL"})`);
  const r = await runGenerated(GENERATE);
  console.log(`\n${JSON.stringify(r)}`);
  fs.mkdirSync(path.join(HERE, "results"), { recursive: true });
  fs.writeFileSync(path.join(HERE, "results/identity-generated-latest.json"), JSON.stringify({ at: new Date().toISOString(), database: USE_PGLITE ? "pglite" : "postgresql", ...r }, null, 2) + "\n");
  process.exit(0);
}

const scenarios: Scenario[] = [];
for (const file of ["dataset1.csv", "dataset2.csv"]) {
  const lines = readLines(file);
  for (const withSsn of [true, false]) scenarios.push({ name: `${file} ${withSsn ? "with" : "without"} soc_sec_id`, steps: [{ source: "febrl", lines }], withSsn });
}
{
  const [header, ...records] = readLines("dataset2.csv");
  const originals = records.filter((l) => /^rec-\d+-org/.test(l));
  const duplicates = records.filter((l) => !/^rec-\d+-org/.test(l));
  for (const withSsn of [true, false]) {
    scenarios.push({ name: `dataset2.csv as two sources (originals, then duplicates) ${withSsn ? "with" : "without"} soc_sec_id`, steps: [{ source: "system-a", lines: [header!, ...originals] }, { source: "system-b", lines: [header!, ...duplicates] }], withSsn });
  }
}

const results: Awaited<ReturnType<typeof run>>[] = [];
console.log(`Identity resolution on FEBRL (${USE_PGLITE ? "PGlite" : "PostgreSQL"}${LIMIT ? `, first ${LIMIT} records of each file` : ""})`);
for (const s of scenarios) {
  const r = await run(s);
  results.push(r);
  console.log(
    `${r.scenario.padEnd(78)} precision ${r.precision.toFixed(3)}  recall ${r.recall.toFixed(3)}  F1 ${r.f1.toFixed(3)}${r.f1 >= TARGETS.f1 ? "" : " (target ≥ 0.99 missed)"}  review ${r.reviewQueue}  ${r.recordsPerSecond} records/s${r.recordsPerSecond >= TARGETS.recordsPerSecond ? "" : " (target ≥ 5,000 missed)"}`,
  );
}
fs.mkdirSync(path.join(HERE, "results"), { recursive: true });
fs.writeFileSync(path.join(HERE, "results/identity-latest.json"), JSON.stringify({ at: new Date().toISOString(), database: USE_PGLITE ? "pglite" : "postgresql", limit: LIMIT || null, targets: TARGETS, results }, null, 2) + "\n");
