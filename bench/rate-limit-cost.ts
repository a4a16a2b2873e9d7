/**
 * `npm run bench:rate-limit --workspace @tandem/bench`: what the general rate limit costs. Case
 * creation (50 connections, BENCH_SECONDS, default 5) against `tandem serve --workers 2` with the
 * limit off (TANDEM_RATE_LIMIT=0) and on (counted in the primary over the cluster's IPC; a limit
 * high enough to refuse nothing), with the CPU of every server process per created case; and
 * the IPC alone (src/rate-limit-ipc.ts), whose CPU per request does not drown in a busy machine.
 */
import { spawnSync } from "node:child_process";
import { login } from "./src/api.js";
import { benchCaseCreation, type CaseCreationResult } from "./src/case-creation.js";
import { createDatabase, dropDatabase } from "./src/database.js";
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer } from "./src/server.js";
import { round } from "./src/stats.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function main(): Promise<void> {
  const database = await createDatabase("ratelimit");
  const base = { DATABASE_URL: database.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: ADMIN_EMAIL, TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD };
  try {
    const results: [string, CaseCreationResult][] = [];
    for (const [name, limit] of [["off (TANDEM_RATE_LIMIT=0)", "0"], ["on, counted in the primary", "100000000"], ["off again", "0"]] as const) {
      const server = await startServer({ ...base, TANDEM_RATE_LIMIT: limit }, { args: ["--workers", "2"] });
      try {
        const api = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
        const customer = await api.post<{ id: string }>("/api/v1/customers", { name: "Bench customer" });
        results.push([name, await benchCaseCreation({ url: server.url, token: api.token, customerId: customer.id, connections: 50, seconds: SECONDS, serverPid: server.child.pid })]);
      } finally {
        await server.stop();
      }
    }
    spawnSync(process.execPath, ["--import", "tsx", new URL("./src/rate-limit-ipc.ts", import.meta.url).pathname], { stdio: "inherit" });
    console.log(`Case creation, tandem serve --workers 2, 50 connections, ${SECONDS} s each:`);
    for (const [name, r] of results) {
      console.log(`  rate limit ${name.padEnd(28)} ${round(r.casesPerSecond)} cases/s, p99 ${round(r.p99Ms)} ms, server CPU ${r.serverCpuMsPerCase === null ? "n/a" : `${round(r.serverCpuMsPerCase, 3)} ms/case`}, non-2xx ${r.non2xx}`);
    }
  } finally {
    await dropDatabase(database.name);
  }
}

await main();
