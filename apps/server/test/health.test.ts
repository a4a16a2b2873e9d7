/**
 * Health checks and database outages, as an operator and a client see them: /healthz answers
 * while the process lives; /readyz only while the database answers and its schema is current;
 * while the database is unreachable every request is refused at once with 503
 * database_unavailable and Retry-After, and service comes back by itself. The outage here is
 * injected (the database refuses as node-postgres does when the server is gone); the real ones —
 * backends terminated, PostgreSQL stopped and started — are in processes/database-faults.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "@tandem/contracts";
import type { Db } from "../src/platform/db.js";
import { asDbFault } from "../src/platform/db-faults.js";
import { migrationFiles } from "../src/platform/migrate.js";
import { client, createTestApp, createWorld, uniq, type TestApp, type World } from "./helper.js";

/** The database as the app sees it, with a switch that makes it unreachable. */
function unplugged(db: Db) {
  const state = { down: false };
  const refuse = () => {
    if (state.down) throw asDbFault(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
  };
  const wrapped: Db = {
    kind: db.kind,
    notify: (channel, payload) => db.notify(channel, payload),
    query: async (sql, params, options) => (refuse(), db.query(sql, params, options)),
    exec: async (sql) => (refuse(), db.exec(sql)),
    transaction: async (fn) => (refuse(), db.transaction(fn)),
    listen: async (channel, onMessage, onResync) => (refuse(), db.listen(channel, onMessage, onResync)),
    close: () => db.close(),
  };
  return { state, wrapped };
}

describe("health checks", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ownDatabase: true });
  });
  afterAll(() => t.close());

  it("/healthz says the process lives; /readyz that the database answers with every migration applied", async () => {
    const anyone = client(t.app);
    expect(await anyone.get("/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    const ready = await anyone.get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready", database: t.db.kind, migrations: migrationFiles().length });
  });

  it("/readyz is 503 while a migration of this version is not applied, and 200 again once it is", async () => {
    const anyone = client(t.app);
    const last = migrationFiles().at(-1)!;
    const [row] = await t.db.query<{ applied_at: Date }>("DELETE FROM schema_migrations WHERE name = $1 RETURNING applied_at", [last]);
    const behind = await anyone.get("/readyz");
    expect(behind.status).toBe(503);
    expect(behind.body).toEqual({ status: "unavailable", reason: "migrations_pending", pending: [last] });
    expect((await anyone.get("/healthz")).status).toBe(200);
    await t.db.query("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)", [last, row!.applied_at]);
    expect((await anyone.get("/readyz")).status).toBe(200);
  });
});

describe("story: the database becomes unreachable and comes back", () => {
  let t: TestApp;
  let w: World;
  let plug: ReturnType<typeof unplugged>;
  beforeAll(async () => {
    t = await createTestApp({
      wrapDb: (db) => {
        plug = unplugged(db);
        return plug.wrapped;
      },
    });
    w = await createWorld(t.db);
  });
  afterAll(() => t.close());

  it("every request is refused at once with 503 database_unavailable and Retry-After, /healthz still answers, and service returns with no restart", async () => {
    expect(ERROR_CODES).toContain("database_unavailable");
    const agent = client(t.app, w.agent.token);
    const anyone = client(t.app);
    const key = `outage-${uniq()}`;
    const name = `Customer of ${key}`;
    const count = async () => Number((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM customers WHERE name = $1", [name]))[0]!.n);

    plug.state.down = true;
    const refused = [
      await agent.get("/api/v1/auth/me"),
      await agent.get("/api/v1/cases"),
      await agent.post("/api/v1/customers", { name }, { "idempotency-key": key }),
      await agent.get("/api/v1/stream"),
      await anyone.post("/api/v1/auth/login", { email: w.agent.email, password: "whatever it is" }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(503);
      expect(r.headers["retry-after"]).toBe("2");
      expect(r.body.error.code).toBe("database_unavailable");
      expect(r.body.error.message).toMatch(/database is unavailable/);
      expect(r.body.error.message).not.toMatch(/ECONNREFUSED|5432/); // no internals
    }
    expect(await anyone.get("/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await anyone.get("/readyz")).toMatchObject({ status: 503, body: { status: "unavailable", reason: "database_unavailable" } });
    expect(await count()).toBe(0);

    plug.state.down = false;
    expect((await anyone.get("/readyz")).status).toBe(200);
    expect((await agent.get("/api/v1/auth/me")).status).toBe(200);
    // The refused creation, retried with its key, is made now, once.
    const retried = await agent.post("/api/v1/customers", { name }, { "idempotency-key": key });
    expect(retried.status).toBe(201);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
    expect(await count()).toBe(1);
  });
});
