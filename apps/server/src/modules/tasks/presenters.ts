/** Tasks as the API shows them, with the caller's abilities on each. */
import type { OpenTaskSummary, Task } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { taskAbilities } from "./domain/rules.js";
import type { TaskRow } from "./repository.js";

type ActorType = Task["createdBy"]["type"];

export function presentTask(r: TaskRow, viewer: Actor): Task {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    title: r.title,
    status: r.status,
    dueAt: iso(r.due_at),
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    createdBy: { type: r.created_by_type as ActorType, id: r.created_by_id, name: r.created_by_name },
    createdAt: isoRequired(r.created_at),
    completedAt: iso(r.completed_at),
    completedBy: r.completed_by_type ? { type: r.completed_by_type as ActorType, id: r.completed_by_id, name: r.completed_by_name } : null,
    completionNote: r.completion_note,
    closedAt: iso(r.closed_at),
    closedReason: r.closed_reason,
    abilities: taskAbilities(viewer, { status: r.status, organizationId: r.organization_id }, r.case_owner_organization_id),
  };
}

export const summarizeTask = (r: { id: string; organization_id: string; title: string; due_at: Date | string | null }): OpenTaskSummary => ({ id: r.id, organizationId: r.organization_id, title: r.title, dueAt: iso(r.due_at) });
