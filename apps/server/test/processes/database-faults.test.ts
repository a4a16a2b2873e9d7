/**
 * Database faults against a real server process (issue 7, items 1 and 9): every Tandem backend
 * terminated under load, then the LISTEN one alone — the process stays up, every 2xx is
 * committed, service returns within 5 s and a console's stream is told to resynchronise; and a
 * frozen database (a lock held past the statement timeout) answers 503 instead of hanging.
 *
 * Runs against PostgreSQL only: the suite is collected when DATABASE_URL is set. PostgreSQL
 * stopped and started is in postgres-restart.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import pg from "pg";
import { openDb, type Db } from "../../src/platform/db.js";
import { migrate } from "../../src/platform/migrate.js";
import { loadEnv } from "../../src/platform/env.js";
import { createLogger } from "../../src/platform/logger.js";
import { buildApp } from "../../src/app.js";
import { createDatabase } from "../database.js";
import { client, createWorld, uniq } from "../helper.js";
import { caseLoad, countCases, createAndHear, isOk, lostAnswers, prepare, retryRefused, serviceBackAt, terminateBackends } from "./fault-load.js";
import { openStream, type OpenStream as LiveStream } from "../sse.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const ADMIN_URL = process.env.DATABASE_URL!;
const EMAIL = "faults-admin@test.tandem.local";
const PASSWORD = "faults-password-0123";
const CLIENTS = 20;

describe("every Tandem backend terminated under load", () => {
  let database: { url: string; drop(): Promise<void> };
  let server: ServerProcess | null = null;
  let stream: LiveStream | null = null;

  beforeAll(async () => {
    database = await createDatabase(ADMIN_URL, "faults");
    server = await startServer(
      { DATABASE_URL: database.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: EMAIL, TANDEM_ADMIN_PASSWORD: PASSWORD, TANDEM_SECRET: "faults-test-secret-0123456789", LOG_LEVEL: "error", TANDEM_WORKERS: "1" },
      await freePort(),
    );
  }, 60_000);

  afterAll(async () => {
    stream?.close();
    await stopServer(server);
    await database?.drop();
  }, 30_000);

  test("the process stays up, every answered case is committed, service returns within 5 s, and the live stream resynchronises", async () => {
    const { url } = server!;
    const dbName = new URL(database.url).pathname.slice(1);
    const { token, customerId } = await prepare(url, EMAIL, PASSWORD);
    stream = await openStream(url, token);
    await stream.waitFor("event: ready");

    const load = caseLoad(url, token, customerId, CLIENTS, "terminated");
    await load.answered(40);
    const terminated = await terminateBackends(ADMIN_URL, dbName);
    const faultAt = performance.now();
    expect(terminated).toBeGreaterThan(1); // the pool's connections and the LISTEN one
    // The database accepted connections throughout: service is back within 5 s of the fault.
    await load.answered(load.sent.filter(isOk).length + 2 * CLIENTS).catch((error: Error) => {
      const last = load.sent.slice(-CLIENTS).map((s) => `${s.status ?? "-"} ${s.error ?? ""}`);
      throw new Error(`${error.message}; the last requests: ${last.join(" | ")}\nserver output:\n${server!.output()}`);
    });
    await load.stop();

    expect(server!.child.exitCode).toBeNull();
    expect(server!.child.signalCode).toBeNull();
    const refused = load.sent.filter((s) => !isOk(s));
    // A request on a terminated connection is refused as a database fault, never a 500 or a dropped connection.
    expect(refused.filter((s) => s.status !== 503 || s.error !== "database_unavailable" || s.retryAfter === null).map((s) => [s.status, s.error])).toEqual([]);
    const backAt = serviceBackAt(load.sent);
    expect(backAt).not.toBeNull();
    expect(backAt! - faultAt).toBeLessThan(5_000);
    expect(await lostAnswers(database.url, load.sent)).toEqual([]);

    // The console was told it may have missed changes, and hears new ones on the new connection.
    await stream.waitFor("event: resync");
    await createAndHear(url, token, customerId, stream, "after the first fault");

    // Then the LISTEN connection alone: one more resync, and changes still arrive.
    expect(await terminateBackends(ADMIN_URL, dbName, true)).toBe(1);
    await stream.waitFor("event: resync", 2);
    await createAndHear(url, token, customerId, stream, "after the LISTEN fault");

    // Every refused creation, retried with its key, is made now — once.
    expect(await retryRefused(url, token, load.sent)).toEqual([]);
    expect(await countCases(database.url, "terminated")).toBe(load.sent.length);
    console.log(`terminated backends: ${terminated}; ${load.sent.length} creations, ${refused.length} refused with 503, service back ${Math.round(backAt! - faultAt)} ms after the fault`);
  }, 120_000);
});

describe("a frozen database", () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Db;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    database = await createDatabase(ADMIN_URL, "frozen");
    db = await openDb({ databaseUrl: database.url, statementTimeoutMs: 1000, connectTimeoutMs: 2000, poolSize: 4 });
    await migrate(db);
    app = await buildApp({ db, env: loadEnv({ TANDEM_SECRET: "frozen-test-secret-0123456789", LOG_LEVEL: "silent", DATABASE_URL: database.url }), logger: createLogger("silent") });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await database?.drop();
  }, 30_000);

  test("a request blocked past the statement timeout answers 503 database_unavailable, and the next one succeeds once the lock is gone", async () => {
    const w = await createWorld(db);
    const agent = client(app, w.agent.token);

    // Another session holds the customers table; a creation waits on it past the statement timeout.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");
      const name = `Frozen ${uniq()}`;
      const blocked = await agent.post("/api/v1/customers", { name });
      expect(blocked.status).toBe(503);
      expect(blocked.body.error).toMatchObject({ code: "database_unavailable", message: expect.stringMatching(/did not answer in time/) });
      expect(blocked.headers["retry-after"]).toBe("2");
      // The same for a statement that sleeps past it.
      await expect(db.query("SELECT pg_sleep(3)")).rejects.toMatchObject({ status: 503, fault: "timeout" });
      await locker.query("ROLLBACK");

      expect((await agent.post("/api/v1/customers", { name })).status).toBe(201);
      expect((await client(app).get("/readyz")).status).toBe(200);
    } finally {
      await locker.end();
    }
  }, 60_000);
});
