/**
 * The outbox relay, run by the worker role: hands every outbox event to the registered
 * subscribers, once, in commit order for each aggregate. (Published events are pruned by the
 * retention job of the scheduler role: platform/retention.ts.)
 *
 * One batch is one transaction:
 *   1. claim the oldest unpublished events, `FOR UPDATE SKIP LOCKED`, so relays in other
 *      processes take other events instead of queueing behind this one;
 *   2. read, in a second statement (a fresh snapshot), the unpublished events of the claimed
 *      aggregates that come before a claimed one and that this relay did not claim;
 *   3. deliver, per aggregate, the claimed events that come before the first of those
 *      (order.ts); the rest stay unpublished and their locks go with the commit;
 *   4. mark the delivered events published and commit, with whatever the subscribers wrote.
 *
 * Why each event goes out once: it is delivered only by the transaction that holds its row lock
 * and marks it published; a relay whose claim meets a row published meanwhile re-reads it under
 * the lock and drops it (`published_at IS NULL` no longer holds). A rolled-back batch published
 * nothing, so its events are claimed again.
 *
 * Why an aggregate's order holds although SKIP LOCKED passes over locked rows: the events of one
 * aggregate are written under its row lock, so for an aggregate, seq order is commit order and an
 * event visible to the relay has every earlier event of its aggregate visible too. An earlier
 * event this relay did not claim is unpublished only while another relay holds it (or after that
 * relay rolled back): step 2 sees it, and step 3 holds back everything after it. Step 2 runs
 * after the claim, so a row another relay published and committed in between is not mistaken for
 * a blocker, and one that relay rolled back is. Aggregates do not block one another.
 */
import type { Logger } from "pino";
import type { Db } from "../db.js";
import { CHANGES_CHANNEL } from "../events.js";
import { metrics as processMetrics, type Metrics } from "../metrics.js";
import { deliverable } from "./order.js";
import { blockersOf, claimUnpublished, markPublished, unpublishedBacklog } from "./repository.js";
import type { OutboxSubscribers } from "./subscribers.js";

export const RELAY_METRICS = {
  published: "tandem_outbox_events_published_total",
  failures: "tandem_outbox_relay_failures_total",
  backlog: "tandem_outbox_backlog",
  lag: "tandem_outbox_lag_seconds",
} as const;

export interface OutboxRelayOptions {
  db: Db;
  subscribers: OutboxSubscribers;
  log: Logger;
  /** The clock: published events are stamped with it. */
  now: () => Date;
  metrics?: Metrics;
  /** Events claimed per transaction (100). */
  batchSize?: number;
  /** With no wake-up, look for events this often (3 s): a NOTIFY lost in a crash is not a lost event. */
  pollMs?: number;
  /** After a wake-up, wait this long (20 ms) so a burst of changes goes out in one batch. */
  gatherMs?: number;
  /** Look again this soon (100 ms) when another relay held an earlier event of a claimed aggregate. */
  heldBackRetryMs?: number;
  /** After a failure, wait `min` doubling per failure in a row up to `max` (250 ms, 30 s). */
  backoffMs?: { min: number; max: number };
}

export interface BatchResult {
  claimed: number;
  published: number;
}

export class OutboxRelay {
  private readonly db: Db;
  private readonly subscribers: OutboxSubscribers;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly metrics: Metrics;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly gatherMs: number;
  private readonly heldBackRetryMs: number;
  private readonly backoffMs: { min: number; max: number };

  private running: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopping = false;
  /** A change was notified since the current batch began. */
  private woken = false;
  private interruptSleep: (() => void) | null = null;
  private sleepIsWakeable = false;

  constructor(options: OutboxRelayOptions) {
    this.db = options.db;
    this.subscribers = options.subscribers;
    this.log = options.log;
    this.now = options.now;
    this.metrics = options.metrics ?? processMetrics;
    this.batchSize = options.batchSize ?? 100;
    this.pollMs = options.pollMs ?? 3000;
    this.gatherMs = options.gatherMs ?? 20;
    this.heldBackRetryMs = options.heldBackRetryMs ?? 100;
    this.backoffMs = options.backoffMs ?? { min: 250, max: 30_000 };
    this.metrics.describe(RELAY_METRICS.published, "Outbox events handed to the subscribers and marked published by this process.");
    this.metrics.describe(RELAY_METRICS.failures, "Relay batches that failed (database errors, failing subscribers) and were retried.");
    this.metrics.describe(RELAY_METRICS.backlog, "Outbox events not yet published, when last sampled.");
    this.metrics.describe(RELAY_METRICS.lag, "Age in seconds of the oldest unpublished outbox event, when last sampled (0 when none).");
    for (const counter of [RELAY_METRICS.published, RELAY_METRICS.failures]) this.metrics.inc(counter, 0);
  }

  /** Starts relaying in the background: on every change notified, and every `pollMs`. */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    // Back on the database's notifications after losing them: it is reachable again, so a failed
    // batch need not wait out its backoff, and a change notified meanwhile may be waiting.
    this.unlisten = await this.db.listen(
      CHANGES_CHANNEL,
      () => this.wake(),
      () => {
        this.woken = true;
        this.interruptSleep?.();
      },
    );
    this.running = this.loop();
  }

  /** Stops after the batch under way, if any, has committed or rolled back. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.interruptSleep?.();
    await this.running;
    this.running = null;
    await this.unlisten?.();
    this.unlisten = null;
  }

  /**
   * Hands over what is still unpublished, before a shutdown: batches until one claims nothing or
   * publishes nothing (another relay holds the rest), at most `maxBatches`. What is left stays in
   * the outbox for the next start. Returns how many events it published.
   */
  async flush(maxBatches = 50): Promise<number> {
    let published = 0;
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.relayBatch();
      published += batch.published;
      if (batch.claimed === 0 || batch.published === 0) break;
    }
    return published;
  }

  /** One batch in one transaction (see the top of this file). */
  async relayBatch(): Promise<BatchResult> {
    const at = this.now();
    const result = await this.db.transaction(async (tx): Promise<BatchResult> => {
      const claimed = await claimUnpublished(tx, this.batchSize);
      if (claimed.length === 0) return { claimed: 0, published: 0 };
      const ready = deliverable(claimed, await blockersOf(tx, claimed));
      if (ready.length === 0) return { claimed: claimed.length, published: 0 };
      for (const event of ready) await this.subscribers.deliver(tx, event);
      const marked = await markPublished(tx, ready.map((e) => e.id), at);
      // Cannot happen while the rows are locked; if it does, publish nothing rather than twice.
      if (marked !== ready.length) throw new Error(`Outbox relay marked ${marked} of ${ready.length} claimed events published; rolled back.`);
      return { claimed: claimed.length, published: ready.length };
    });
    this.metrics.inc(RELAY_METRICS.published, result.published);
    return result;
  }

  /** Samples the backlog and the lag gauges. */
  async refreshGauges(): Promise<void> {
    const { count, oldest } = await unpublishedBacklog(this.db);
    this.metrics.set(RELAY_METRICS.backlog, count);
    this.metrics.set(RELAY_METRICS.lag, oldest ? Math.max(0, (this.now().getTime() - oldest.getTime()) / 1000) : 0);
  }

  private async loop(): Promise<void> {
    let failures = 0;
    // Timers run on the monotonic clock; `now` is for what is stored and compared with stored times.
    let gaugesAt = 0;
    while (!this.stopping) {
      this.woken = false;
      let pause: number;
      try {
        const { claimed, published } = await this.relayBatch();
        if (this.stopping) break;
        if (performance.now() >= gaugesAt) {
          await this.refreshGauges();
          gaugesAt = performance.now() + this.pollMs;
        }
        failures = 0;
        pause = claimed === this.batchSize && published > 0 ? 0 : published < claimed ? this.heldBackRetryMs : this.pollMs;
      } catch (error) {
        failures++;
        this.metrics.inc(RELAY_METRICS.failures);
        const retryInMs = Math.min(this.backoffMs.max, this.backoffMs.min * 2 ** (failures - 1));
        this.log.error({ err: error, failures, retryInMs }, "outbox relay failed; retrying");
        await this.sleep(retryInMs, false);
        continue;
      }
      if (pause === 0) continue;
      if (!this.woken) await this.sleep(pause, true);
      if (this.woken) await this.sleep(this.gatherMs, false);
    }
  }

  private wake(): void {
    this.woken = true;
    if (this.sleepIsWakeable) this.interruptSleep?.();
  }

  /** Sleeps `ms`; a stop always cuts it short, a notified change only when `wakeable`. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interruptSleep = null;
        this.sleepIsWakeable = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptSleep = done;
      this.sleepIsWakeable = wakeable;
    });
  }
}
