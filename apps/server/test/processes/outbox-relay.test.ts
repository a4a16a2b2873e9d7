/**
 * Two `tandem serve` processes with every role (so both run the outbox relay) on one PostgreSQL:
 * after a burst of changes through both, every outbox event is published exactly once — the two
 * processes' published counters add up to the number of events — and both did part of the work.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../database.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const ADMIN_URL = process.env.DATABASE_URL!;
const EMAIL = "admin@relay.tandem.local";
const PASSWORD = "relay-process-pass";
const CASES = 200;
const CONCURRENCY = 16;

describe("the outbox relay in two server processes on one PostgreSQL", () => {
  let db: { url: string; drop(): Promise<void> };
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    db = await createDatabase(ADMIN_URL, "relay");
    // One web process each (TANDEM_WORKERS=1): /metrics is then answered by the process whose
    // relay it counts (with --workers, a web worker answers and the relay runs in the primary).
    const env = { DATABASE_URL: db.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: EMAIL, TANDEM_ADMIN_PASSWORD: PASSWORD, TANDEM_SECRET: "relay-process-secret-0123456789", LOG_LEVEL: "warn", TANDEM_WORKERS: "1" };
    servers = await Promise.all([startServer(env, await freePort()), startServer(env, await freePort())]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => stopServer(s)));
    await db?.drop();
  });

  const post = async (url: string, body: unknown, token?: string) => {
    const res = await fetch(url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    return { status: res.status, body: (await res.json()) as any };
  };

  const publishedBy = async (server: ServerProcess): Promise<number> => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const match = /^tandem_outbox_events_published_total (\d+)$/m.exec(text);
    if (!match) throw new Error(`no published counter in /metrics:\n${text}`);
    return Number(match[1]);
  };

  it("publishes every event of a burst through both processes once, each process doing part of it", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const login = await post(`${a.url}/api/v1/auth/login`, { email: EMAIL, password: PASSWORD });
    expect(login.status).toBe(200);
    const token: string = login.body.token;
    const customer = await post(`${b.url}/api/v1/customers`, { name: "Burst customer", identities: [{ kind: "phone", value: "13700002222" }] }, token);
    expect(customer.status).toBe(201);

    // Each case is opened through one process and gets a note through the other.
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CASES) {
          const i = next++;
          const [here, there] = i % 2 ? [a, b] : [b, a];
          const kase = await post(`${here.url}/api/v1/cases`, { customerId: customer.body.id, kind: "request", subject: `Burst ${i}`, channel: "phone" }, token);
          expect(kase.status).toBe(201);
          const note = await post(`${there.url}/api/v1/cases/${kase.body.id}/messages`, { visibility: "internal", body: `Note ${i}` }, token);
          expect(note.status).toBe(201);
        }
      }),
    );

    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      const counts = async () => (await sql.query<{ total: number; unpublished: number }>(`SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished FROM outbox`)).rows[0]!;
      let c = await counts();
      for (const deadline = Date.now() + 20_000; c.unpublished > 0; c = await counts()) {
        if (Date.now() > deadline) throw new Error(`${c.unpublished} of ${c.total} events still unpublished after 20 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(c.total).toBeGreaterThanOrEqual(2 * CASES);

      // A counter is raised just after its batch commits: give the last one a moment to land.
      let byEach = await Promise.all(servers.map(publishedBy));
      for (const deadline = Date.now() + 5000; byEach[0]! + byEach[1]! < c.total && Date.now() < deadline; byEach = await Promise.all(servers.map(publishedBy))) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(byEach[0]! + byEach[1]!, `published by each: ${byEach.join(", ")}`).toBe(c.total);
      expect(Math.min(...byEach), `published by each: ${byEach.join(", ")}`).toBeGreaterThan(0);
    } finally {
      await sql.end();
    }
  });
});
