/**
 * Graceful shutdown (issue 7, items 6 and 9): SIGTERM lands on a real server in the middle of a
 * burst of case creations. The server stops accepting, finishes the requests in flight, ends the
 * live streams with `event: closed`, hands the outbox over and exits 0 — and every case it
 * committed was answered 201, and every 201 names a committed case. With one process and with
 * `--workers 2`.
 *
 * Runs against PostgreSQL only: the suite is collected when DATABASE_URL is set.
 */
import { afterAll, describe, expect, test } from "vitest";
import pg from "pg";
import { openDb } from "../../src/platform/db.js";
import { migrate } from "../../src/platform/migrate.js";
import { createDatabase } from "../database.js";
import { openStream } from "../sse.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const ADMIN_EMAIL = "shutdown-admin@test.tandem.local";
const ADMIN_PASSWORD = "shutdown-password-0123";
const CLIENTS = 20;
/** Answered creations to wait for before SIGTERM, so that it lands mid-burst. */
const ANSWERED_BEFORE_SIGTERM = 60;

interface Sent {
  subject: string;
  /** The answer's status, or the error that ended the request without one. */
  status?: number;
  error?: string;
  id?: string;
}

const servers: ServerProcess[] = [];
const databases: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const server of servers) await stopServer(server);
  for (const database of databases) await database.drop();
}, 60_000);

async function post(base: string, token: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method: "POST", headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  // A 503 while stopping is Fastify's own JSON; anything else is Tandem's.
  return { status: res.status, body: (text ? JSON.parse(text) : null) as { id?: string; token?: string } | null };
}

describe.each([1, 2])("SIGTERM under load with %i web process(es)", (workers) => {
  test("every committed case was answered 201, every 201 is committed, streams end with `closed`, the process exits 0", async () => {
    const database = await createDatabase(process.env.DATABASE_URL!);
    databases.push(database);
    const db = await openDb({ databaseUrl: database.url });
    await migrate(db);
    await db.close();
    const env = {
      DATABASE_URL: database.url,
      TANDEM_DEMO: "off",
      TANDEM_ADMIN_EMAIL: ADMIN_EMAIL,
      TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      TANDEM_SECRET: "shutdown-test-secret-0123456789",
      LOG_LEVEL: "warn",
      TANDEM_WORKERS: String(workers),
      TANDEM_SHUTDOWN_GRACE: "PT20S",
    };
    // Each web worker compiles the sources on start: give a loaded machine time.
    const server = await startServer(env, await freePort(), 120_000);
    servers.push(server);
    const login = await post(server.url, "", "/api/v1/auth/login", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body!.token!;
    const customer = await post(server.url, token, "/api/v1/customers", { name: "Shutdown customer" });
    expect(customer.status).toBe(201);
    const stream = await openStream(server.url, token);

    const sent: Sent[] = [];
    let answered = 0;
    let signalled = false;
    let onEnough: () => void = () => undefined;
    const enough = new Promise<void>((resolve) => (onEnough = resolve));
    const clients = Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; ; i++) {
        const item: Sent = { subject: `Shutdown ${workers}/${c}-${i}: 停机 📺` };
        sent.push(item);
        try {
          const res = await post(server.url, token, "/api/v1/cases", { customerId: customer.body!.id, kind: "request", subject: item.subject, channel: "phone" });
          item.status = res.status;
          item.id = res.body?.id;
          if (res.status === 201 && ++answered >= ANSWERED_BEFORE_SIGTERM) onEnough();
          // Once stopping, a process refuses new requests (503) and then new connections: stop sending.
          if (res.status !== 201) return;
        } catch (error) {
          item.error = String((error as Error).cause ?? error);
          if (signalled) return;
          throw new Error(`a request failed before SIGTERM: ${item.error}\n${server.output()}`, { cause: error });
        }
      }
    });
    const burst = Promise.all(clients);
    await Promise.race([enough, burst]);
    signalled = true;
    server.child.kill("SIGTERM");
    await burst;
    await server.exited;
    expect(server.child.exitCode, server.output()).toBe(0);
    await stream.ended;
    expect(stream.closedReason).toBe("shutdown");

    const created = sent.filter((s) => s.status === 201);
    const otherAnswers = sent.filter((s) => s.status !== undefined && s.status !== 201);
    const unanswered = sent.filter((s) => s.status === undefined);
    // Refusals while stopping are 503 and nothing else.
    expect(otherAnswers.filter((s) => s.status !== 503)).toEqual([]);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = (await client.query<{ id: string; subject: string }>(`SELECT id, subject FROM cases`)).rows;
      const committed = new Map(rows.map((r) => [r.subject, r.id]));
      // Every 201 is committed, as answered.
      for (const s of created) expect(committed.get(s.subject), `answered ${s.subject} is missing`).toBe(s.id);
      // Every committed case was answered 201: none of the refused or unanswered requests committed.
      const answeredSubjects = new Set(created.map((s) => s.subject));
      expect(rows.filter((r) => !answeredSubjects.has(r.subject)).map((r) => r.subject)).toEqual([]);
      // The relay handed over everything the last requests wrote before the process exited.
      const unpublished = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0]!.n;
      expect(unpublished).toBe(0);
      console.log(`SIGTERM with ${workers} web process(es): ${created.length} answered 201 and committed, ${otherAnswers.length} refused with 503, ${unanswered.length} without an answer (${[...new Set(unanswered.map((s) => s.error))].join("; ")}), 0 lost`);
    } finally {
      await client.end();
    }
  }, 240_000);
});
