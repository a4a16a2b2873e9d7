/**
 * `tandem serve --workers 2` on PostgreSQL: both workers answer (each new connection goes to the
 * next), /metrics counts the requests of both whichever answers it, a worker killed outright is replaced while the other keeps answering, and SIGTERM to the
 * primary stops everything cleanly.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../database.js";
import { call, freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const ADMIN_URL = process.env.DATABASE_URL!;
const EMAIL = "admin@cluster.tandem.local";
const PASSWORD = "cluster-pass-0123";

function alive(pid: string | undefined): boolean {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("tandem serve --workers 2 on PostgreSQL", () => {
  let db: { url: string; drop(): Promise<void> };
  let server: ServerProcess | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createDatabase(ADMIN_URL);
    env = { DATABASE_URL: db.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: EMAIL, TANDEM_ADMIN_PASSWORD: PASSWORD, TANDEM_SECRET: "cluster-test-secret-0123456789", LOG_LEVEL: "warn" };
    server = await startServer(env, await freePort(), 60_000, ["--workers", "2"]);
  }, 90_000);
  afterAll(async () => {
    await stopServer(server);
    await db?.drop();
  });

  it("answers from both workers, counts them both in /metrics, replaces a killed one while requests keep succeeding, and stops cleanly on SIGTERM", async () => {
    const s = server!;
    // GET / answers as soon as the first worker listens; the primary says so once both do.
    await until(() => s.output().includes("(PostgreSQL, 2 workers, ready in"), "the primary reports both workers ready");
    const login = await call(`${s.url}/api/v1/auth/login`, { method: "POST", body: { email: EMAIL, password: PASSWORD } });
    expect(login.status).toBe(200);
    const token: string = login.body.token;
    const customer = await call(`${s.url}/api/v1/customers`, { method: "POST", token, body: { name: "Cluster customer" } });
    expect(customer.status).toBe(201);
    let n = 0;
    const createCase = async () => {
      const r = await call(`${s.url}/api/v1/cases`, { method: "POST", token, body: { customerId: customer.body.id, kind: "request", subject: `Cluster case ${++n}`, channel: "phone" } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r;
    };

    // Both workers answer, and both write: a token issued by one is good on the other.
    const workers = new Set<string>();
    for (let i = 0; i < 20 && workers.size < 2; i++) workers.add((await createCase()).worker!);
    expect(workers.size).toBe(2);
    expect([...workers].every((pid) => /^\d+$/.test(pid) && Number(pid) !== s.child.pid)).toBe(true);

    // /metrics speaks for the whole server, whichever worker answers the scrape.
    const created = (text: string) => Number(/^tandem_http_requests_total\{method="POST",route="\/api\/v1\/cases",status="201"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    const scrapedBy = new Map<string, number>();
    for (let i = 0; i < 20 && scrapedBy.size < 2; i++) {
      const scrape = await call(`${s.url}/metrics`);
      expect(scrape.status).toBe(200);
      scrapedBy.set(scrape.worker!, created(scrape.body as string));
    }
    expect([...scrapedBy.keys()].sort()).toEqual([...workers].sort());
    expect([...scrapedBy.values()]).toEqual([n, n]);

    // Kill one outright; once the primary has seen it go, every request still succeeds.
    const [victim, survivor] = [...workers] as [string, string];
    process.kill(Number(victim), "SIGKILL");
    await until(() => s.output().includes("exited with signal SIGKILL; starting a new one"), "the primary reports the dead worker");
    expect(alive(victim)).toBe(false);
    for (let i = 0; i < 6; i++) await createCase();

    // A new worker takes its place and answers too.
    let replacement: string | undefined;
    await until(async () => {
      replacement = (await createCase()).worker;
      return replacement !== survivor;
    }, "a new worker answers");
    expect(replacement).not.toBe(victim);

    // SIGTERM to the primary stops the workers, then the primary, with exit code 0.
    s.child.kill("SIGTERM");
    await s.exited;
    expect({ code: s.child.exitCode, signal: s.child.signalCode }).toEqual({ code: 0, signal: null });
    expect(alive(survivor)).toBe(false);
    expect(alive(replacement)).toBe(false);
  }, 90_000);

  it("fails at once, with exit code 1, when its workers cannot listen", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as net.AddressInfo).port;
      await expect(startServer(env, port, 60_000, ["--workers", "2"])).rejects.toThrow(/exited \(1\)[\s\S]*EADDRINUSE[\s\S]*before it listened/);
    } finally {
      taken.close();
    }
  }, 90_000);
});
