/**
 * Two `tandem serve` processes on one PostgreSQL: a console connected to one sees, live, a case
 * created through the other; and both processes serve the same data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../database.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";
import { openStream } from "../sse.js";

const ADMIN_URL = process.env.DATABASE_URL!;
const EMAIL = "admin@multi.tandem.local";
const PASSWORD = "multi-process-pass";

describe("several server processes on one PostgreSQL", () => {
  let db: { url: string; drop(): Promise<void> };
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;

  beforeAll(async () => {
    db = await createDatabase(ADMIN_URL);
    const env = { DATABASE_URL: db.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: EMAIL, TANDEM_ADMIN_PASSWORD: PASSWORD, TANDEM_SECRET: "multi-process-secret-0123456789", LOG_LEVEL: "warn", TANDEM_WORKERS: "1" };
    // Started together: the migration lock lets one migrate while the other waits.
    [a, b] = await Promise.all([startServer(env, await freePort(), 120_000), startServer(env, await freePort(), 120_000)]);
  }, 150_000);
  afterAll(async () => {
    await Promise.all([stopServer(a), stopServer(b)]);
    await db?.drop();
  });

  const json = async (url: string, init: RequestInit & { token?: string } = {}) => {
    const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) } });
    return { status: res.status, body: (await res.json()) as any };
  };

  it("a case created through one process reaches a live stream on the other within a second", async () => {
    const login = await json(`${a!.url}/api/v1/auth/login`, { method: "POST", body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    expect(login.status).toBe(200);
    const token: string = login.body.token;

    const stream = await openStream(a!.url, token);
    await stream.waitFor("event: ready");

    const customer = await json(`${b!.url}/api/v1/customers`, { method: "POST", token, body: JSON.stringify({ name: "Across processes", identities: [{ kind: "phone", value: "13700001111" }] }) });
    expect(customer.status).toBe(201);
    const sent = Date.now();
    const kase = await json(`${b!.url}/api/v1/cases`, { method: "POST", token, body: JSON.stringify({ customerId: customer.body.id, kind: "question", subject: "Seen everywhere?", channel: "web" }) });
    expect(kase.status).toBe(201);
    await stream.waitFor(kase.body.id, 1, 3000);
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(stream.text()).toContain("event: change");
    stream.close();

    // The other process reads the same case.
    const fromA = await json(`${a!.url}/api/v1/cases/${kase.body.id}`, { token });
    expect(fromA.status).toBe(200);
    expect(fromA.body.number).toBe(kase.body.number);
  });

  it("signing out through one process closes the session's stream on the other at once", async () => {
    const login = await json(`${a!.url}/api/v1/auth/login`, { method: "POST", body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    const token: string = login.body.token;
    const stream = await openStream(a!.url, token);
    const logout = await json(`${b!.url}/api/v1/auth/logout`, { method: "POST", token, body: "{}" });
    expect(logout.status).toBe(200);
    // Well before the periodic check (15 s by default): the revocation's NOTIFY reached process a.
    const ended = await Promise.race([stream.ended.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    expect(ended).toBe(true);
    expect(stream.closedReason).toBe("revoked");
  });
});
