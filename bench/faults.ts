/**
 * `npm run bench:faults -w @tandem/bench`: the database-fault target of issue 7, measured.
 *
 * One server process (`tandem serve`, TANDEM_WORKERS=1) on a fresh PostgreSQL database takes case
 * creations from 50 concurrent clients (each with its Idempotency-Key; a refused client pauses
 * 50 ms and goes on). Every FAULT_EVERY seconds, FAULT_ROUNDS times, every Tandem backend
 * (`application_name = 'tandem'`, the LISTEN one included) is terminated with
 * pg_terminate_backend. The database accepts connections throughout, so "service back" is
 * counted from the termination: the answer time of the first 2xx after the last refusal.
 *
 * Printed: acknowledged writes lost (answered 2xx, missing from the database; target 0), server
 * process exits (target 0), seconds until full service (target ≤ 5 s, the worst round), and what
 * the refusals were (all should be 503 database_unavailable). Results go to
 * bench/results/faults-latest.json. Options (environment): DATABASE_URL (the admin connection),
 * FAULT_ROUNDS (3), FAULT_EVERY (4 s).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { caseLoad, isOk, lostAnswers, prepare, serviceBackAt, terminateBackends, type SentCase } from "../apps/server/test/processes/fault-load.js";
import { ADMIN_URL, createDatabase, dropDatabase } from "./src/database.js";
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer } from "./src/server.js";
import { round, verdict } from "./src/stats.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 3);
const EVERY_MS = Number(process.env.FAULT_EVERY ?? 4) * 1000;
const TARGET_RECOVERY_S = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  console.log(`Tandem database faults — ${os.cpus().length} CPU(s), load average ${os.loadavg()[0]!.toFixed(2)}, node ${process.version}`);
  const database = await createDatabase("faults");
  const server = await startServer({ DATABASE_URL: database.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: ADMIN_EMAIL, TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: "fatal", TANDEM_WORKERS: "1" });
  let exits = 0;
  server.child.once("exit", () => exits++);
  try {
    const { token, customerId } = await prepare(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const load = caseLoad(server.url, token, customerId, CONNECTIONS, "fault");
    await load.answered(100);
    const rounds: { terminated: number; backMs: number | null }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const before = load.sent.length;
      const terminated = await terminateBackends(ADMIN_URL, database.name);
      const faultAt = performance.now();
      await sleep(EVERY_MS);
      const backAt = serviceBackAt(load.sent.slice(before));
      rounds.push({ terminated, backMs: backAt === null ? null : Math.max(0, backAt - faultAt) });
      console.log(`round ${r + 1}: ${terminated} backends terminated; full service ${backAt === null ? "not back" : `back after ${Math.round(backAt - faultAt)} ms`}`);
      if (exits) break;
    }
    await load.stop();

    const lost = exits ? [] : await lostAnswers(database.url, load.sent);
    const refused = load.sent.filter((s) => s.answeredAt !== undefined && !isOk(s));
    const kinds = countBy(refused, (s) => (s.status ? `${s.status} ${s.error}` : `no answer: ${s.error}`));
    const worst = rounds.some((r) => r.backMs === null) ? null : Math.max(...rounds.map((r) => r.backMs!));
    const rows: [string, string, string, string][] = [
      ["Case creations answered 2xx / sent", `${load.sent.filter(isOk).length} / ${load.sent.length}`, "", ""],
      ["Acknowledged writes lost", String(lost.length), "0", verdict(lost.length === 0)],
      ["Server process exits", String(exits), "0", verdict(exits === 0)],
      [`Full service after the fault (worst of ${rounds.length})`, worst === null ? "not back" : `${round(worst / 1000, 2)} s`, `≤ ${TARGET_RECOVERY_S} s`, verdict(worst !== null && worst <= TARGET_RECOVERY_S * 1000)],
      ["Refusals", Object.entries(kinds).map(([k, n]) => `${n} × ${k}`).join(", ") || "none", "503 database_unavailable", verdict(Object.keys(kinds).every((k) => k === "503 database_unavailable"))],
    ];
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log("");
    for (const [what, value, target, ok] of rows) console.log(`${what.padEnd(widths[0]!)}  ${value.padEnd(widths[1]!)}  ${target.padEnd(widths[2]!)}  ${ok}`);
    fs.mkdirSync(path.join(HERE, "results"), { recursive: true });
    fs.writeFileSync(
      path.join(HERE, "results", "faults-latest.json"),
      `${JSON.stringify({ at: new Date().toISOString(), connections: CONNECTIONS, rounds, lost: lost.length, exits, worstRecoveryMs: worst, sent: load.sent.length, refusals: kinds, loadAverage: os.loadavg()[0] }, null, 2)}\n`,
    );
  } finally {
    await server.stop();
    await dropDatabase(database.name);
  }
}

function countBy(items: SentCase[], key: (s: SentCase) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of items) counts[key(s)] = (counts[key(s)] ?? 0) + 1;
  return counts;
}

await main();
