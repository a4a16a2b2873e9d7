import type { Ctx } from "../../platform/context.js";
import { findDueWork, revive, wakeSchedulers, type DueWorkRow } from "../../platform/due/index.js";
import { conflict, notFound } from "../../platform/errors.js";

/** Puts parked work back in the queue, due now with a fresh set of attempts; only failed work may be retried (409 otherwise). */
export async function retryDueWork(ctx: Ctx, id: string): Promise<DueWorkRow> {
  const row = await findDueWork(ctx.tx, id, true);
  if (!row) throw notFound("Due work");
  if (row.state !== "failed") throw conflict("due_work_not_failed", "Only failed due work can be retried; this one is still pending.", [{ id: row.id, state: row.state }]);
  const revived = (await revive(ctx.tx, id, ctx.now))!;
  wakeSchedulers(ctx, ctx.now);
  return revived;
}
