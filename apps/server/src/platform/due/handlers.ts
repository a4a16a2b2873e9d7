/**
 * The handlers of due work, by kind. A module registers its own where the scheduler role is
 * assembled (apps/server/src/scheduler.ts):
 *
 *   handlers.add("sla.warn", async (ctx, work) => { await warnOfBreach(ctx, work.payload.caseId as string); });
 *   handlers.every("retention.prune", 10 * 60_000, async (ctx) => pruneSome(ctx));
 */
import type { Ctx } from "../context.js";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff.js";
import { reschedule, schedule } from "./schedule.js";

/** Due work as its handler sees it. */
export interface DueWork {
  id: string;
  kind: string;
  key: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  /** Failed attempts before this one. */
  attempts: number;
}

/**
 * Runs inside the transaction that completes the work: what it writes with `ctx.tx` commits with
 * the work's completion, and a throw rolls both back for a later attempt (after a back-off). It
 * must use `ctx.tx` and nothing else for the database (on the embedded database a second
 * connection would wait for this transaction forever), and should do nothing outside the
 * database that cannot be repeated: a rolled-back attempt runs again.
 */
export type DueWorkHandler = (ctx: Ctx, work: DueWork) => Promise<void>;

/**
 * Runs several pieces of one kind at once, in the transaction of their batch (same rules as
 * `DueWorkHandler`): for work cheap enough per piece that set-based SQL over the batch is the
 * cost that matters. On a failure the batch's pieces are run again one per transaction, each
 * handed to it alone.
 */
export type DueWorkBatchHandler = (ctx: Ctx, works: readonly DueWork[]) => Promise<void>;

/** A recurring handler may ask to run again at once (it did part of its work: a pruning pass, say). */
export type RecurringHandler = (ctx: Ctx, work: DueWork) => Promise<{ again: boolean } | void>;

/** The key recurring work is scheduled under (one per kind). */
export const RECURRING_KEY = "recurring";

interface Entry {
  handle: DueWorkHandler;
  /** Set for kinds registered with `addBatch`. */
  batch?: DueWorkBatchHandler;
  backoff: BackoffPolicy;
  /** Runs in a transaction of its own (see `add`). */
  alone: boolean;
  /** For recurring work: the interval. */
  everyMs?: number;
}

export class DueWorkHandlers {
  private readonly entries = new Map<string, Entry>();

  /**
   * Registers the handler of one kind of work; `backoff` changes the retry policy for it. `alone`:
   * each piece runs in a transaction of its own, never in a batch with other work — for a handler
   * that does something outside the database (sends a mail), which another item's failure would
   * otherwise roll back and run again.
   */
  add(kind: string, handle: DueWorkHandler, options: { backoff?: Partial<BackoffPolicy>; alone?: boolean } = {}): void {
    if (this.entries.has(kind)) throw new Error(`A due-work handler for "${kind}" is already registered.`);
    this.entries.set(kind, { handle, backoff: { ...DEFAULT_BACKOFF, ...options.backoff }, alone: options.alone ?? false });
  }

  /** Registers the handler of one kind of work that runs the pieces claimed together in one call (see `DueWorkBatchHandler`). */
  addBatch(kind: string, handleBatch: DueWorkBatchHandler, options: { backoff?: Partial<BackoffPolicy> } = {}): void {
    this.add(kind, (ctx, work) => handleBatch(ctx, [work]), options);
    this.entries.get(kind)!.batch = handleBatch;
  }

  /**
   * Recurring work: `handle` runs every `everyMs` (counted from when each run was due, or from
   * this run when that is already past), and at once again when it answers `{ again: true }`.
   * The next run is scheduled in the same transaction as this one's effects, so exactly one is
   * ever pending. `ensureRecurring` schedules the first run at the scheduler's start.
   */
  every(kind: string, everyMs: number, handle: RecurringHandler, options: { backoff?: Partial<BackoffPolicy> } = {}): void {
    this.add(
      kind,
      async (ctx, work) => {
        const outcome = await handle(ctx, work);
        const regular = work.dueAt.getTime() + everyMs;
        const next = outcome?.again ? ctx.now : new Date(regular > ctx.now.getTime() ? regular : ctx.now.getTime() + everyMs);
        await reschedule(ctx, { kind, key: RECURRING_KEY, dueAt: next });
      },
      options,
    );
    this.entries.get(kind)!.everyMs = everyMs;
  }

  /** Schedules the first run of every recurring kind that has none pending (or parked). */
  async ensureRecurring(ctx: Pick<Ctx, "tx" | "now">): Promise<void> {
    for (const [kind, entry] of this.entries) {
      if (entry.everyMs !== undefined) await schedule(ctx, { kind, key: RECURRING_KEY, dueAt: ctx.now });
    }
  }

  get kinds(): string[] {
    return [...this.entries.keys()];
  }

  /** The kinds run in batches, and those run one per transaction (`alone`). */
  get batchedKinds(): string[] {
    return this.kinds.filter((kind) => !this.entries.get(kind)!.alone);
  }

  get aloneKinds(): string[] {
    return this.kinds.filter((kind) => this.entries.get(kind)!.alone);
  }

  handlerOf(kind: string): DueWorkHandler | undefined {
    return this.entries.get(kind)?.handle;
  }

  batchHandlerOf(kind: string): DueWorkBatchHandler | undefined {
    return this.entries.get(kind)?.batch;
  }

  backoffOf(kind: string): BackoffPolicy {
    return this.entries.get(kind)?.backoff ?? DEFAULT_BACKOFF;
  }
}
