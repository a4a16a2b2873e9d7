/**
 * The general rate limit (TANDEM_RATE_LIMIT requests a minute per token, or per address without
 * one) and partners' identity look-ups (issue 7): a partner sees a customer's numbers masked and
 * must not recover them by looking identities up one by one.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, type TestApp, type World } from "./helper.js";
import { LOOKUPS_PER_USER_HOUR } from "../src/modules/customers/domain/lookup-budgets.js";

let now = new Date("2026-03-02T09:00:10Z");

describe("the general rate limit", () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now, env: { TANDEM_RATE_LIMIT: "5" } });
    w = await createWorld(t.db);
  });
  afterAll(() => t.close());

  it("answers 429 with Retry-After past the limit, per token and per address, until the minute turns", async () => {
    const agent = client(t.app, w.agent.token);
    for (let i = 0; i < 5; i++) expect((await agent.get("/api/v1/auth/me")).status).toBe(200);
    const refused = await agent.get("/api/v1/auth/me");
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { code: "rate_limited", message: "Too many requests: at most 5 a minute. Try again in 50 s.", details: [] } });
    expect(refused.headers["retry-after"]).toBe("50");
    expect(refused.headers["content-security-policy"]).toBeDefined();
    // Another token has its own budget; so has an address without a token.
    expect((await client(t.app, w.supervisor.token).get("/api/v1/auth/me")).status).toBe(200);
    const anonymous = (ip: string) => t.app.inject({ url: "/api/v1/auth/me", remoteAddress: ip });
    for (let i = 0; i < 5; i++) expect((await anonymous("203.0.113.20")).statusCode).toBe(401);
    expect((await anonymous("203.0.113.20")).statusCode).toBe(429);
    expect((await anonymous("203.0.113.21")).statusCode).toBe(401);
    // Pages outside the API are not counted.
    expect((await t.app.inject({ url: "/healthz", remoteAddress: "203.0.113.20" })).statusCode).toBe(200);
    now = new Date("2026-03-02T09:01:00Z");
    expect((await agent.get("/api/v1/auth/me")).status).toBe(200);
    expect((await anonymous("203.0.113.20")).statusCode).toBe(401);
  });
});

describe("a partner's identity look-ups", () => {
  let t: TestApp;
  let w: World;
  let mobile: string;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now });
    w = await createWorld(t.db);
    const agent = client(t.app, w.agent.token);
    mobile = `139${String(randomInt(1e8)).padStart(8, "0")}`;
    const customer = await agent.post("/api/v1/customers", { name: "Masked Person", identities: [{ kind: "phone", value: mobile }] });
    const kase = await agent.post("/api/v1/cases", { customerId: customer.body.id, kind: "incident", subject: "Shared with the maker", channel: "phone" });
    expect((await agent.post(`/api/v1/cases/${kase.body.id}/parties`, { organizationId: w.maker.id, access: "view" })).status).toBe(200);
  });
  afterAll(() => t.close());

  it("cannot recover a masked number: the 31st look-up of an hour is refused, found or not", async () => {
    const partner = client(t.app, w.partner.token);
    const shown = await partner.get(`/api/v1/customers?identity=phone:${mobile}`);
    expect(shown.status).toBe(200);
    const masked: string = shown.body.identities[0].value;
    expect(masked).toMatch(/^\+86 ?139\*{4}/);
    // The attack: try the hidden digits one by one, the right guess last.
    const hidden = mobile.slice(3, 7);
    const guesses = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, "0")).filter((g) => g !== hidden);
    const statuses: number[] = [];
    for (const guess of [...guesses.slice(0, LOOKUPS_PER_USER_HOUR + 5), hidden]) {
      statuses.push((await partner.get(`/api/v1/customers?identity=phone:139${guess}${mobile.slice(7)}`)).status);
    }
    expect(statuses.slice(0, LOOKUPS_PER_USER_HOUR - 1)).toEqual(Array(LOOKUPS_PER_USER_HOUR - 1).fill(404));
    expect(new Set(statuses.slice(LOOKUPS_PER_USER_HOUR - 1))).toEqual(new Set([429]));
    const refused = await partner.get(`/api/v1/customers?identity=phone:${mobile}`);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain("identity look-ups");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(3600);
    // Every partner look-up, found or not, and every refusal is in the audit log, under the partner.
    const audited = await t.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE actor_id = $1 AND action LIKE 'security.%' GROUP BY action ORDER BY action`,
      [w.partner.id],
    );
    expect(audited).toEqual([
      { action: "security.customer.identity_lookup", n: LOOKUPS_PER_USER_HOUR },
      { action: "security.customer.identity_lookup_limited", n: 8 },
    ]);
    // Staff look-ups are not budgeted.
    for (let i = 0; i < 40; i++) expect((await client(t.app, w.agent.token).get(`/api/v1/customers?identity=phone:${mobile}`)).status).toBe(200);
    // A partner sees only the customers of its shared cases: the other partner finds nobody.
    expect((await client(t.app, w.otherPartnerAgent.token).get(`/api/v1/customers?identity=phone:${mobile}`)).status).toBe(404);
    // An hour later the budget is back.
    now = new Date(now.getTime() + 3600_000);
    expect((await partner.get(`/api/v1/customers?identity=phone:${mobile}`)).status).toBe(200);
  });
});
