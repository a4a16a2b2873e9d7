/**
 * Authentication: login, the failed-login rate limit, how secrets are stored, API tokens and
 * their revocation, deactivation, and the console's cookie session with its CSRF header.
 */
import { createHash, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, TEST_PASSWORD, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let tag: string;

/** Each test that fails logins does so from an address of its own, so that no other test is rate-limited. */
const freshIp = () => `10.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(1, 250)}`;

async function login(email: string, password: string, ip = freshIp()) {
  const res = await t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, remoteAddress: ip });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function newUser(role: "agent" | "partner_agent" = "agent") {
  const email = `user.${tag}.${randomInt(1e9)}@test.tandem.local`;
  const r = await client(t.app, w.admin.token).post("/api/v1/users", {
    email,
    name: `User ${tag}`,
    password: "a secret of some length",
    role,
    organizationId: role === "agent" ? w.hotline.id : w.maker.id,
  });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, email, password: "a secret of some length" };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
});
afterAll(() => t.close());

describe("login", () => {
  it("answers a token, a CSRF token and the user; the token signs requests in", async () => {
    const r = await login(w.agent.email, TEST_PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token: expect.any(String), csrfToken: expect.any(String), user: { id: w.agent.id, email: w.agent.email, role: "agent" } });
    expect(r.body.user).not.toHaveProperty("passwordHash");
    expect(JSON.stringify(r.body)).not.toContain("scrypt");
    const me = await client(t.app, r.body.token).get("/api/v1/auth/me");
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(w.agent.id);
  });

  it("matches the e-mail whatever its case and surrounding spaces", async () => {
    const r = await login(`  ${w.supervisor.email.toUpperCase()} `, TEST_PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body.user.id).toBe(w.supervisor.id);
  });

  it("refuses a wrong password and an unknown e-mail alike, with 401 and the error shape", async () => {
    const wrong = await login(w.agent.email, "not the password");
    const unknown = await login(`nobody.${tag}@test.tandem.local`, TEST_PASSWORD);
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: "unauthorized", message: expect.any(String), details: [] } });
      expect(r.body).not.toHaveProperty("token");
    }
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it("answers 429 with Retry-After after 5 failures for one e-mail in 15 minutes, even for the right password", async () => {
    const u = await newUser();
    for (let i = 0; i < 5; i++) expect((await login(u.email, `wrong ${i}`)).status).toBe(401);
    const blocked = await login(u.email, u.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(blocked.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);
    // The limit is per e-mail: from another address, and in another letter case, it still holds.
    expect((await login(u.email.toUpperCase(), u.password, freshIp())).status).toBe(429);
    // Another user is not affected.
    expect((await login(w.billingAgent.email, TEST_PASSWORD)).status).toBe(200);
    // No session was created while blocked.
    const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1`, [u.id]);
    expect(row!.n).toBe(0);
  });

  it("4 failures then a success clears the count for that e-mail", async () => {
    const u = await newUser();
    const ip = freshIp();
    for (let i = 0; i < 4; i++) expect((await login(u.email, `wrong ${i}`, ip)).status).toBe(401);
    expect((await login(u.email, u.password, ip)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(u.email, `wrong again ${i}`, ip)).status).toBe(401);
    expect((await login(u.email, u.password, ip)).status).toBe(200);
  });

  it("limits one address that tries many e-mails (30 failures), without blocking other addresses", async () => {
    const ip = freshIp();
    for (let i = 0; i < 30; i++) expect((await login(`spray${i}.${tag}@test.tandem.local`, "guess", ip)).status).toBe(401);
    const blocked = await login(w.agent.email, TEST_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(blocked.headers["retry-after"]).toBeDefined();
    expect((await login(w.agent.email, TEST_PASSWORD, freshIp())).status).toBe(200);
  });

  it("a deactivated user cannot sign in, and their tokens stop working at once", async () => {
    const u = await newUser();
    const session = await login(u.email, u.password);
    expect(session.status).toBe(200);
    const off = await client(t.app, w.admin.token).patch(`/api/v1/users/${u.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const me = await client(t.app, session.body.token).get("/api/v1/auth/me");
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe("unauthorized");
    expect((await login(u.email, u.password)).status).toBe(401);
    // Reactivated, they sign in again (with a new session; the old one stays revoked).
    await client(t.app, w.admin.token).patch(`/api/v1/users/${u.id}`, { active: true });
    expect((await login(u.email, u.password)).status).toBe(200);
    expect((await client(t.app, session.body.token).get("/api/v1/auth/me")).status).toBe(401);
  });
});

describe("how secrets are stored", () => {
  it("passwords as salted scrypt hashes, never in clear", async () => {
    const u = await newUser();
    const [row] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [u.id]);
    expect(row!.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/);
    expect(row!.password_hash).not.toContain(u.password);
    const [all] = await t.db.query<{ j: string }>(`SELECT row_to_json(u)::text AS j FROM users u WHERE id = $1`, [u.id]);
    expect(all!.j).not.toContain(u.password);
    // The same password twice gives two different hashes (salted).
    const other = await newUser();
    const [row2] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [other.id]);
    expect(row2!.password_hash).not.toBe(row!.password_hash);
    // And the API never shows it.
    const shown = await client(t.app, w.admin.token).get(`/api/v1/users/${u.id}`);
    expect(JSON.stringify(shown.body)).not.toMatch(/scrypt|password/i);
  });

  it("session and API tokens as SHA-256 hashes, never in clear", async () => {
    const session = await login(w.agent.email, TEST_PASSWORD);
    const api = await client(t.app, w.agent.token).post("/api/v1/tokens", { name: `ci ${tag}` });
    expect(api.status).toBe(201);
    expect(api.body.token).toEqual(expect.any(String));
    for (const token of [session.body.token as string, api.body.token as string]) {
      const sha = createHash("sha256").update(token).digest("hex");
      const rows = await t.db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM api_tokens t WHERE token_hash = $1`, [sha]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.j).not.toContain(token);
      const leaked = await t.db.query(`SELECT 1 FROM api_tokens t WHERE row_to_json(t)::text LIKE '%' || $1 || '%'`, [token]);
      expect(leaked).toHaveLength(0);
    }
    // The secret is shown once: listing tokens does not show it again.
    const list = await client(t.app, w.agent.token).get("/api/v1/tokens");
    const listed = list.body.items.find((i: { id: string }) => i.id === api.body.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty("token");
    expect(JSON.stringify(list.body)).not.toContain(api.body.token);
  });
});

describe("API tokens", () => {
  it("work until revoked, then answer 401", async () => {
    const me = client(t.app, w.supervisor.token);
    const created = await me.post("/api/v1/tokens", { name: `integration ${tag}`, expiresInDays: 7 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: "api", name: `integration ${tag}`, revokedAt: null });
    expect(new Date(created.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
    const api = client(t.app, created.body.token);
    expect((await api.get("/api/v1/auth/me")).body.user.id).toBe(w.supervisor.id);
    const revoked = await me.post(`/api/v1/tokens/${created.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const after = await api.get("/api/v1/auth/me");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthorized");
  });

  it("someone else's token cannot be revoked by a non-admin (404), and nothing changes", async () => {
    const theirs = await client(t.app, w.supervisor.token).post("/api/v1/tokens", { name: `theirs ${tag}` });
    const before = await snapshot(t.db, tag);
    const r = await client(t.app, w.agent.token).post(`/api/v1/tokens/${theirs.body.id}/revoke`);
    expect(r.status).toBe(404);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    expect((await client(t.app, theirs.body.token).get("/api/v1/auth/me")).status).toBe(200);
  });

  it("an expired token answers 401", async () => {
    const created = await client(t.app, w.agent.token).post("/api/v1/tokens", { name: `short ${tag}`, expiresInDays: 1 });
    await t.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    expect((await client(t.app, created.body.token).get("/api/v1/auth/me")).status).toBe(401);
  });

  it("logout revokes the session it was called with", async () => {
    const session = await login(w.agent.email, TEST_PASSWORD);
    const c = client(t.app, session.body.token);
    expect((await c.get("/api/v1/auth/me")).status).toBe(200);
    const out = await c.post("/api/v1/auth/logout");
    expect(out.status).toBe(200);
    expect((await c.get("/api/v1/auth/me")).status).toBe(401);
    // Only that session: the agent's API token still works.
    expect((await client(t.app, w.agent.token).get("/api/v1/auth/me")).status).toBe(200);
    const [row] = await t.db.query<{ revoked_at: Date | null }>(`SELECT revoked_at FROM api_tokens WHERE token_hash = $1`, [createHash("sha256").update(session.body.token).digest("hex")]);
    expect(row!.revoked_at).not.toBeNull();
  });
});

describe("the console's cookie session", () => {
  async function cookieLogin() {
    const r = await login(w.agent.email, TEST_PASSWORD);
    const setCookie = String(r.headers["set-cookie"]);
    const value = /tandem_session=([^;]+)/.exec(setCookie)![1]!;
    return { setCookie, cookie: `tandem_session=${value}`, csrf: r.body.csrfToken as string };
  }

  it("is set HttpOnly, SameSite=Lax, for the whole site", async () => {
    const { setCookie } = await cookieLogin();
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=\d+/);
  });

  it("signs in GET requests and hands out the CSRF token", async () => {
    const { cookie, csrf } = await cookieLogin();
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(w.agent.id);
    expect(me.json().csrfToken).toBe(csrf);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/cases?limit=1", headers: { cookie } });
    expect(list.statusCode).toBe(200);
  });

  it("refuses a state change without the x-tandem-csrf header (403 csrf_failed) and writes nothing", async () => {
    const { cookie, csrf } = await cookieLogin();
    const payload = { name: `Cookie ${tag}`, identities: [] };
    for (const headers of [{ cookie }, { cookie, "x-tandem-csrf": "forged" }, { cookie, "x-tandem-csrf": `${csrf}x` }]) {
      const before = await snapshot(t.db, tag);
      const r = await t.app.inject({ method: "POST", url: "/api/v1/customers", headers, payload });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toEqual({ error: { code: "csrf_failed", message: expect.any(String), details: [] } });
      expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    }
    // Logout is a state change too.
    const out = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie }, payload: {} });
    expect(out.statusCode).toBe(403);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } })).statusCode).toBe(200);
  });

  it("accepts a state change with the right header", async () => {
    const { cookie, csrf } = await cookieLogin();
    const r = await t.app.inject({ method: "POST", url: "/api/v1/customers", headers: { cookie, "x-tandem-csrf": csrf }, payload: { name: `Cookie ok ${tag}` } });
    expect(r.statusCode).toBe(201);
    expect(r.json().name).toBe(`Cookie ok ${tag}`);
  });

  it("a CSRF token of another session does not work", async () => {
    const a = await cookieLogin();
    const b = await cookieLogin();
    expect(a.csrf).not.toBe(b.csrf);
    const r = await t.app.inject({ method: "POST", url: "/api/v1/customers", headers: { cookie: a.cookie, "x-tandem-csrf": b.csrf }, payload: { name: `Mixed ${tag}` } });
    expect(r.statusCode).toBe(403);
  });

  it("logout with the header clears the cookie and ends the session", async () => {
    const { cookie, csrf } = await cookieLogin();
    const out = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie, "x-tandem-csrf": csrf }, payload: {} });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers["set-cookie"])).toMatch(/tandem_session=;.*(Expires=Thu, 01 Jan 1970|Max-Age=0)/i);
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });
});

describe("anonymous callers", () => {
  it("get 401 with the error shape on the API, while /healthz stays open", async () => {
    const anon = client(t.app);
    const me = await anon.get("/api/v1/auth/me");
    expect(me.status).toBe(401);
    expect(me.body).toEqual({ error: { code: "unauthorized", message: expect.any(String), details: [] } });
    expect((await anon.get("/healthz")).status).toBe(200);
  });
});
