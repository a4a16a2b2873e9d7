/**
 * Crash safety (issue 2, item 9): the server is killed with SIGKILL in the middle of a burst of
 * case creations. After a restart, every case the server answered with 2xx is there exactly as
 * sent, nothing is half-written (a case without its case.created event or outbox row, or the
 * reverse), and retrying the unanswered requests with their Idempotency-Key creates each once.
 *
 * Runs against PostgreSQL only: the suite is collected when DATABASE_URL is set.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import pg from "pg";
import { openDb } from "../../src/platform/db.js";
import { migrate } from "../../src/platform/migrate.js";
import { createDatabase } from "../database.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const ADMIN_EMAIL = "crash-admin@test.tandem.local";
const ADMIN_PASSWORD = "crash-password-0123";
const CLIENTS = 20;
/** Answered creations to wait for before the kill, so the kill lands mid-burst. */
const ANSWERED_BEFORE_KILL = 60;

interface SentCase {
  key: string;
  body: { customerId: string; kind: "request" | "complaint"; subject: string; description: string; channel: "phone" | "chat"; priority: "normal" | "high" };
  /** Set when the server answered before it died. */
  status?: number;
  response?: CreatedCase;
}

interface CreatedCase {
  id: string;
  number: string;
  status: string;
  kind: string;
  subject: string;
  description: string | null;
  channel: string;
  priority: string;
  customerId: string;
}

let database: { url: string; drop(): Promise<void> };
let server: ServerProcess | null = null;
let port: number;
let serverEnv: Record<string, string>;

beforeAll(async () => {
  database = await createDatabase(process.env.DATABASE_URL!);
  const db = await openDb({ databaseUrl: database.url });
  await migrate(db);
  await db.close();
  port = await freePort();
  serverEnv = {
    DATABASE_URL: database.url,
    TANDEM_DEMO: "off",
    TANDEM_ADMIN_EMAIL: ADMIN_EMAIL,
    TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    TANDEM_SECRET: "crash-test-secret-0123456789",
    LOG_LEVEL: "warn",
    // One process, killed outright (on PostgreSQL the default is a worker per core: see cluster.test.ts).
    TANDEM_WORKERS: "1",
  };
  server = await startServer(serverEnv, port);
}, 60_000);

afterAll(async () => {
  await stopServer(server);
  await database?.drop();
}, 30_000);

async function post(baseUrl: string, token: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : null };
}

test("a SIGKILL during a burst of case creations loses no answered case and half-writes none", async () => {
  const first = server!;
  const login = await post(first.url, "", "/api/v1/auth/login", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  expect(login.status).toBe(200);
  const token = (login.body as { token: string }).token;
  const customer = await post(first.url, token, "/api/v1/customers", { name: "Crash customer" });
  expect(customer.status).toBe(201);
  const customerId = (customer.body as { id: string }).id;

  // The burst: every client sends one creation after another until the server dies under it.
  const sent: SentCase[] = [];
  let answered = 0;
  let killed = false;
  let onEnoughAnswered: () => void = () => undefined;
  const enoughAnswered = new Promise<void>((resolve) => (onEnoughAnswered = resolve));
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    for (let i = 0; ; i++) {
      const item: SentCase = {
        key: `crash-${c}-${i}-${Math.random().toString(36).slice(2)}`,
        body: {
          customerId,
          kind: i % 2 ? "complaint" : "request",
          subject: `Crash ${c}-${i}: 机顶盒无信号 📺`,
          description: `Client ${c}, request ${i}; O'Brien said "no signal" — 第${i}次`,
          channel: i % 3 ? "phone" : "chat",
          priority: i % 4 ? "normal" : "high",
        },
      };
      sent.push(item);
      try {
        const res = await post(first.url, token, "/api/v1/cases", item.body, { "idempotency-key": item.key });
        item.status = res.status;
        item.response = res.body as CreatedCase;
        if (res.status >= 200 && res.status < 300 && ++answered >= ANSWERED_BEFORE_KILL) onEnoughAnswered();
      } catch {
        if (killed) return; // the connection died with the server: this request is unanswered
        throw new Error(`a request failed before the kill:\n${first.output()}`);
      }
    }
  });
  const burst = Promise.all(clients);
  await Promise.race([enoughAnswered, burst]);
  await new Promise((r) => setTimeout(r, Math.random() * 200)); // vary where in the requests' lives the kill lands
  killed = true;
  first.child.kill("SIGKILL");
  await first.exited;
  await burst;

  const ok = sent.filter((s) => s.status !== undefined && s.status >= 200 && s.status < 300);
  const failed = sent.filter((s) => s.status !== undefined && (s.status < 200 || s.status >= 300));
  const unanswered = sent.filter((s) => s.status === undefined);
  expect(failed.map((s) => [s.status, s.response])).toEqual([]);
  expect(ok.length).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);
  expect(unanswered.length).toBeGreaterThan(0); // the kill did land mid-burst

  server = await startServer(serverEnv, port);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    // 1. Every answered case exists, exactly as sent and as answered.
    const rows = (
      await db.query<{ id: string; number: string; customer_id: string; kind: string; subject: string; description: string; channel: string; priority: string; status: string }>(
        `SELECT id, number, customer_id, kind, subject, description, channel, priority, status FROM cases WHERE id = ANY($1::uuid[])`,
        [ok.map((s) => s.response!.id)],
      )
    ).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const s of ok) {
      const row = byId.get(s.response!.id);
      expect(row, `answered case ${s.response!.number} is missing`).toBeDefined();
      expect(row).toEqual({
        id: s.response!.id,
        number: s.response!.number,
        customer_id: s.body.customerId,
        kind: s.body.kind,
        subject: s.body.subject,
        description: s.body.description,
        channel: s.body.channel,
        priority: s.body.priority,
        status: "open",
      });
      expect(s.response).toMatchObject({ ...s.body, status: "open" });
    }

    // 2. Nothing is half-written.
    const orphans = async (sql: string) => (await db.query(sql)).rows;
    expect(await orphans(`SELECT c.number FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'case.created')`)).toEqual([]);
    expect(await orphans(`SELECT c.number FROM cases c WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = c.id AND o.type = 'case.created')`)).toEqual([]);
    expect(await orphans(`SELECT e.id FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)`)).toEqual([]);
    expect(await orphans(`SELECT o.id FROM outbox o WHERE o.aggregate_type = 'case' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = o.aggregate_id)`)).toEqual([]);
    expect(await orphans(`SELECT case_id FROM case_events WHERE type = 'case.created' GROUP BY case_id HAVING count(*) > 1`)).toEqual([]);
    // A claimed Idempotency-Key always carries its answer, and that answer names a case that exists.
    expect(await orphans(`SELECT key FROM idempotency_keys WHERE status_code IS NULL OR response IS NULL`)).toEqual([]);
    expect(await orphans(`SELECT k.key FROM idempotency_keys k WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = (k.response->>'id')::uuid)`)).toEqual([]);
    // No case was created twice, and none exists that nobody sent.
    const subjects = new Set(sent.map((s) => s.body.subject));
    const all = (await db.query<{ subject: string; n: number }>(`SELECT subject, count(*)::int AS n FROM cases GROUP BY subject`)).rows;
    expect(all.filter((r) => r.n !== 1 || !subjects.has(r.subject))).toEqual([]);
    const committedBeforeKill = new Set(all.map((r) => r.subject));

    // 3. Retrying with the same Idempotency-Key: an unanswered request that had committed gets its first
    //    answer back, one that had not is created now; an answered one is replayed, never created again.
    const retry = async (s: SentCase) => post(server!.url, token, "/api/v1/cases", s.body, { "idempotency-key": s.key });
    for (const s of unanswered) {
      const res = await retry(s);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ ...s.body, status: "open" });
      expect(res.headers.get("idempotent-replayed") === "true").toBe(committedBeforeKill.has(s.body.subject));
      s.response = res.body as CreatedCase;
    }
    for (const s of ok.slice(0, 10)) {
      const res = await retry(s);
      expect(res.status).toBe(201);
      expect(res.headers.get("idempotent-replayed")).toBe("true");
      expect((res.body as CreatedCase).id).toBe(s.response!.id);
    }
    const after = (await db.query<{ id: string; subject: string }>(`SELECT id, subject FROM cases`)).rows;
    expect(after.length).toBe(sent.length);
    const idBySubject = new Map(after.map((r) => [r.subject, r.id]));
    for (const s of sent) expect(idBySubject.get(s.body.subject)).toBe(s.response!.id);
    console.log(
      `crash test: ${sent.length} sent, ${ok.length} answered before the kill, ${unanswered.length} unanswered ` +
        `(${unanswered.filter((s) => committedBeforeKill.has(s.body.subject)).length} of them had committed)`,
    );
  } finally {
    await db.end();
  }
}, 60_000);
