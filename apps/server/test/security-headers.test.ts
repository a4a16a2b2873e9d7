/**
 * Headers and secrets (issue 7): a strict Content-Security-Policy and the other security headers
 * on every answer — API, console, portal, errors; built pages with no inline script or style;
 * /metrics behind a token or on loopback only; customer links accepted only as bearer tokens;
 * bidirectional-override characters refused in names; the development secret refused off
 * loopback.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, type TestApp, type World } from "./helper.js";
import { serveConsole } from "../src/platform/static.js";
import { APPS_DIR } from "../src/platform/paths.js";
import { ConfigError, loadEnv } from "../src/platform/env.js";
import { changed, snapshot, worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let tag: string;

beforeAll(async () => {
  t = await createTestApp({ beforeReady: (app) => serveConsole(app) });
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
});
afterAll(() => t.close());

function expectSecurityHeaders(headers: Record<string, unknown>, where: string) {
  const csp = String(headers["content-security-policy"]);
  expect(csp, where).toContain("default-src 'self'");
  expect(csp, where).toContain("script-src 'self';");
  expect(csp, where).toContain("object-src 'none'");
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"], where).toBe("nosniff");
  expect(headers["referrer-policy"], where).toBe("no-referrer");
  expect(headers["x-frame-options"], where).toBe("DENY");
}

describe("security headers", () => {
  it("are on the console, the portal, the API, its errors and its documentation", async () => {
    for (const [url, token] of [["/", undefined], ["/portal/", undefined], ["/cases/123", undefined], ["/api/v1/auth/me", w.agent.token], ["/api/v1/auth/me", undefined], ["/api/v1/nowhere", undefined], ["/api/docs/", undefined]] as const) {
      const r = await client(t.app, token).get(url);
      expect(r.status, url).toBeLessThan(500);
      expectSecurityHeaders(r.headers, url);
      // The customer's page and the API allow no inline style; the console (Mantine's theme) and the docs do, never inline script.
      const styled = url === "/" || url.startsWith("/cases") || url.startsWith("/api/docs");
      expect(String(r.headers["content-security-policy"]), url).toContain(styled ? "style-src 'self' 'unsafe-inline';" : "style-src 'self';");
    }
  });

  it("fit the built console and portal: no inline script, style or event handler in their pages", () => {
    for (const app of ["console", "portal"]) {
      const index = path.join(APPS_DIR, app, "dist/index.html");
      expect(fs.existsSync(index), `${app} is built`).toBe(true);
      const html = fs.readFileSync(index, "utf8");
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, `${app}: ${tag}`).toMatch(/\bsrc="\/[^"]+"/);
      expect(html.match(/<script\b[^>]*>[^<]+<\/script>/g), `${app}: inline script`).toBeNull();
      expect(html, `${app}: inline style`).not.toMatch(/<style\b|\sstyle="/);
      expect(html, `${app}: inline handler`).not.toMatch(/\son[a-z]+="/);
    }
  });
});

describe("/metrics", () => {
  it("answers on loopback only when no token is set, and never to a forwarded request", async () => {
    expect((await t.app.inject({ url: "/metrics", remoteAddress: "127.0.0.1" })).statusCode).toBe(200);
    const remote = await t.app.inject({ url: "/metrics", remoteAddress: "203.0.113.5" });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.message).toContain("TANDEM_METRICS_TOKEN");
    expect((await t.app.inject({ url: "/metrics", remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "203.0.113.5" } })).statusCode).toBe(403);
  });

  it("asks for the token when TANDEM_METRICS_TOKEN is set, from anywhere", async () => {
    const token = "metrics-token-0123456789abcdef";
    const guarded = await createTestApp({ env: { TANDEM_METRICS_TOKEN: token } });
    try {
      const get = (headers: Record<string, string>, remoteAddress = "203.0.113.5") => guarded.app.inject({ url: "/metrics", headers, remoteAddress });
      expect((await get({})).statusCode).toBe(401);
      expect((await get({}, "127.0.0.1")).statusCode).toBe(401);
      expect((await get({ authorization: `Bearer ${token}x` })).statusCode).toBe(401);
      const ok = await get({ authorization: `Bearer ${token}` });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain("tandem_http_requests_total");
    } finally {
      await guarded.close();
    }
  });
});

describe("customer links", () => {
  it("are accepted only as bearer tokens: as the session cookie they sign nothing in, so they cannot skip the CSRF check", async () => {
    const agent = client(t.app, w.agent.token);
    const customer = await agent.post("/api/v1/customers", { name: `Link cookie ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] });
    const kase = await agent.post("/api/v1/cases", { customerId: customer.body.id, kind: "incident", subject: "Cookie link", channel: "phone" });
    const link = await agent.post(`/api/v1/cases/${kase.body.id}/customer-link`, {});
    expect(link.status).toBe(201);
    expect((await client(t.app, link.body.token).get("/api/v1/portal/case")).status).toBe(200);
    const cookie = `tandem_session=${link.body.token}`;
    expect((await t.app.inject({ url: "/api/v1/portal/case", headers: { cookie } })).statusCode).toBe(401);
    const before = await snapshot(t.db, tag);
    const forged = await t.app.inject({ method: "POST", url: "/api/v1/portal/case/messages", headers: { cookie }, payload: { body: "Sent by another site" } });
    expect(forged.statusCode).toBe(401);
    expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
  });
});

describe("names", () => {
  it("refuse bidirectional-override characters with a clear 400, and write nothing", async () => {
    const agent = client(t.app, w.agent.token);
    for (const char of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      const before = await snapshot(t.db, tag);
      const r = await agent.post("/api/v1/customers", { name: `Invoice ${char}fdp.exe ${tag}` });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.message).toContain("bidirectional control characters");
      expect(r.body.error.details).toEqual([{ path: "body.name", message: expect.stringContaining("U+202A–U+202E, U+2066–U+2069") }]);
      expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
    }
    const user = await client(t.app, w.admin.token).post("/api/v1/users", { email: `bidi.${tag}@test.tandem.local`, name: "Ann\u202Enimda", password: "long enough secret", role: "agent", organizationId: w.hotline.id });
    expect(user.status).toBe(400);
    // Right-to-left text itself is welcome.
    expect((await agent.post("/api/v1/customers", { name: `مريم ${tag}` })).status).toBe(201);
  });
});

describe("the development secret", () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadEnv(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it("is refused when the server listens beyond loopback, unless TANDEM_ENV=development", () => {
    expect(problems({ HOST: "0.0.0.0" })).toEqual([expect.stringContaining("TANDEM_SECRET is required when HOST is not a loopback address")]);
    expect(problems({ HOST: "0.0.0.0", TANDEM_ENV: "development" })).toEqual([]);
    expect(problems({ HOST: "0.0.0.0", TANDEM_SECRET: "a-real-secret-of-some-length" })).toEqual([]);
    // The quick start (`npm start`) listens on 127.0.0.1 and needs no secret.
    for (const host of [undefined, "127.0.0.1", "localhost", "::1"]) expect(problems(host ? { HOST: host } : {}), String(host)).toEqual([]);
  });

  it("and the other new settings are checked with every problem listed", () => {
    expect(problems({ TANDEM_SECRET: "a-real-secret-of-some-length", TANDEM_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.1, ::1, proxy.local, 10.0.0.0/33", TANDEM_RATE_LIMIT: "-1", TANDEM_SCRYPT_COST: "8", TANDEM_METRICS_TOKEN: "short", TANDEM_ENV: "staging" })).toEqual([
      expect.stringContaining('TANDEM_ENV must be "production" or "development"'),
      expect.stringContaining('got "proxy.local"'),
      expect.stringContaining('got "10.0.0.0/33"'),
      expect.stringContaining("TANDEM_RATE_LIMIT must be a whole number"),
      "TANDEM_METRICS_TOKEN must be at least 16 characters",
      expect.stringContaining("TANDEM_SCRYPT_COST must be a whole number from 10 to 20"),
    ]);
    const env = loadEnv({ TANDEM_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.1" });
    expect(env).toMatchObject({ trustedProxies: ["10.0.0.0/8", "192.0.2.1"], rateLimit: 1200, scryptCost: 17, metricsToken: null, development: false });
  });
});
