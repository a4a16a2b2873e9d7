/**
 * `npm run bench:brute-force --workspace @tandem/bench`: the brute-force target of issue 7 — at
 * most 5 password checks per account per 15 minutes, whatever the concurrency. Against
 * `tandem serve --workers 2` on PostgreSQL behind a trusted proxy (X-Forwarded-For), for one
 * account at a time: BENCH_ATTEMPTS (300) wrong passwords all at once, from one address, from
 * BENCH_ATTEMPTS addresses, and in waves of 50 from fresh addresses. A password check is any
 * answer but 429 (401 wrong, 200 right). Prints the checks per account.
 */
import http from "node:http";
import { ADMIN_URL, createDatabase, dropDatabase } from "./src/database.js";
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer } from "./src/server.js";

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 300);
const TARGET = 5;

function login(url: string, email: string, password: string, client: string): Promise<number> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/v1/auth/login`, { method: "POST", agent: false, headers: { "content-type": "application/json", "x-forwarded-for": client } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  console.log(`Brute force against tandem serve --workers 2 (PostgreSQL at ${ADMIN_URL.replace(/\/\/[^@]*@/, "//…@")}), ${ATTEMPTS} attempts per scenario`);
  const database = await createDatabase("bruteforce");
  const server = await startServer(
    { DATABASE_URL: database.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: ADMIN_EMAIL, TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD, TANDEM_TRUSTED_PROXIES: "127.0.0.1", TANDEM_SECRET: "brute-force-bench-secret-0123456789" },
    { args: ["--workers", "2"] },
  );
  let missed = 0;
  try {
    const admin = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD, "198.51.100.1");
    if (admin !== 200) throw new Error(`the admin could not sign in (${admin})`);
    const scenarios: [string, (i: number) => Promise<number>][] = [
      ["all at once, one address", (i) => login(server.url, "victim1@bench.tandem.local", `guess ${i}`, "203.0.113.1")],
      ["all at once, one address each", (i) => login(server.url, "victim2@bench.tandem.local", `guess ${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)],
      ["the admin's account, one address each", (i) => login(server.url, ADMIN_EMAIL, `guess ${i}`, `10.99.${(i >> 8) & 255}.${i & 255}`)],
    ];
    for (const [name, attempt] of scenarios) {
      const started = performance.now();
      const statuses = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => attempt(i)));
      const checks = statuses.filter((s) => s !== 429).length;
      if (checks > TARGET) missed++;
      console.log(`  ${name.padEnd(40)} ${String(checks).padStart(4)} password checks / account / 15 min (target ≤ ${TARGET}), ${statuses.filter((s) => s === 429).length} × 429, ${Math.round(performance.now() - started)} ms`);
    }
    // Waves: the same account, 50 at a time from fresh addresses, as a botnet would keep at it.
    let waveChecks = 0;
    for (let wave = 0; wave < 6; wave++) {
      const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => login(server.url, "victim3@bench.tandem.local", `wave ${wave} ${i}`, `10.200.${wave}.${i + 1}`)));
      waveChecks += statuses.filter((s) => s !== 429).length;
    }
    if (waveChecks > TARGET) missed++;
    console.log(`  ${"6 waves of 50 from fresh addresses".padEnd(40)} ${String(waveChecks).padStart(4)} password checks / account / 15 min (target ≤ ${TARGET})`);
    const stillIn = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD, "198.51.100.1");
    console.log(`  the admin on their usual address afterwards: ${stillIn === 200 ? "signs in (200)" : `refused (${stillIn})`}`);
    console.log(missed ? `\nTarget missed in ${missed} scenario(s).` : `\nTarget met: at most ${TARGET} password checks per account per 15 minutes.`);
  } finally {
    await server.stop();
    await dropDatabase(database.name);
  }
}

await main();
