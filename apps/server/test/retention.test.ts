/**
 * Retention (issue 7, item 7): the scheduler's recurring retention job prunes published outbox
 * events, login failures, idempotency keys and expired sessions older than their periods, and
 * keeps what is younger (and whatever a rule does not cover: unpublished events, API tokens).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/platform/logger.js";
import { loadEnv } from "../src/platform/env.js";
import { Metrics } from "../src/platform/metrics.js";
import { RECURRING_KEY, Scheduler } from "../src/platform/due/index.js";
import { prune, RETENTION_EVERY_MS, RETENTION_KIND, retentionRules } from "../src/platform/retention.js";
import { dueWorkHandlers } from "../src/scheduler.js";
import { createTestApp, createWorld, type TestApp, type World } from "./helper.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date("2042-06-01T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
// The defaults: outbox P7D, login failures P1D, idempotency keys P1D, sessions P30D after expiry.
const env = loadEnv({ TANDEM_DEMO: "off", LOG_LEVEL: "silent" });

let t: TestApp;
let w: World;
let tag: string;

beforeAll(async () => {
  t = await createTestApp({ ownDatabase: true });
  w = await createWorld(t.db);
  tag = randomUUID().slice(0, 8);
});
afterAll(() => t.close());

async function seed(): Promise<void> {
  const outbox = (name: string, publishedAt: Date | null) =>
    t.db.query(`INSERT INTO outbox (id, type, aggregate_type, aggregate_id, actor, payload, created_at, published_at) VALUES ($1, $2, 'case', $3, '{}', '{}', $4, $5)`, [
      randomUUID(),
      `retention.${tag}.${name}`,
      randomUUID(),
      ago(30 * DAY),
      publishedAt,
    ]);
  await outbox("old", ago(7 * DAY + 1));
  await outbox("young", ago(7 * DAY - 1000));
  await outbox("unpublished", null);
  const hit = (name: string, at: Date) => t.db.query(`INSERT INTO throttle_hits (key, attempt, at) VALUES ($1, $2, $3)`, [`signin:${tag}.${name}`, randomUUID(), at]);
  await hit("old", ago(2 * DAY + 1));
  await hit("young", ago(2 * DAY - 1000));
  const key = (name: string, createdAt: Date) => t.db.query(`INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES ($1, $2, 'f', $3)`, [`user:${w.admin.id}`, `${tag}.${name}`, createdAt]);
  await key("old", ago(DAY + 1));
  await key("young", ago(HOUR));
  const token = (name: string, kind: "session" | "api", expiresAt: Date | null) =>
    t.db.query(`INSERT INTO api_tokens (id, user_id, kind, name, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [randomUUID(), w.agent.id, kind, `${tag}.${name}`, randomUUID(), expiresAt]);
  await token("session expired long ago", "session", ago(30 * DAY + 1));
  await token("session expired lately", "session", ago(29 * DAY));
  await token("session live", "session", new Date(NOW.getTime() + DAY));
  await token("api token expired long ago", "api", ago(365 * DAY));
  await token("api token", "api", null);
}

async function left(): Promise<Record<string, string[]>> {
  const names = async (sql: string) => (await t.db.query<{ n: string }>(sql, [`%${tag}%`])).map((r) => r.n.replace(`${tag}.`, "").replace(`retention.`, "")).sort();
  return {
    outbox: await names(`SELECT type AS n FROM outbox WHERE type LIKE $1`),
    throttleHits: await names(`SELECT replace(key, 'signin:', '') AS n FROM throttle_hits WHERE key LIKE $1`),
    idempotencyKeys: await names(`SELECT key AS n FROM idempotency_keys WHERE key LIKE $1`),
    tokens: await names(`SELECT name AS n FROM api_tokens WHERE name LIKE $1`),
  };
}

describe("retention", () => {
  it("the scheduler's recurring job prunes what is older than each period and keeps what is younger", async () => {
    await seed();
    const handlers = dueWorkHandlers(env);
    const scheduler = new Scheduler({ db: t.db, handlers, log: createLogger("silent"), now: () => NOW, metrics: new Metrics() });
    await t.db.transaction((tx) => handlers.ensureRecurring({ tx, now: NOW }));
    expect(await scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });

    expect(await left()).toEqual({
      outbox: ["unpublished", "young"],
      throttleHits: ["young"],
      idempotencyKeys: ["young"],
      tokens: ["api token", "api token expired long ago", "session expired lately", "session live"],
    });
    // It comes back in ten minutes.
    expect(await t.db.query(`SELECT key, due_at FROM due_work WHERE kind = $1`, [RETENTION_KIND])).toEqual([{ key: RECURRING_KEY, due_at: new Date(NOW.getTime() + RETENTION_EVERY_MS) }]);
  });

  it("prunes a batch per rule at a time and says when there is more", async () => {
    for (let i = 0; i < 5; i++) await t.db.query(`INSERT INTO throttle_hits (key, attempt, at) VALUES ($1, $2, $3)`, [`ip:${tag}-${i}`, randomUUID(), ago(3 * DAY)]);
    const rules = retentionRules(env).filter((r) => r.table === "throttle_hits");
    const pass = () => t.db.transaction((tx) => prune({ tx, now: NOW, log: createLogger("silent") }, rules, 2));
    expect(await pass()).toEqual({ pruned: { "throttle hits": 2 }, more: true });
    expect(await pass()).toEqual({ pruned: { "throttle hits": 2 }, more: true });
    expect(await pass()).toEqual({ pruned: { "throttle hits": 1 }, more: false });
    expect(await t.db.query(`SELECT key FROM throttle_hits WHERE key LIKE $1`, [`ip:${tag}-%`])).toEqual([]);
  });

  it("follows the configured periods", async () => {
    const rules = retentionRules(loadEnv({ TANDEM_OUTBOX_RETENTION: "PT1H", TANDEM_THROTTLE_RETENTION: "P2D", TANDEM_IDEMPOTENCY_KEY_RETENTION: "P3D", TANDEM_SESSION_RETENTION: "P4D" }));
    expect(Object.fromEntries(rules.map((r) => [r.table, r.keepMs]))).toEqual({ outbox: HOUR, throttle_hits: 2 * DAY, idempotency_keys: 3 * DAY, api_tokens: 4 * DAY });
  });
});
