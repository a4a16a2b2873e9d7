/**
 * Test harness: a Tandem app on a real database (PGlite in memory, or the run's PostgreSQL
 * database), factories for organisations and users of every role, and a small JSON client
 * over app.inject. Outbound network calls are not made by the core; none are allowed here.
 */
import fs from "node:fs";
import { inject } from "vitest";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { openDb, type Db } from "../src/platform/db.js";
import { migrate } from "../src/platform/migrate.js";
import { loadEnv } from "../src/platform/env.js";
import { createLogger } from "../src/platform/logger.js";
import { buildApp } from "../src/app.js";
import type { Clock } from "../src/platform/context.js";
import { hashPassword, hashToken, newToken, setScryptCost } from "../src/platform/passwords.js";
import { insertOrganization } from "../src/modules/organizations/index.js";
import { insertUser } from "../src/modules/users/index.js";
import { insertToken } from "../src/modules/users/repository.js";
import { createDatabase } from "./database.js";

export const TEST_SECRET = "test-secret-for-tandem-0123456789";
export const TEST_PASSWORD = "correct horse battery";
/** Tests hash at a low scrypt cost (log2 N), for speed; production uses 17. */
export const TEST_SCRYPT_COST = 12;
setScryptCost(TEST_SCRYPT_COST);

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

/**
 * `ownDatabase`: on PostgreSQL, a fresh database for this app alone (made, migrated, and dropped
 * on close), for tests that look at whole tables; on PGlite every file has one of its own anyway.
 * `clock`: the application's clock (frozen or stepped); `env`: configuration to add (the general
 * rate limit is off unless a test sets TANDEM_RATE_LIMIT); `wrapDb`: what the app is given instead
 * of the database (to inject faults); `db` stays the database itself.
 */
/** The migrated PGlite template made once per run by global-setup.ts (migrate() then finds nothing to do). */
function pgliteTemplate(): { loadDataDir?: Blob } {
  const file = inject("pgliteTemplate");
  return file ? { loadDataDir: new Blob([fs.readFileSync(file)]) } : {};
}

export async function createTestApp(
  opts: { beforeReady?: (app: FastifyInstance) => Promise<void>; ownDatabase?: boolean; clock?: Clock; env?: Record<string, string>; wrapDb?: (db: Db) => Db } = {},
): Promise<TestApp> {
  const shared = inject("testDatabaseUrl");
  const own = shared && opts.ownDatabase ? await createDatabase(shared, "tandem_own") : null;
  const url = own?.url ?? shared;
  const db = await openDb({ databaseUrl: url, dataDir: "memory://", poolSize: 4, ...(url ? {} : pgliteTemplate()) });
  if (!url || own) await migrate(db);
  const env = loadEnv({ TANDEM_SECRET: TEST_SECRET, LOG_LEVEL: "silent", TANDEM_DEMO: "off", TANDEM_SCRYPT_COST: String(TEST_SCRYPT_COST), TANDEM_RATE_LIMIT: "0", ...(url ? { DATABASE_URL: url } : {}), ...opts.env });
  setScryptCost(env.scryptCost);
  const app = await buildApp({ db: opts.wrapDb ? opts.wrapDb(db) : db, env, logger: createLogger("silent"), checkResponses: true, ...(opts.clock ? { clock: opts.clock } : {}) });
  if (opts.beforeReady) await opts.beforeReady(app);
  await app.ready();
  return {
    app,
    db,
    async close() {
      try {
        await app.close();
        await db.close();
      } finally {
        await own?.drop();
      }
    },
  };
}

/** The databases a run covers, each opened migrated: an in-memory PGlite, and with DATABASE_URL the run's PostgreSQL database. */
export function testDatabases(): [name: string, open: () => Promise<Db>][] {
  const url = inject("testDatabaseUrl");
  const pglite = async () => {
    const db = await openDb({ databaseUrl: null, dataDir: "memory://", ...pgliteTemplate() });
    await migrate(db);
    return db;
  };
  return url ? [["PGlite", pglite], ["PostgreSQL", () => openDb({ databaseUrl: url, poolSize: 2 })]] : [["PGlite", pglite]];
}

/** A unique suffix, so that files sharing one PostgreSQL database never collide. */
export const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** A random valid Chinese mobile number. */
export const randomMobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

let cachedHash: Promise<string> | null = null;

export interface Persona {
  id: string;
  email: string;
  token: string;
  organizationId: string;
}

export interface World {
  hotline: { id: string; name: string };
  billing: { id: string; name: string };
  maker: { id: string; name: string };
  otherPartner: { id: string; name: string };
  admin: Persona;
  supervisor: Persona;
  agent: Persona;
  billingAgent: Persona;
  partner: Persona;
  otherPartnerAgent: Persona;
}

/** Two departments, two partner companies, and one user of each role with a bearer token. */
export async function createWorld(db: Db): Promise<World> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await cachedHash;
  const u = uniq();
  return db.transaction(async (tx) => {
    const hotline = await insertOrganization(tx, { name: `Hotline ${u}`, kind: "department" }, new Date());
    const billing = await insertOrganization(tx, { name: `Billing ${u}`, kind: "department" }, new Date());
    const maker = await insertOrganization(tx, { name: `Maker ${u}`, kind: "partner" }, new Date());
    const otherPartner = await insertOrganization(tx, { name: `Other partner ${u}`, kind: "partner" }, new Date());
    const persona = async (name: string, role: "admin" | "supervisor" | "agent" | "partner_agent", organizationId: string): Promise<Persona> => {
      const email = `${name}.${u}@test.tandem.local`;
      const user = await insertUser(tx, { email, name, role, organizationId, passwordHash });
      const token = newToken();
      await insertToken(tx, { userId: user.id, kind: "api", name: "test", tokenHash: hashToken(token), expiresAt: null });
      return { id: user.id, email, token, organizationId };
    };
    return {
      hotline,
      billing,
      maker,
      otherPartner,
      admin: await persona("admin", "admin", hotline.id),
      supervisor: await persona("supervisor", "supervisor", hotline.id),
      agent: await persona("agent", "agent", hotline.id),
      billingAgent: await persona("billing", "agent", billing.id),
      partner: await persona("partner", "partner_agent", maker.id),
      otherPartnerAgent: await persona("other", "partner_agent", otherPartner.id),
    };
  });
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse["headers"];
}

/** A JSON client for one caller. */
export function client(app: FastifyInstance, token?: string) {
  const call = async <T = any>(method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> => {
    const res = await app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      ...(payload !== undefined ? { payload: typeof payload === "string" ? payload : JSON.stringify(payload) } : {}),
    });
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: body as T, headers: res.headers };
  };
  return {
    get: <T = any>(url: string, headers?: Record<string, string>) => call<T>("GET", url, undefined, headers),
    post: <T = any>(url: string, payload?: unknown, headers?: Record<string, string>) => call<T>("POST", url, payload ?? {}, headers),
    patch: <T = any>(url: string, payload?: unknown, headers?: Record<string, string>) => call<T>("PATCH", url, payload ?? {}, headers),
    put: <T = any>(url: string, payload?: unknown, headers?: Record<string, string>) => call<T>("PUT", url, payload ?? {}, headers),
    raw: call,
  };
}

export type Client = ReturnType<typeof client>;
