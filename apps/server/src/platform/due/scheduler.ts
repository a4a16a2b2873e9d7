/**
 * The scheduler role: runs due work when it is due, once.
 *
 * A batch is one transaction: it claims up to `batchSize` pending rows due by now,
 * `FOR UPDATE SKIP LOCKED` (other schedulers take other rows instead of queueing), deletes them in
 * the same statement, and runs each one's handler with `ctx.tx`. The commit completes the work
 * and its effects together; a crash or a rollback puts the rows back untouched, to be claimed
 * again. So work is never lost and never done twice.
 *
 * Kinds registered `alone` (their handlers act outside the database: they send mail) are claimed
 * and run one per transaction after the batch, so no other item's failure rolls one back to be
 * run, and sent, again.
 *
 * When a handler throws, the batch rolls back and its rows are run again one per transaction;
 * one that fails alone rolls back alone, and its failure (attempts, error, the next due time
 * after a back-off, or `failed` — parked — when it has no attempts left) is written in a
 * transaction of its own. The embedded database has one connection: nothing here opens a
 * second transaction while one is open.
 *
 * Between batches a loop sleeps until the earliest pending work is due, or `pollMs` at most, and
 * wakes early on a NOTIFY of work due sooner (see schedule.ts), so lateness is not bounded by
 * the poll. Only kinds with a registered handler are claimed: in a rolling upgrade, work of a kind
 * this version does not know waits for a process that does.
 */
import type { Logger } from "pino";
import { SYSTEM } from "../actor.js";
import type { Ctx } from "../context.js";
import type { Db, Queryable } from "../db.js";
import { metrics as processMetrics, type Metrics } from "../metrics.js";
import { afterFailure } from "./backoff.js";
import type { DueWork, DueWorkHandlers } from "./handlers.js";
import { claimDue, nextDueAt, recordFailure, type DueWorkRow } from "./repository.js";
import { DUE_CHANNEL, SCHEDULER_POLL_MS } from "./schedule.js";

export const DUE_METRICS = {
  run: "tandem_due_work_run_total",
  failed: "tandem_due_work_failed_total",
  parked: "tandem_due_work_parked_total",
  errors: "tandem_due_work_scheduler_errors_total",
  lateness: "tandem_due_work_lateness_seconds",
} as const;

const LATENESS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface SchedulerOptions {
  db: Db;
  handlers: DueWorkHandlers;
  log: Logger;
  /** The clock: work is due when its due time is at or before it; handlers get it as `now`. */
  now: () => Date;
  metrics?: Metrics;
  /** Rows claimed per transaction (100 on PostgreSQL; 20 on the embedded database, whose one connection the web shares). */
  batchSize?: number;
  /** Batches run at once by this process, each on its own connection (2 on PostgreSQL, always 1 on the embedded database). */
  concurrency?: number;
  /** The longest sleep without a wake-up (SCHEDULER_POLL_MS). */
  pollMs?: number;
  /** When due work is held by another scheduler, look again this soon (50 ms). */
  heldRetryMs?: number;
  /** After a batch that was not full, wait at least this long (20 ms) so work coming due meanwhile goes in one batch. */
  gatherMs?: number;
  /** After a database error, wait `min` doubling per error in a row up to `max` (250 ms, 30 s). */
  errorBackoffMs?: { min: number; max: number };
}

const asWork = (row: DueWorkRow): DueWork => ({ id: row.id, kind: row.kind, key: row.key, dueAt: new Date(row.due_at), payload: (row.payload ?? {}) as Record<string, unknown>, attempts: row.attempts });

export interface RunResult {
  claimed: number;
  done: number;
  failed: number;
  parked: number;
}

/** One loop's sleep: until `wakeAt` (on the scheduler's clock), sooner if work due sooner is notified. */
interface Sleeper {
  wakeAt: number;
  timer: NodeJS.Timeout | null;
  resolve: () => void;
  /** The earliest due time notified since this loop last looked at the queue. */
  notified: number;
}

export class Scheduler {
  private readonly db: Db;
  private readonly handlers: DueWorkHandlers;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly metrics: Metrics;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly heldRetryMs: number;
  private readonly gatherMs: number;
  private readonly errorBackoffMs: { min: number; max: number };
  private readonly kindLogs = new Map<string, Logger>();
  /** Every running loop's state, and those of them asleep now. */
  private readonly loopStates = new Set<Sleeper>();
  private readonly sleepers = new Set<Sleeper>();
  private loops: Promise<void>[] = [];
  private unlisten: (() => Promise<void>) | null = null;
  private stopping = false;

  constructor(options: SchedulerOptions) {
    const embedded = options.db.kind === "pglite";
    this.db = options.db;
    this.handlers = options.handlers;
    this.log = options.log;
    this.now = options.now;
    this.metrics = options.metrics ?? processMetrics;
    this.batchSize = options.batchSize ?? (embedded ? 20 : 200);
    this.concurrency = embedded ? 1 : (options.concurrency ?? 4);
    this.pollMs = options.pollMs ?? SCHEDULER_POLL_MS;
    this.heldRetryMs = options.heldRetryMs ?? 50;
    this.gatherMs = options.gatherMs ?? 20;
    this.errorBackoffMs = options.errorBackoffMs ?? { min: 250, max: 30_000 };
    this.metrics.describe(DUE_METRICS.run, "Due work run and completed by this process.");
    this.metrics.describe(DUE_METRICS.failed, "Attempts of due work that failed (and were rolled back) in this process.");
    this.metrics.describe(DUE_METRICS.parked, "Due work parked as failed after its last attempt, by this process.");
    this.metrics.describe(DUE_METRICS.errors, "Scheduler batches that failed on a database error and were retried.");
    this.metrics.histogram(DUE_METRICS.lateness, "Seconds from when due work was due to when this process ran it.", LATENESS_BUCKETS);
    for (const counter of [DUE_METRICS.run, DUE_METRICS.failed, DUE_METRICS.parked, DUE_METRICS.errors]) this.metrics.inc(counter, 0);
  }

  /** Schedules recurring work that has no run pending, then runs due work in the background. */
  async start(): Promise<void> {
    if (this.loops.length) return;
    this.stopping = false;
    const now = this.now();
    await this.db.transaction((tx) => this.handlers.ensureRecurring({ tx, now }));
    this.unlisten = await this.db.listen(DUE_CHANNEL, (payload) => this.notified(Date.parse(payload)));
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  /** Stops after the batches under way have committed or rolled back. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const sleeper of this.sleepers) this.wakeUp(sleeper);
    await Promise.all(this.loops);
    this.loops = [];
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Runs one batch of due work, then up to a batch of `alone` work one per transaction (see the top of this file). */
  async runDue(): Promise<RunResult> {
    const result = await this.runBatch(this.handlers.batchedKinds);
    const alone = this.handlers.aloneKinds;
    for (let i = 0; alone.length > 0 && i < this.batchSize; i++) {
      const one = await this.runNextAlone(alone);
      if (!one) break;
      result.claimed += 1;
      result.done += one.done;
      result.failed += one.failed;
      result.parked += one.parked;
    }
    return result;
  }

  private async runBatch(kinds: string[]): Promise<RunResult> {
    if (kinds.length === 0) return { claimed: 0, done: 0, failed: 0, parked: 0 };
    let claimed: DueWorkRow[] = [];
    const ran: { row: DueWorkRow; at: Date }[] = [];
    try {
      await this.db.transaction(async (tx) => {
        claimed = await claimDue(tx, kinds, this.now(), this.batchSize);
        // Kinds with a batch handler run all their claimed pieces in one call; the rest one by one, in due order.
        const together = new Map<string, DueWorkRow[]>();
        for (const row of claimed) {
          if (this.handlers.batchHandlerOf(row.kind)) together.set(row.kind, [...(together.get(row.kind) ?? []), row]);
          else ran.push({ row, at: await this.runOne(tx, row) });
        }
        for (const rows of together.values()) {
          const at = await this.runMany(tx, rows);
          for (const row of rows) ran.push({ row, at });
        }
      });
    } catch (error) {
      // The claim itself failed: a database error, for the loop to back off from.
      if (claimed.length === 0) throw error;
      // One alone: it is the one that failed. Several: find which, each in its own transaction.
      if (claimed.length === 1) return { claimed: 1, done: 0, ...(await this.fail(claimed[0]!, error)) };
      const result: RunResult = { claimed: claimed.length, done: 0, failed: 0, parked: 0 };
      for (const row of claimed) {
        const outcome = await this.runAlone(row);
        result.done += outcome.done;
        result.failed += outcome.failed;
        result.parked += outcome.parked;
      }
      return result;
    }
    for (const { row, at } of ran) this.noteDone(row, at);
    return { claimed: claimed.length, done: claimed.length, failed: 0, parked: 0 };
  }

  /** Claims and runs the earliest due piece of these kinds in a transaction of its own; null when none is due. */
  private async runNextAlone(kinds: string[]): Promise<Omit<RunResult, "claimed"> | null> {
    let claimed: DueWorkRow | undefined;
    let at: Date | null = null;
    try {
      await this.db.transaction(async (tx) => {
        [claimed] = await claimDue(tx, kinds, this.now(), 1);
        if (claimed) at = await this.runOne(tx, claimed);
      });
    } catch (error) {
      if (!claimed) throw error;
      return { done: 0, ...(await this.fail(claimed, error)) };
    }
    if (!claimed || !at) return null;
    this.noteDone(claimed, at);
    return { done: 1, failed: 0, parked: 0 };
  }

  private async runAlone(row: DueWorkRow): Promise<Omit<RunResult, "claimed">> {
    let current: DueWorkRow = row;
    let at: Date | null = null;
    try {
      await this.db.transaction(async (tx) => {
        const [again] = await claimDue(tx, this.handlers.kinds, this.now(), 1, row.id);
        if (!again) return; // run, moved or cancelled meanwhile
        current = again;
        at = await this.runOne(tx, again);
      });
    } catch (error) {
      return { done: 0, ...(await this.fail(current, error)) };
    }
    if (!at) return { done: 0, failed: 0, parked: 0 };
    this.noteDone(current, at);
    return { done: 1, failed: 0, parked: 0 };
  }

  /** Runs the handler of `row` in `tx`; returns the time it ran at. */
  private async runOne(tx: Queryable, row: DueWorkRow): Promise<Date> {
    const handle = this.handlers.handlerOf(row.kind);
    if (!handle) throw new Error(`No handler for due work of kind "${row.kind}".`);
    const now = this.now();
    const ctx: Ctx = { tx, actor: SYSTEM, now, log: this.logOf(row.kind) };
    await handle(ctx, asWork(row));
    return now;
  }

  /** Runs pieces of one kind registered with a batch handler in one call in `tx`; returns the time they ran at. */
  private async runMany(tx: Queryable, rows: readonly DueWorkRow[]): Promise<Date> {
    const kind = rows[0]!.kind;
    const now = this.now();
    const ctx: Ctx = { tx, actor: SYSTEM, now, log: this.logOf(kind) };
    await this.handlers.batchHandlerOf(kind)!(ctx, rows.map(asWork));
    return now;
  }

  /** Writes a failed attempt: retried after a back-off, or parked when it was the last. */
  private async fail(row: DueWorkRow, error: unknown): Promise<{ failed: number; parked: number }> {
    const now = this.now();
    const next = afterFailure(row.attempts, now, this.handlers.backoffOf(row.kind));
    const message = error instanceof Error ? error.message : String(error);
    const written = await this.db.transaction((tx) => recordFailure(tx, row, { attempts: next.attempts, retryAt: next.park ? null : next.retryAt, error: message }, now));
    const fields = { kind: row.kind, key: row.key, id: row.id, attempts: next.attempts, err: error };
    this.metrics.inc(DUE_METRICS.failed);
    if (!written) {
      this.log.warn(fields, "due work failed; it was changed meanwhile, so the failure is not recorded");
      return { failed: 1, parked: 0 };
    }
    if (next.park) {
      this.metrics.inc(DUE_METRICS.parked);
      this.log.error(fields, "due work failed its last attempt and is parked as failed");
      return { failed: 1, parked: 1 };
    }
    this.log.warn({ ...fields, retryAt: next.retryAt.toISOString() }, "due work failed; it will be tried again");
    return { failed: 1, parked: 0 };
  }

  private noteDone(row: DueWorkRow, at: Date): void {
    this.metrics.inc(DUE_METRICS.run);
    this.metrics.observe(DUE_METRICS.lateness, Math.max(0, at.getTime() - new Date(row.due_at).getTime()) / 1000);
  }

  private logOf(kind: string): Logger {
    let log = this.kindLogs.get(kind);
    if (!log) this.kindLogs.set(kind, (log = this.log.child({ dueWork: kind })));
    return log;
  }

  private async loop(): Promise<void> {
    const sleeper: Sleeper = { wakeAt: Infinity, timer: null, resolve: () => undefined, notified: Infinity };
    this.loopStates.add(sleeper);
    let errors = 0;
    while (!this.stopping) {
      sleeper.notified = Infinity;
      let wakeAt: number;
      try {
        const { claimed } = await this.runDue();
        errors = 0;
        if (claimed >= this.batchSize || this.stopping) continue;
        const next = (await nextDueAt(this.db, this.handlers.kinds))?.getTime() ?? Infinity;
        const now = this.now().getTime();
        // Due now but nothing claimed: another scheduler holds it (or just took it): look again soon.
        // Work trickling in: gather a little of it per batch rather than a transaction per item.
        const soonest = claimed === 0 ? (next <= now ? now + this.heldRetryMs : next) : Math.max(next, now + this.gatherMs);
        wakeAt = Math.min(soonest, now + this.pollMs);
      } catch (error) {
        errors++;
        this.metrics.inc(DUE_METRICS.errors);
        const retryInMs = Math.min(this.errorBackoffMs.max, this.errorBackoffMs.min * 2 ** (errors - 1));
        this.log.error({ err: error, errors, retryInMs }, "scheduler batch failed; retrying");
        wakeAt = this.now().getTime() + retryInMs;
      }
      await this.sleep(sleeper, Math.min(wakeAt, sleeper.notified));
    }
    this.loopStates.delete(sleeper);
  }

  private sleep(sleeper: Sleeper, wakeAt: number): Promise<void> {
    if (this.stopping || wakeAt <= this.now().getTime()) return Promise.resolve();
    return new Promise((resolve) => {
      sleeper.resolve = resolve;
      this.sleepers.add(sleeper);
      this.arm(sleeper, wakeAt);
    });
  }

  private arm(sleeper: Sleeper, wakeAt: number): void {
    if (sleeper.timer) clearTimeout(sleeper.timer);
    sleeper.wakeAt = wakeAt;
    sleeper.timer = setTimeout(() => this.wakeUp(sleeper), Math.max(0, wakeAt - this.now().getTime()));
  }

  private wakeUp(sleeper: Sleeper): void {
    if (sleeper.timer) clearTimeout(sleeper.timer);
    sleeper.timer = null;
    sleeper.wakeAt = Infinity;
    this.sleepers.delete(sleeper);
    sleeper.resolve();
  }

  /** Work due at `dueAt` was committed: every loop asleep past then wakes at then instead. */
  private notified(dueAt: number): void {
    if (Number.isNaN(dueAt)) return;
    for (const sleeper of this.loopStates) {
      sleeper.notified = Math.min(sleeper.notified, dueAt);
      if (this.sleepers.has(sleeper) && dueAt < sleeper.wakeAt) this.arm(sleeper, dueAt);
    }
  }
}
