/**
 * How a module asks for work to be done later, from inside its own command's transaction:
 *
 *   await schedule(ctx, { kind: "sla.warn", key: caseId, dueAt, payload: { caseId } });
 *   await reschedule(ctx, { kind: "sla.warn", key: caseId, dueAt: later, payload: { caseId } });
 *   await cancel(ctx, "sla.warn", caseId);
 *
 * The work commits or rolls back with the command. A (kind, key) is pending at most once: a
 * second `schedule` of it does nothing, `reschedule` moves it. Done work is deleted, so the same
 * key may be scheduled again afterwards; work that must happen once ever guards its effect with
 * a unique constraint of its own.
 */
import type { Ctx } from "../context.js";
import { deleteDueWork, insertDueWorks, upsertDueWork } from "./repository.js";

/** The channel a commit that scheduled work soon NOTIFYs, so a sleeping scheduler wakes for it. */
export const DUE_CHANNEL = "tandem_due";
/** A scheduler looks for due work at least this often, so work due later needs no wake-up. */
export const SCHEDULER_POLL_MS = 5000;

export interface DueWorkInput {
  /** Which handler runs it (registered by the module with `DueWorkHandlers.add`). */
  kind: string;
  /** The module's name for this piece of work (a case id, "case:<id>:breach", ...), 1–500 characters. */
  key: string;
  dueAt: Date;
  /** Handed to the handler as it is (JSON). */
  payload?: Record<string, unknown>;
}

type ScheduleCtx = Pick<Ctx, "tx" | "now">;

/** Schedules the work unless its (kind, key) is already pending or parked; true when scheduled. */
export async function schedule(ctx: ScheduleCtx, work: DueWorkInput): Promise<boolean> {
  const written = await upsertDueWork(ctx.tx, checked(work), ctx.now, false);
  if (written) wakeSchedulers(ctx, work.dueAt);
  return written;
}

/** Schedules several pieces in one statement, each unless its (kind, key) is already pending or parked. */
export async function scheduleMany(ctx: ScheduleCtx, works: readonly DueWorkInput[]): Promise<void> {
  if (works.length === 0) return;
  await insertDueWorks(ctx.tx, works.map(checked), ctx.now);
  wakeSchedulers(ctx, new Date(Math.min(...works.map((w) => w.dueAt.getTime()))));
}

/** Schedules the work, or moves its (kind, key) to the new due time and payload (reviving parked work). */
export async function reschedule(ctx: ScheduleCtx, work: DueWorkInput): Promise<void> {
  await upsertDueWork(ctx.tx, checked(work), ctx.now, true);
  wakeSchedulers(ctx, work.dueAt);
}

/** Cancels the pending or parked work of this kind and key; true when there was some. */
export async function cancel(ctx: Pick<Ctx, "tx">, kind: string, key: string): Promise<boolean> {
  return deleteDueWork(ctx.tx, kind, key);
}

function checked(work: DueWorkInput) {
  if (!work.kind || !work.key || work.key.length > 500) throw new Error(`Due work needs a kind and a key of 1–500 characters (got "${work.kind}", "${work.key.slice(0, 50)}").`);
  if (Number.isNaN(work.dueAt.getTime())) throw new Error(`Due work ${work.kind} ${work.key} has no valid due time.`);
  return { kind: work.kind, key: work.key, dueAt: work.dueAt, payload: work.payload ?? {} };
}

/** Work due before a scheduler's next look would wait for it: tell the schedulers (after commit). */
export function wakeSchedulers(ctx: ScheduleCtx, dueAt: Date): void {
  if (dueAt.getTime() < ctx.now.getTime() + SCHEDULER_POLL_MS) ctx.tx.notify(DUE_CHANNEL, dueAt.toISOString());
}
