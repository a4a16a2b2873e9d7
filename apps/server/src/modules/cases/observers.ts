/**
 * Other modules that keep something of their own in step with every case (the deadlines module's
 * milestones) observe its changes: each observer runs in the command's transaction after the case
 * is written, and may hand back columns of its own for the case row the command answers with.
 * Observers register once, from their module's index (`observeCases`).
 */
import type { Ctx } from "../../platform/context.js";
import type { CaseRow } from "./repository.js";

export type CaseObserver = (ctx: Ctx, kase: CaseRow, eventTypes: readonly string[]) => Promise<Partial<Pick<CaseRow, "milestones">> | void>;

const observers = new Set<CaseObserver>();

export function observeCases(observer: CaseObserver): void {
  observers.add(observer);
}

/** Runs the observers on a case just written; the row with what they hand back. */
export async function caseObserved(ctx: Ctx, kase: CaseRow, eventTypes: readonly string[]): Promise<CaseRow> {
  let row = kase;
  for (const observer of observers) {
    const extra = await observer(ctx, row, eventTypes);
    if (extra) row = { ...row, ...extra };
  }
  return row;
}
