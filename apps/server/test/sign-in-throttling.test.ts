/**
 * Sign-in throttling as an attacker and the real user meet it (issue 7): guesses are counted per
 * (account, address), per address, and account-wide from addresses the account never signed in
 * from; the real user on their usual address keeps signing in; budgets free after 15 minutes; the
 * client's address comes from X-Forwarded-For only through a trusted proxy; cookies are Secure
 * over https; a cheaper password hash is replaced at the next sign-in.
 * (The same under 300 parallel requests on PostgreSQL: test/processes/sign-in-concurrency.test.ts.)
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, TEST_SCRYPT_COST, type TestApp, type World } from "./helper.js";
import { hashPassword, setScryptCost } from "../src/platform/passwords.js";
import { insertUser } from "../src/modules/users/index.js";
import { secureCookies } from "../src/platform/headers.js";
import { worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let tag: string;
let now = new Date("2026-03-02T09:00:00Z");
const PASSWORD = "a secret of some length";

const freshIp = () => `10.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(1, 250)}`;

async function login(app: TestApp["app"], email: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, remoteAddress, headers });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function newUser() {
  const email = `throttle.${tag}.${randomInt(1e9)}@test.tandem.local`;
  const r = await client(t.app, w.admin.token).post("/api/v1/users", { email, name: `User ${tag}`, password: PASSWORD, role: "agent", organizationId: w.hotline.id });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, email };
}

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
});
afterAll(() => t.close());

describe("sign-in throttling", () => {
  it("keeps the real user signing in on their usual address while guesses from elsewhere are refused", async () => {
    const u = await newUser();
    const home = freshIp();
    expect((await login(t.app, u.email, PASSWORD, home)).status).toBe(200);
    // Guesses from five other addresses use the account-wide budget of new addresses up...
    for (let i = 0; i < 5; i++) expect((await login(t.app, u.email, `guess ${i}`, freshIp())).status).toBe(401);
    // ...so a sixth address gets no password check at all, even with the right password.
    const refused = await login(t.app, u.email, PASSWORD, freshIp());
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { code: "rate_limited", message: expect.stringMatching(/Too many sign-in attempts.*15 minutes/), details: [] } });
    expect(refused.headers["retry-after"]).toBe(String(15 * 60));
    // The user, at home, is not locked out.
    expect((await login(t.app, u.email, PASSWORD, home)).status).toBe(200);
  });

  it("allows 5 password checks per account and address, then frees the budget as the window passes", async () => {
    const u = await newUser();
    const home = freshIp();
    expect((await login(t.app, u.email, PASSWORD, home)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(t.app, u.email, `typo ${i}`, home)).status).toBe(401);
    const locked = await login(t.app, u.email, PASSWORD, home);
    expect(locked.status).toBe(429);
    // The lockout is a security event in the audit log, recorded once (not per refused attempt).
    const audited = await t.db.query<{ action: string; actor_type: string }>(`SELECT action, actor_type FROM audit_log WHERE subject_type = 'sign_in' AND subject_id = $1`, [u.email]);
    expect(audited).toEqual([{ action: "security.login.locked", actor_type: "system" }]);
    now = new Date(now.getTime() + 10 * 60_000);
    expect((await login(t.app, u.email, PASSWORD, home)).headers["retry-after"]).toBe(String(5 * 60));
    now = new Date(now.getTime() + 5 * 60_000);
    expect((await login(t.app, u.email, PASSWORD, home)).status).toBe(200);
  });

  it("throttles unknown e-mails per address too: the 31st from one address is refused", async () => {
    const ip = freshIp();
    for (let i = 0; i < 30; i++) expect((await login(t.app, `nobody${i}.${tag}@test.tandem.local`, "guess", ip)).status).toBe(401);
    expect((await login(t.app, `nobody-else.${tag}@test.tandem.local`, "guess", ip)).status).toBe(429);
    // And five guesses at one unknown e-mail from anywhere lock that e-mail as they would an account.
    const ghost = `ghost.${tag}@test.tandem.local`;
    for (let i = 0; i < 5; i++) expect((await login(t.app, ghost, "guess", freshIp())).status).toBe(401);
    expect((await login(t.app, ghost, "guess", freshIp())).status).toBe(429);
  });

  it("counts nothing for a refused attempt, and gives a successful attempt its slot back", async () => {
    const u = await newUser();
    const ip = freshIp();
    for (let i = 0; i < 4; i++) expect((await login(t.app, u.email, `typo ${i}`, ip)).status).toBe(401);
    const counted = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM throttle_hits WHERE key = $1`, [`login:account:${u.email}`]))[0]!.n;
    expect(await counted()).toBe(4);
    expect((await login(t.app, u.email, PASSWORD, ip)).status).toBe(200);
    expect(await counted()).toBe(4);
  });
});

describe("behind a proxy", () => {
  const proxy = "192.0.2.10";
  let proxied: TestApp;
  let world: World;
  beforeAll(async () => {
    proxied = await createTestApp({ clock: () => now, env: { TANDEM_TRUSTED_PROXIES: `${proxy},198.51.100.0/24` } });
    world = await createWorld(proxied.db);
  });
  afterAll(() => proxied.close());

  it("takes the client's address from X-Forwarded-For only when the proxy is trusted", async () => {
    // Through the trusted proxy, each client has its own address: the agent's usual one...
    expect((await login(proxied.app, world.agent.email, "correct horse battery", proxy, { "x-forwarded-for": "203.0.113.8" })).status).toBe(200);
    // ...is not locked by another client's guesses.
    for (let i = 0; i < 5; i++) expect((await login(proxied.app, world.agent.email, "typo", proxy, { "x-forwarded-for": "203.0.113.7" })).status).toBe(401);
    expect((await login(proxied.app, world.agent.email, "typo", proxy, { "x-forwarded-for": "203.0.113.7" })).status).toBe(429);
    expect((await login(proxied.app, world.agent.email, "correct horse battery", proxy, { "x-forwarded-for": "203.0.113.8" })).status).toBe(200);
    // The guesses are counted against the client's address, never the proxy's; the success gave its slot back.
    const keys = await proxied.db.query<{ key: string }>(`SELECT DISTINCT key FROM throttle_hits WHERE key IN ('login:address:203.0.113.7', 'login:address:203.0.113.8', 'login:address:${proxy}')`);
    expect(keys.map((r) => r.key)).toEqual(["login:address:203.0.113.7"]);
    // Without the setting, the header is ignored: the proxy's own address is the client.
    const untrusted = await login(t.app, `forwarded.${tag}@test.tandem.local`, "guess", "192.0.2.99", { "x-forwarded-for": "203.0.113.99" });
    expect(untrusted.status).toBe(401);
    expect(await t.db.query(`SELECT 1 FROM throttle_hits WHERE key = 'login:address:203.0.113.99'`)).toHaveLength(0);
    expect(await t.db.query(`SELECT 1 FROM throttle_hits WHERE key = 'login:address:192.0.2.99'`)).toHaveLength(1);
  });

  it("makes the session cookie Secure when a trusted proxy says https, or the public URL is https", async () => {
    const u = await newUser();
    const plain = await login(t.app, u.email, PASSWORD, freshIp(), { "x-forwarded-proto": "https" });
    expect(plain.status).toBe(200);
    expect(String(plain.headers["set-cookie"])).not.toMatch(/Secure/i);
    const viaProxy = await login(proxied.app, world.supervisor.email, "correct horse battery", proxy, { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9" });
    expect(viaProxy.status).toBe(200);
    expect(String(viaProxy.headers["set-cookie"])).toMatch(/; Secure/i);
    const fakeRequest = (publicUrl: string) => ({ server: { env: { publicUrl } }, protocol: "http" }) as unknown as Parameters<typeof secureCookies>[0];
    expect(secureCookies(fakeRequest("https://help.example.com"))).toBe(true);
    expect(secureCookies(fakeRequest("http://127.0.0.1:3000"))).toBe(false);
  });
});

describe("password hashes", () => {
  it("are made at the configured cost and replaced at the next sign-in when theirs is lower", async () => {
    const stronger = await createTestApp({ env: { TANDEM_SCRYPT_COST: "13" } });
    try {
      const world = await createWorld(stronger.db);
      const email = `rehash.${tag}@test.tandem.local`;
      setScryptCost(TEST_SCRYPT_COST);
      const cheap = await hashPassword(PASSWORD);
      setScryptCost(13);
      const user = await insertUser(stronger.db, { email, name: "Rehash", role: "agent", organizationId: world.hotline.id, passwordHash: cheap });
      const stored = async () => (await stronger.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [user.id]))[0]!.password_hash;
      expect(await stored()).toMatch(/^scrypt\$4096\$8\$1\$/);
      expect((await login(stronger.app, email, "wrong", freshIp())).status).toBe(401);
      expect(await stored()).toBe(cheap);
      expect((await login(stronger.app, email, PASSWORD, freshIp())).status).toBe(200);
      expect(await stored()).toMatch(/^scrypt\$8192\$8\$1\$/);
      expect((await login(stronger.app, email, PASSWORD, freshIp())).status).toBe(200);
    } finally {
      setScryptCost(TEST_SCRYPT_COST);
      await stronger.close();
    }
  });
});
