/**
 * The database's own ceiling on this machine: single-row INSERTs, each its own (autocommit)
 * transaction, from 8 connections for BENCH_SECONDS, into a table shaped like `cases`.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";

export interface RawInsertResult {
  connections: number;
  seconds: number;
  rows: number;
  insertsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export async function benchRawInsert(opts: { databaseUrl: string; connections: number; seconds: number }): Promise<RawInsertResult> {
  const setup = new pg.Client({ connectionString: opts.databaseUrl });
  await setup.connect();
  await setup.query(`DROP TABLE IF EXISTS bench_raw_cases`);
  await setup.query(`CREATE TABLE bench_raw_cases (
    id uuid PRIMARY KEY, customer_id uuid NOT NULL, subject text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL)`);
  await setup.end();

  const clients = await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      const c = new pg.Client({ connectionString: opts.databaseUrl });
      await c.connect();
      return c;
    }),
  );
  const customerId = randomUUID();
  const latencies: number[] = [];
  let rows = 0;
  const started = performance.now();
  const endAt = started + opts.seconds * 1000;
  await Promise.all(
    clients.map(async (c, i) => {
      let n = 0;
      while (performance.now() < endAt) {
        const t0 = performance.now();
        await c.query(`INSERT INTO bench_raw_cases (id, customer_id, subject, status, created_at) VALUES ($1, $2, $3, 'open', $4)`, [
          randomUUID(),
          customerId,
          `Raw insert ${i}-${++n}`,
          new Date(),
        ]);
        latencies.push(performance.now() - t0);
        rows++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  return { connections: opts.connections, seconds: opts.seconds, rows, insertsPerSecond: rows / elapsed, p50Ms: at(50), p99Ms: at(99) };
}
