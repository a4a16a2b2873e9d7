import { actorRef } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { notFound } from "../../../platform/errors.js";
import { caseSubject, changeCase, type CaseRow } from "../../cases/index.js";
import { notify } from "../../notifications/index.js";
import { mayCloseTask, mayCompleteTask } from "../domain/rules.js";
import { canSeeTask } from "../policies.js";
import { findTask, updateTask, type TaskRow } from "../repository.js";
import { refusal, TO_PARTIES } from "./refuse.js";

/** The task, if the caller may see it (404 otherwise: a partner learns nothing of other cases' tasks). */
async function visibleTask(ctx: Ctx, id: string): Promise<TaskRow> {
  const task = await findTask(ctx.tx, id);
  if (!task || !canSeeTask(ctx.actor, task)) throw notFound("Task");
  return task;
}

/** The task's organisation (or the owner) marks it done: `task.completed` on the case, and the owner (and who gave it) are told. */
export async function completeTask(ctx: Ctx, id: string, note: string | undefined): Promise<TaskRow> {
  const seen = await visibleTask(ctx, id);
  let kase: CaseRow | null = null;
  await changeCase(ctx, seen.case_id, "case.read", async (c) => {
    kase = c;
    const task = (await findTask(ctx.tx, id, true))!;
    const verdict = mayCompleteTask(ctx.actor, { status: task.status, organizationId: task.organization_id }, c.owner_organization_id);
    if (!verdict.ok) throw refusal(verdict.refusal);
    const by = actorRef(ctx.actor);
    await updateTask(ctx.tx, id, { status: "done", completed_at: ctx.now, completed_by_type: by.type, completed_by_id: by.id, completed_by_name: by.name, completion_note: note ?? null, updated_at: ctx.now });
    return { events: [{ type: "task.completed", data: { taskId: id, organizationId: task.organization_id, title: task.title, ...(note ? { note } : {}) } }], publish: TO_PARTIES };
  });
  const done = (await findTask(ctx.tx, id))!;
  const owner = kase! as CaseRow;
  await notify(ctx, {
    kind: "task.completed",
    subject: caseSubject(owner),
    recipients: { users: [owner.owner_user_id, done.created_by_id], supervisorsOf: owner.owner_user_id ? null : owner.owner_organization_id },
    dedupeKey: `task.completed:${id}`,
    data: { taskId: id, title: done.title, organizationId: done.organization_id },
  });
  return done;
}

/** The owner closes a task that will not be done, with its reason: `task.closed` on the case. */
export async function closeTask(ctx: Ctx, id: string, reason: string): Promise<TaskRow> {
  const seen = await visibleTask(ctx, id);
  await changeCase(ctx, seen.case_id, "case.read", async (c) => {
    const task = (await findTask(ctx.tx, id, true))!;
    const verdict = mayCloseTask(ctx.actor, { status: task.status, organizationId: task.organization_id }, c.owner_organization_id);
    if (!verdict.ok) throw refusal(verdict.refusal);
    await updateTask(ctx.tx, id, { status: "closed", closed_at: ctx.now, closed_by_id: actorRef(ctx.actor).id, closed_reason: reason, updated_at: ctx.now });
    return { events: [{ type: "task.closed", data: { taskId: id, organizationId: task.organization_id, title: task.title, reason } }], publish: TO_PARTIES };
  });
  return (await findTask(ctx.tx, id))!;
}
