/**
 * The database's own rate for what one case creation asks of it: pgbench (`-M prepared -c 8 -j 2`)
 * running the statements the server sends, on the same database, for BENCH_SECONDS.
 *
 * The statements are not written out here: they are recorded from the server's own code (its
 * authenticator, then `createCase` in a transaction that is rolled back), so the baseline follows
 * every change to them. Each recorded parameter becomes a pgbench variable, except the ids the
 * server makes for new rows, which become `bench_id(…)`: time-ordered like the server's UUIDv7,
 * unique per client and transaction, and the same id wherever one statement's new row is named by
 * a later one. Not replayed: the post-commit NOTIFY (one statement per tick for many cases).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyRequest } from "fastify";
import { openDb, type Db, type Queryable, type QueryOptions } from "../../apps/server/src/platform/db.js";
import type { UserActor } from "../../apps/server/src/platform/actor.js";
import { createAuthenticator } from "../../apps/server/src/modules/users/index.js";
import { createCase } from "../../apps/server/src/modules/cases/index.js";

export interface PgbenchResult {
  clients: number;
  threads: number;
  seconds: number;
  transactions: number;
  tps: number;
  latencyAvgMs: number;
  /** The statements of one transaction, as pgbench ran them. */
  script: string;
}

interface Recorded {
  sql: string;
  params: unknown[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** pgbench's version line, or null when it is not installed. */
export function pgbenchVersion(): string | null {
  const r = spawnSync("pgbench", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Records the statements of one case creation: the token look-up, then the transaction. */
export async function recordCaseCreation(opts: { databaseUrl: string; token: string; body: { customerId: string; kind: "request"; subject: string; channel: "phone" } }): Promise<{ auth: Recorded[]; transaction: Recorded[]; known: Set<string> }> {
  const db = await openDb({ databaseUrl: opts.databaseUrl, poolSize: 1 });
  try {
    const auth: Recorded[] = [];
    const authenticate = createAuthenticator(recording(db, auth), "bench-secret-not-used-for-bearer-tokens");
    const req = { headers: { authorization: `Bearer ${opts.token}` }, method: "POST", cookies: {} } as unknown as FastifyRequest;
    const actor = (await authenticate(req)) as UserActor | null;
    if (!actor || !("userId" in actor)) throw new Error("pgbench: the bench token does not authenticate");
    const transaction: Recorded[] = [];
    await db
      .transaction(async (tx) => {
        await createCase({ tx: recording(tx, transaction), actor, now: new Date(), log: silentLog }, opts.body);
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    // Ids that existed before the transaction stay constants; every other id is a new row's.
    return { auth, transaction, known: new Set([opts.body.customerId, actor.userId, actor.organizationId, actor.tokenId]) };
  } finally {
    await db.close();
  }
}

class RolledBack extends Error {}

const silentLog = { fatal() {}, error() {}, warn() {}, info() {}, debug() {}, trace() {} };

function recording<Q extends Queryable>(q: Q, into: Recorded[]): Q {
  return {
    ...q,
    query: (sql: string, params?: unknown[], options?: QueryOptions) => {
      into.push({ sql, params: params ?? [] });
      return q.query(sql, params, options);
    },
    notify: () => undefined,
  } as Q;
}

/** The pgbench script and its `-D` variables for the recorded statements. */
export function pgbenchScript(recorded: { auth: Recorded[]; transaction: Recorded[]; known: Set<string> }): { script: string; variables: Record<string, string> } {
  const variables: Record<string, string> = { n: "0", run: String(Math.floor(Math.random() * 0xffff)) };
  const fresh = new Map<string, number>();
  const lines = ["\\set n :n + 1"];
  const statement = (r: Recorded, index: number) => {
    const sql = r.sql.replace(/\$(\d+)/g, (_, k: string) => {
      const value = r.params[Number(k) - 1];
      if (value === null || value === undefined) return "NULL";
      if (typeof value === "string" && UUID.test(value) && !recorded.known.has(value)) {
        if (!fresh.has(value)) fresh.set(value, fresh.size + 1);
        return `bench_id(:n, :client_id, :run, ${fresh.get(value)})`;
      }
      const name = `s${index}_p${k}`;
      variables[name] = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
      return `:${name}`;
    });
    return `${sql.replace(/\s+/g, " ").trim()};`;
  };
  let index = 0;
  for (const r of recorded.auth) lines.push(statement(r, ++index));
  lines.push("BEGIN;");
  for (const r of recorded.transaction) lines.push(statement(r, ++index));
  lines.push("COMMIT;");
  return { script: `${lines.join("\n")}\n`, variables };
}

/** A time-ordered id per (transaction number, client, run, slot): new rows land at the right edge of their indexes. */
const BENCH_ID_SQL = `CREATE OR REPLACE FUNCTION bench_id(n bigint, client int, run int, slot int) RETURNS uuid IMMUTABLE LANGUAGE sql AS $$
  SELECT (lpad(to_hex(n), 8, '0') || '-' || lpad(to_hex(run), 4, '0') || '-7' || lpad(to_hex(slot), 3, '0') || '-8000-' || lpad(to_hex(client), 12, '0'))::uuid
$$`;

export async function benchPgbench(opts: { databaseUrl: string; token: string; customerId: string; seconds: number; clients?: number; threads?: number }): Promise<PgbenchResult> {
  const clients = opts.clients ?? 8;
  const threads = opts.threads ?? 2;
  const recorded = await recordCaseCreation({ databaseUrl: opts.databaseUrl, token: opts.token, body: { customerId: opts.customerId, kind: "request", subject: "Bench case by pgbench", channel: "phone" } });
  const { script, variables } = pgbenchScript(recorded);
  const db: Db = await openDb({ databaseUrl: opts.databaseUrl, poolSize: 1 });
  await db.exec(BENCH_ID_SQL).finally(() => db.close());

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-pgbench-"));
  const file = path.join(dir, "case-creation.sql");
  fs.writeFileSync(file, script);
  const args = ["-n", "-M", "prepared", "-c", String(clients), "-j", String(threads), "-T", String(opts.seconds), "-f", file];
  for (const [name, value] of Object.entries(variables)) args.push("-D", `${name}=${value}`);
  args.push(opts.databaseUrl);
  try {
    const out = await run("pgbench", args);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
    const latencyAvgMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
    if (!Number.isFinite(tps) || failed > 0) throw new Error(`pgbench did not run cleanly:\n${out}`);
    return { clients, threads, seconds: opts.seconds, transactions, tps, latencyAvgMs, script };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}:\n${out}`))));
  });
}
