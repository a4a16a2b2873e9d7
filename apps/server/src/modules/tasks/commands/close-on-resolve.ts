import { actorRef } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { recordCaseEvent, type CaseRow, type ResolveInput } from "../../cases/index.js";
import { tasksOnResolve } from "../domain/rules.js";
import { summarizeTask } from "../presenters.js";
import { openTasksOf, updateTask } from "../repository.js";
import { refusal } from "./refuse.js";

/**
 * The tasks' part in resolving a case (a resolve hook of the cases module, in the resolve's
 * transaction, before the case is written): open tasks refuse the resolve, or are closed with the
 * owner's reason — or, when the customer says it is solved, with `case_resolved_by_customer`.
 */
export async function closeTasksOnResolve(ctx: Ctx, kase: CaseRow, input: ResolveInput): Promise<void> {
  if (kase.open_tasks === 0) return;
  const open = await openTasksOf(ctx.tx, kase.id);
  const verdict = tasksOnResolve({ actor: ctx.actor, resolvedBy: input.resolvedBy, ownerOrganizationId: kase.owner_organization_id, openTasks: open.map(summarizeTask), closeOpenTasks: input.closeOpenTasks });
  if (!verdict.ok) throw refusal(verdict.refusal);
  if (!verdict.closeWith) return;
  const by = actorRef(ctx.actor);
  for (const task of open) {
    await updateTask(ctx.tx, task.id, { status: "closed", closed_at: ctx.now, closed_by_id: by.type === "user" || by.type === "partner" ? by.id : null, closed_reason: verdict.closeWith, updated_at: ctx.now });
    await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type: "task.closed", data: { taskId: task.id, organizationId: task.organization_id, title: task.title, reason: verdict.closeWith } });
  }
}
