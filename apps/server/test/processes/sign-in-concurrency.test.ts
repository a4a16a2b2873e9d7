/**
 * Issue 7 on real processes and PostgreSQL: parallel guesses get no more password checks than
 * the budgets allow, across `tandem serve --workers 2` (300 at once from one address, 300 from
 * 300 addresses behind a trusted proxy, 200 unknown e-mails), the real user still signs in from
 * their usual address, and the general rate limit holds across the workers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../database.js";
import { call, freePort, startServer, stopServer, type Answer, type ServerProcess } from "./server-process.js";

const ADMIN_URL = process.env.DATABASE_URL!;
const EMAIL = "admin@throttle.tandem.local";
const PASSWORD = "throttle-pass-0123";

function tally(answers: Answer[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

describe("sign-in throttling and the rate limit across tandem serve --workers 2 on PostgreSQL", () => {
  let db: { url: string; drop(): Promise<void> };
  let server: ServerProcess | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createDatabase(ADMIN_URL, "throttle");
    env = {
      DATABASE_URL: db.url,
      TANDEM_DEMO: "off",
      TANDEM_ADMIN_EMAIL: EMAIL,
      TANDEM_ADMIN_PASSWORD: PASSWORD,
      TANDEM_SECRET: "throttle-test-secret-0123456789",
      TANDEM_TRUSTED_PROXIES: "127.0.0.1",
      TANDEM_SCRYPT_COST: "12",
      TANDEM_RATE_LIMIT: "0",
      LOG_LEVEL: "warn",
    };
    server = await startServer(env, await freePort(), 60_000, ["--workers", "2"]);
  }, 90_000);
  afterAll(async () => {
    await stopServer(server);
    await db?.drop();
  });

  it("300 parallel logins get at most 5 password checks per account, and the real user still signs in", async () => {
    const s = server!;
    const login = (email: string, password: string, client: string) => call(`${s.url}/api/v1/auth/login`, { method: "POST", body: { email, password }, client });
    const home = "198.51.100.1";
    const admin = await login(EMAIL, PASSWORD, home);
    expect(admin.status).toBe(200);
    const victim = { email: "victim@throttle.tandem.local", password: "victim-pass-0123" };
    const created = await call(`${s.url}/api/v1/users`, { method: "POST", token: admin.body.token, client: home, body: { ...victim, name: "Victim", role: "agent", organizationId: admin.body.user.organizationId } });
    expect(created.status).toBe(201);

    // From one address: 299 wrong, the last right.
    const one = await Promise.all(Array.from({ length: 300 }, (_, i) => login(EMAIL, i === 299 ? PASSWORD : `guess ${i}`, "203.0.113.1")));
    const oneTally = tally(one);
    expect(oneTally[401] ?? 0).toBeLessThanOrEqual(5);
    expect((oneTally[401] ?? 0) + (oneTally[200] ?? 0)).toBeLessThanOrEqual(5);
    expect(oneTally[429]).toBeGreaterThanOrEqual(295);
    expect(new Set(one.map((a) => a.worker)).size).toBe(2);
    const refused = one.find((a) => a.status === 429)!;
    expect(refused.body.error).toMatchObject({ code: "rate_limited", message: expect.stringContaining("Too many sign-in attempts") });

    // From 300 addresses at once, for another account: the account-wide budget of new addresses.
    const spread = await Promise.all(Array.from({ length: 300 }, (_, i) => login(victim.email, `guess ${i}`, `10.7.${Math.floor(i / 250)}.${(i % 250) + 1}`)));
    expect(tally(spread)[401] ?? 0).toBeLessThanOrEqual(5);

    // 200 unknown e-mails from one address: the address's budget.
    const unknown = await Promise.all(Array.from({ length: 200 }, (_, i) => login(`nobody${i}@throttle.tandem.local`, "guess", "203.0.113.2")));
    expect(tally(unknown)[401] ?? 0).toBeLessThanOrEqual(30);

    // The admin on their usual address is not locked out by any of it.
    expect((await login(EMAIL, PASSWORD, home)).status).toBe(200);
  }, 120_000);

  it("the general rate limit counts across both workers", async () => {
    await stopServer(server);
    server = await startServer({ ...env, TANDEM_RATE_LIMIT: "40" }, await freePort(), 60_000, ["--workers", "2"]);
    const s = server;
    const admin = await call(`${s.url}/api/v1/auth/login`, { method: "POST", body: { email: EMAIL, password: PASSWORD }, client: "198.51.100.1" });
    expect(admin.status).toBe(200);
    const minute = () => Math.floor(Date.now() / 60_000);
    const first = minute();
    const answers: Answer[] = [];
    for (let i = 0; i < 100; i++) answers.push(await call(`${s.url}/api/v1/auth/me`, { token: admin.body.token }));
    const turned = minute() !== first;
    const counts = tally(answers);
    // Both workers served, and together they let 40 through: counted per worker, 80 would pass.
    expect(new Set(answers.filter((a) => a.status === 200).map((a) => a.worker)).size).toBe(2);
    expect(Object.keys(counts).sort()).toEqual(["200", "429"]);
    // (If the minute turned during the burst, the new minute has its own 40.)
    if (turned) expect(counts[200]).toBeLessThanOrEqual(80);
    else expect(counts[200]).toBe(40);
    expect(answers.find((a) => a.status === 429)!.body.error.code).toBe("rate_limited");
  }, 120_000);
});
