/**
 * `npm run bench:webhooks`: webhook delivery on PostgreSQL, one `tandem serve` with every role
 * (web, the outbox relay, the scheduler that sends deliveries). An admin's webhook subscribes to
 * `case.created` at a local receiver; BENCH_WEBHOOK_EVENTS cases (1,000 by default) are created
 * through the API, BENCH_WEBHOOK_CONCURRENCY at a time. For each event: from its outbox row's
 * time (the writing transaction's start, so at or before its commit: the figure errs high) to
 * its arrival at the receiver. Target: p99 ≤ 1 s. Every signature is checked, and each event
 * must arrive exactly once.
 *
 * Figures are printed and written to bench/results/webhooks-latest.json; a miss is reported, never a failed exit.
 */
import { createHmac } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { login } from "./src/api.js";
import { createDatabase, dropDatabase } from "./src/database.js";
import { ADMIN_EMAIL, ADMIN_PASSWORD, sleep, startServer, type RunningServer } from "./src/server.js";
import { round, summarize, verdict } from "./src/stats.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 8);
const TARGET_P99_MS = 1000;
const SECRET = "bench-webhook-secret-0123456789";
const log = (msg: string) => console.log(msg);

async function main(): Promise<void> {
  log(`Webhook delivery benchmark — ${os.cpus().length} CPU(s), node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  log(`${EVENTS} case.created events, ${CONCURRENCY} requests at a time, to a local receiver.\n`);
  const arrivals = new Map<string, number[]>();
  let badSignatures = 0;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      const body = Buffer.concat(chunks).toString("utf8");
      if (req.headers["x-tandem-signature"] !== `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`) badSignatures++;
      const id = String(req.headers["x-tandem-event-id"]);
      arrivals.set(id, [...(arrivals.get(id) ?? []), at]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const database = await createDatabase("bench_webhooks");
  const sql = new pg.Client({ connectionString: database.url });
  let server: RunningServer | null = null;
  try {
    server = await startServer({ DATABASE_URL: database.url, TANDEM_DEMO: "off", TANDEM_WORKERS: "1", TANDEM_SECRET: "bench-webhooks-secret-0123456789", TANDEM_ADMIN_EMAIL: ADMIN_EMAIL, TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD });
    await sql.connect();
    const admin = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.post("/api/v1/webhooks", { url: receiverUrl, events: ["case.created"], secret: SECRET });
    const customer = await admin.post<{ id: string }>("/api/v1/customers", { name: "Webhook bench customer" });

    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < EVENTS) {
          const i = next++;
          await admin.post("/api/v1/cases", { customerId: customer.id, kind: "request", subject: `Webhook bench ${i}`, channel: "web" });
        }
      }),
    );
    const createdIn = (Date.now() - started) / 1000;
    const deadline = Date.now() + 120_000;
    while (arrivals.size < EVENTS && Date.now() < deadline) await sleep(50);

    const rows = (await sql.query<{ id: string; at: Date }>(`SELECT id, created_at AS at FROM outbox WHERE type = 'case.created'`)).rows;
    const latencies = rows.filter((r) => arrivals.has(r.id)).map((r) => arrivals.get(r.id)![0]! - new Date(r.at).getTime());
    const s = summarize(latencies);
    // Where the time goes: outbox row → delivery written by the relay → the attempt by the scheduler.
    const [parts] = (
      await sql.query<{ relay: number; scheduler: number }>(
        `SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.created_at - o.created_at) * 1000) AS relay,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.last_attempt_at - d.created_at) * 1000) AS scheduler
           FROM webhook_deliveries d JOIN outbox o ON o.id = d.event_id`,
      )
    ).rows;
    const twice = [...arrivals.values()].filter((a) => a.length > 1).length;
    log(`Created ${EVENTS} cases in ${round(createdIn, 2)} s (${Math.round(EVENTS / createdIn)}/s); ${arrivals.size} of ${rows.length} events arrived, ${twice} more than once, ${badSignatures} bad signatures.`);
    log(`Commit to delivery: p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms, p99 ${round(s.p99)} ms, max ${round(s.max)} ms (target p99 ≤ ${TARGET_P99_MS} ms: ${verdict(s.p99 <= TARGET_P99_MS && arrivals.size === EVENTS)})`);
    log(`  p99 of its parts: outbox row to delivery written (the relay) ${round(parts!.relay)} ms; delivery written to attempted (the scheduler) ${round(parts!.scheduler)} ms.`);
    log(`Load average after: ${os.loadavg()[0]!.toFixed(2)} — other work on this machine skews every figure.`);
    const results = {
      at: new Date().toISOString(),
      events: EVENTS,
      concurrency: CONCURRENCY,
      arrived: arrivals.size,
      duplicates: twice,
      badSignatures,
      latencyMs: { p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), max: round(s.max) },
      p99PartsMs: { relay: round(parts!.relay), scheduler: round(parts!.scheduler) },
      targetP99Ms: TARGET_P99_MS,
      pass: s.p99 <= TARGET_P99_MS && arrivals.size === EVENTS && badSignatures === 0,
      loadAverage: os.loadavg()[0],
    };
    fs.mkdirSync(path.join(HERE, "results"), { recursive: true });
    fs.writeFileSync(path.join(HERE, "results/webhooks-latest.json"), `${JSON.stringify(results, null, 2)}\n`);
    log(`Written to bench/results/webhooks-latest.json.`);
  } finally {
    await server?.stop();
    await sql.end().catch(() => undefined);
    await dropDatabase(database.name);
    await new Promise((resolve) => receiver.close(resolve));
  }
}

await main();
