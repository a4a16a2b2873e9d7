/**
 * The outbox relay on a real database (PGlite, or a PostgreSQL database of this file's own, since
 * these tests look at the whole outbox): every event reaches the subscribers once and each case's
 * events in the order they were written, a failing subscriber rolls its batch back, the running
 * relay wakes on NOTIFY, backs off on errors and stops after its batch. (Retention: retention.test.ts.)
 */
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Db } from "../src/platform/db.js";
import { createLogger } from "../src/platform/logger.js";
import { Metrics } from "../src/platform/metrics.js";
import { OutboxRelay, RELAY_METRICS, type OutboxRelayOptions } from "../src/platform/outbox/relay.js";
import { OutboxSubscribers, SubscriberError, type OutboxEvent, type OutboxSubscriber } from "../src/platform/outbox/subscribers.js";
import { client, createTestApp, createWorld, randomMobile, type Client, type TestApp } from "./helper.js";

const onPostgres = Boolean(inject("testDatabaseUrl"));

let t: TestApp;
let agent: Client;
let customerId: string;

beforeAll(async () => {
  t = await createTestApp({ ownDatabase: true });
  const w = await createWorld(t.db);
  agent = client(t.app, w.agent.token);
  const customer = await agent.post("/api/v1/customers", { name: "Relay customer", identities: [{ kind: "phone", value: randomMobile() }] });
  customerId = customer.body.id;
});
afterAll(() => t.close());

// Every test starts with nothing left to publish.
beforeEach(async () => {
  await drain(relay(subscribersOf()));
});

function relay(subscribers: OutboxSubscribers, options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  return new OutboxRelay({ db: t.db, subscribers, log: createLogger("silent"), now: () => new Date(), metrics: new Metrics(), ...options });
}

function subscribersOf(...handlers: OutboxSubscriber[]): OutboxSubscribers {
  const subscribers = new OutboxSubscribers();
  handlers.forEach((handle, i) => subscribers.add(`subscriber ${i + 1}`, handle));
  return subscribers;
}

/** Runs batches until the relay finds nothing to claim. */
async function drain(r: OutboxRelay): Promise<void> {
  for (;;) {
    const { claimed, published } = await r.relayBatch();
    if (claimed === 0) return;
    if (published === 0) await sleep(5); // another relay holds the head of every claimed case
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** What a case's events should look like to a subscriber: its type, and the message it carries. */
type Expected = { caseId: string; events: string[] };
const describeEvent = (e: OutboxEvent) => (e.type === "case.message_added" ? `message ${String(e.payload.messageId)}` : e.type);

/** Opens `cases` cases at once, each then getting `messages` messages one after another. */
async function busyCases(cases: number, messages: number): Promise<Expected[]> {
  return Promise.all(
    Array.from({ length: cases }, async (_, i) => {
      const kase = await agent.post("/api/v1/cases", { customerId, kind: "request", subject: `Busy case ${i}`, channel: "phone" });
      expect(kase.status).toBe(201);
      const events = ["case.created"];
      for (let m = 0; m < messages; m++) {
        const message = await agent.post(`/api/v1/cases/${kase.body.id}/messages`, { visibility: "internal", body: `Note ${m}` });
        expect(message.status).toBe(201);
        events.push(`message ${message.body.id}`);
      }
      return { caseId: kase.body.id as string, events };
    }),
  );
}

function expectCaseOrder(delivered: OutboxEvent[], expected: Expected[]): void {
  for (const { caseId, events } of expected) {
    expect(delivered.filter((e) => e.aggregateId === caseId).map(describeEvent), caseId).toEqual(events);
  }
}

/** Makes a case and expects its event delivered within 2 s: woken by its NOTIFY, not by a poll. */
async function expectPromptDelivery(delivered: OutboxEvent[]): Promise<void> {
  const started = Date.now();
  const [kase] = await busyCases(1, 0);
  await until("the new case's event", () => delivered.some((e) => e.aggregateId === kase!.caseId));
  expect(Date.now() - started).toBeLessThan(2000);
}

/** A subscriber that stops inside the relay's transaction until released. */
function blockingSubscriber() {
  let entered!: () => void;
  let release!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const subscriber: OutboxSubscriber = async () => {
    entered();
    await gate;
  };
  return { subscriber, inside, release };
}

const outboxCounts = async () =>
  (await t.db.query<{ total: number; unpublished: number }>(`SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished FROM outbox`))[0]!;

describe("the outbox relay", () => {
  it("hands every event to the subscribers once, each case's in the order written, and marks it published", async () => {
    const expected = await busyCases(4, 5);
    const delivered: OutboxEvent[] = [];
    const frozen = new Date("2031-05-06T07:08:09.000Z");
    await drain(relay(subscribersOf(async (_tx, e) => void delivered.push(e)), { batchSize: 7, now: () => frozen }));

    expect(delivered).toHaveLength(24);
    expect(new Set(delivered.map((e) => e.id)).size).toBe(24);
    expectCaseOrder(delivered, expected);
    const rows = await t.db.query<{ id: string; published_at: Date | null }>(`SELECT id, published_at FROM outbox WHERE id = ANY($1::uuid[])`, [delivered.map((e) => e.id)]);
    expect(rows).toHaveLength(24);
    expect(rows.every((r) => r.published_at?.getTime() === frozen.getTime())).toBe(true);
    expect((await outboxCounts()).unpublished).toBe(0);
    expect(delivered[0]).toMatchObject({ seq: expect.any(Number), aggregateType: "case", actor: { type: "user" }, payload: { caseId: expect.any(String) }, createdAt: expect.any(Date) });
  });

  it("with two relays at once, delivers each event once and never a case's later event before an earlier one", async () => {
    const expected = await busyCases(3, 10);
    const delivered: OutboxEvent[] = [];
    // A short wait inside the transaction lets the two relays' batches overlap (on PostgreSQL).
    const subscribers = subscribersOf(async (_tx, e) => {
      await sleep(Math.random() * 3);
      delivered.push(e);
    });
    const [a, b] = [relay(subscribers, { batchSize: 4 }), relay(subscribers, { batchSize: 4 })];
    await Promise.all([drain(a), drain(b)]);

    expect(delivered).toHaveLength(33);
    expect(new Set(delivered.map((e) => e.id)).size).toBe(33);
    expectCaseOrder(delivered, expected);
    expect((await outboxCounts()).unpublished).toBe(0);
  });

  // PostgreSQL only: defined only there (like the process tests), never reported as skipped.
  if (onPostgres) it("holds back a case's event while another relay holds an earlier one of that case, and not other cases' events", async () => {
    const [first] = await busyCases(1, 0);
    const { subscriber, inside, release } = blockingSubscriber();
    const holder = relay(subscribersOf(subscriber));
    const holding = holder.relayBatch();
    const delivered: OutboxEvent[] = [];
    const second = relay(subscribersOf(async (_tx, e) => void delivered.push(e)));
    let later: { body: { id: string } };
    try {
      await inside; // the holder has claimed the case's first event and sits in its transaction
      later = await agent.post(`/api/v1/cases/${first!.caseId}/messages`, { visibility: "internal", body: "Later" });
      const [other] = await busyCases(1, 0);
      expect(await second.relayBatch()).toEqual({ claimed: 2, published: 1 });
      expect(delivered.map((e) => e.aggregateId)).toEqual([other!.caseId]);
    } finally {
      release();
    }
    expect(await holding).toEqual({ claimed: 1, published: 1 });
    expect(await second.relayBatch()).toEqual({ claimed: 1, published: 1 });
    expect(delivered.map(describeEvent)).toEqual(["case.created", `message ${later.body.id}`]);
  });

  it("rolls a batch back when a subscriber fails, the subscribers' own writes too, and delivers it again", async () => {
    await t.db.exec(`CREATE TABLE IF NOT EXISTS relay_test_ledger (event_id uuid PRIMARY KEY)`);
    const expected = await busyCases(2, 2);
    let calls = 0;
    const subscribers = subscribersOf(
      async (tx, e) => void (await tx.query(`INSERT INTO relay_test_ledger (event_id) VALUES ($1)`, [e.id])),
      async () => {
        if (++calls === 3) throw new Error("the webhook table is full");
      },
    );
    const r = relay(subscribers);

    const failure = await r.relayBatch().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SubscriberError);
    expect((failure as SubscriberError).subscriber).toBe("subscriber 2");
    expect(await outboxCounts()).toMatchObject({ unpublished: 6 });
    expect(await t.db.query(`SELECT 1 FROM relay_test_ledger`)).toHaveLength(0);

    expect(await r.relayBatch()).toEqual({ claimed: 6, published: 6 });
    const ledger = await t.db.query<{ event_id: string }>(`SELECT event_id FROM relay_test_ledger`);
    expect(ledger).toHaveLength(6);
    const outbox = await t.db.query<{ id: string }>(`SELECT id FROM outbox WHERE aggregate_id = ANY($1::uuid[])`, [expected.map((c) => c.caseId)]);
    expect(new Set(ledger.map((l) => l.event_id))).toEqual(new Set(outbox.map((o) => o.id)));
  });

  it("counts what it publishes and samples the backlog and the lag", async () => {
    await busyCases(1, 2);
    const metrics = new Metrics();
    const inAMinute = () => new Date(Date.now() + 60_000);
    const r = relay(subscribersOf(), { metrics, now: inAMinute });
    await r.refreshGauges();
    expect(metrics.value(RELAY_METRICS.backlog)).toBe(3);
    expect(metrics.value(RELAY_METRICS.lag)).toBeGreaterThanOrEqual(59);
    expect(metrics.value(RELAY_METRICS.lag)).toBeLessThan(90);

    await r.relayBatch();
    await r.refreshGauges();
    expect(metrics.value(RELAY_METRICS.published)).toBe(3);
    expect(metrics.value(RELAY_METRICS.backlog)).toBe(0);
    expect(metrics.value(RELAY_METRICS.lag)).toBe(0);
    const text = metrics.render();
    expect(text).toContain(`# TYPE ${RELAY_METRICS.published} counter\n${RELAY_METRICS.published} 3\n`);
    expect(text).toContain(`# TYPE ${RELAY_METRICS.backlog} gauge\n${RELAY_METRICS.backlog} 0\n`);
  });
});

describe("the running relay", () => {
  it("wakes on a notified change instead of waiting for its next poll", async () => {
    const delivered: OutboxEvent[] = [];
    const r = relay(subscribersOf(async (_tx, e) => void delivered.push(e)), { pollMs: 60_000 });
    await r.start();
    try {
      await sleep(100); // past its first look at the queue, asleep until the next poll
      await expectPromptDelivery(delivered);
    } finally {
      await r.stop();
    }
  });

  // PostgreSQL only, as above.
  if (onPostgres) it("is woken again after the server drops the connection it listens on", async () => {
    const listening = async () =>
      (await t.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`)).map((r) => r.pid);
    const delivered: OutboxEvent[] = [];
    const r = relay(subscribersOf(async (_tx, e) => void delivered.push(e)), { pollMs: 60_000 });
    await r.start();
    try {
      const [before] = await listening();
      await t.db.query(`SELECT pg_terminate_backend($1)`, [before]);
      await until("a new listening connection", async () => (await listening()).some((pid) => pid !== before));
      await expectPromptDelivery(delivered);
    } finally {
      await r.stop();
    }
  });

  it("logs database errors, backs off and carries on", async () => {
    let failuresLeft = 2;
    const flaky: Db = {
      ...t.db,
      transaction: async (fn) => {
        if (failuresLeft-- > 0) throw new Error("Connection terminated unexpectedly");
        return t.db.transaction(fn);
      },
    };
    const lines: { msg: string; failures: number; retryInMs: number; err: { message: string } }[] = [];
    const log = pino({ level: "error" }, new Writable({ write: (chunk, _enc, done) => void (lines.push(JSON.parse(String(chunk))), done()) }));
    const metrics = new Metrics();
    const delivered: OutboxEvent[] = [];
    const [kase] = await busyCases(1, 0);
    const r = relay(subscribersOf(async (_tx, e) => void delivered.push(e)), { db: flaky, log, metrics, backoffMs: { min: 20, max: 1000 } });
    await r.start();
    try {
      await until("the case's event after two failures", () => delivered.some((e) => e.aggregateId === kase!.caseId));
    } finally {
      await r.stop();
    }
    expect(lines.map((l) => [l.msg, l.failures, l.retryInMs, l.err.message])).toEqual([
      ["outbox relay failed; retrying", 1, 20, "Connection terminated unexpectedly"],
      ["outbox relay failed; retrying", 2, 40, "Connection terminated unexpectedly"],
    ]);
    expect(metrics.value(RELAY_METRICS.failures)).toBe(2);
  });

  it("stops only after the batch under way has committed", async () => {
    const { subscriber, inside, release } = blockingSubscriber();
    const [kase] = await busyCases(1, 0);
    const r = relay(subscribersOf(subscriber));
    await r.start();
    let stopped = false;
    const stopping = inside.then(() => r.stop()).then(() => (stopped = true));
    try {
      await inside;
      await sleep(100);
      expect(stopped).toBe(false);
    } finally {
      release();
    }
    await stopping;
    const [row] = await t.db.query<{ published_at: Date | null }>(`SELECT published_at FROM outbox WHERE aggregate_id = $1`, [kase!.caseId]);
    expect(row!.published_at).toBeInstanceOf(Date);
  });
});
