import type { CreateTaskBody } from "@tandem/contracts";
import { actorRef } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { badRequest, unprocessable } from "../../../platform/errors.js";
import { newId } from "../../../platform/ids.js";
import { caseSubject, changeCase, type CaseRow } from "../../cases/index.js";
import { notify } from "../../notifications/index.js";
import { findUser } from "../../users/index.js";
import { mayCreateTask } from "../domain/rules.js";
import { findTask, insertTask, type TaskRow } from "../repository.js";
import { refusal, TO_PARTIES } from "./refuse.js";

/**
 * Gives an organisation on the case a task: recorded as `task.created` on the case (a due time
 * arms a `task` milestone there), and the organisation's users — or the assignee — are told.
 */
export async function createTask(ctx: Ctx, caseId: string, input: CreateTaskBody): Promise<TaskRow> {
  const id = newId(ctx.now.getTime());
  const dueAt = input.dueAt ? new Date(input.dueAt) : null;
  let kase: CaseRow | null = null;
  await changeCase(ctx, caseId, "case.update", async (c) => {
    kase = c;
    const verdict = mayCreateTask(ctx.actor, { status: c.status, ownerOrganizationId: c.owner_organization_id, partyOrganizationIds: c.parties.map((p) => p.organization_id) }, input.organizationId);
    if (!verdict.ok) throw refusal(verdict.refusal);
    if (dueAt && dueAt.getTime() <= ctx.now.getTime()) throw badRequest("A task is due in the future.", [{ path: "body.dueAt", message: "must be later than now" }]);
    if (input.assigneeId) {
      const assignee = await findUser(ctx.tx, input.assigneeId);
      if (!assignee || !assignee.active || assignee.organization_id !== input.organizationId) {
        throw unprocessable("assignee_not_in_organization", "The assignee must be an active user of the organisation the task goes to.", [{ path: "body.assigneeId", message: "not an active user of that organisation" }]);
      }
    }
    const by = actorRef(ctx.actor);
    await insertTask(ctx.tx, {
      id,
      case_id: caseId,
      organization_id: input.organizationId,
      title: input.title,
      status: "open",
      due_at: dueAt,
      assignee_id: input.assigneeId ?? null,
      created_by_type: by.type,
      created_by_id: by.id,
      created_by_name: by.name,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const data = { taskId: id, organizationId: input.organizationId, title: input.title, ...(dueAt ? { dueAt: dueAt.toISOString() } : {}), ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}) };
    return { events: [{ type: "task.created", data }], publish: TO_PARTIES };
  });
  const task = (await findTask(ctx.tx, id))!;
  await notify(ctx, {
    kind: "task.assigned",
    subject: caseSubject(kase!),
    recipients: input.assigneeId ? { users: [input.assigneeId] } : { membersOf: input.organizationId },
    dedupeKey: `task.assigned:${id}`,
    data: { taskId: id, title: task.title, organizationId: task.organization_id, dueAt: dueAt?.toISOString() ?? null },
  });
  return task;
}
