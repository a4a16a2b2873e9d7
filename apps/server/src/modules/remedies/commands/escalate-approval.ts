/**
 * The approval deadline (due work `remedy.approval_due`): a remedy nobody decided in time is
 * escalated — marked, recorded on the case, and told to the supervisors and the admins, urgently.
 * Decided remedies have their deadline cancelled; one decided meanwhile is left alone.
 */
import type { Ctx } from "../../../platform/context.js";
import type { DueWork, DueWorkHandlers } from "../../../platform/due/index.js";
import { findRemedy, updateRemedy } from "../repository.js";
import { remedyEvent, tellApprovers } from "../remedy-events.js";
import { APPROVAL_DUE_KIND } from "./request-remedy.js";

export async function escalateApproval(ctx: Ctx, work: DueWork): Promise<void> {
  const remedy = await findRemedy(ctx.tx, String(work.payload.remedyId ?? work.key), true);
  if (!remedy || remedy.status !== "pending_approval" || remedy.escalated_at) return;
  const after = await updateRemedy(ctx.tx, remedy.id, { escalated_at: ctx.now, updated_at: ctx.now });
  await remedyEvent(ctx, after, "remedy.approval_escalated", { approvalDueAt: remedy.approval_due_at?.toISOString() ?? null });
  await tellApprovers(ctx, after, "remedy.approval_overdue");
}

/** Registers the handler where the scheduler role is assembled. */
export function addRemedyHandlers(handlers: DueWorkHandlers): void {
  handlers.add(APPROVAL_DUE_KIND, escalateApproval);
}
