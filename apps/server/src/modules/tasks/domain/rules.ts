/**
 * Who may give, do and close a task, and what open tasks do to resolving a case — pure functions
 * of the actor, the case's facts and the task, so that every refusal is tested without a database.
 *
 * - The case's **owner desk** (a user — staff or partner — of the organisation that owns the case,
 *   or an admin) gives tasks to its own organisation or to any party on the case, and closes
 *   them with a reason.
 * - A **party** with contribute access may record a task for its own organisation only (a
 *   partner desk's own to-do, e.g. a repair visit): it is then work the owner sees.
 * - A task is done by a user of its organisation or by the owner desk.
 * - Resolving a case while a task is open is refused (`open_tasks`, the tasks in `details`) unless
 *   the owner desk passes `closeOpenTasks: { reason }`, which closes them in the same step. The
 *   customer saying it is solved (their link, or `resolvedBy: "customer"` recorded by anyone) is
 *   never refused: the open tasks are closed with reason `case_resolved_by_customer`.
 */
import { CLOSED_BY_CUSTOMER, type CaseStatus, type OpenTaskSummary, type TaskAbility, type TaskError, type TaskStatus } from "@tandem/contracts";
import type { Actor } from "../../../platform/actor.js";

export interface Refusal {
  status: 403 | 409 | 422;
  code: TaskError | "not_a_party" | "forbidden" | "invalid_transition";
  message: string;
  details?: unknown[];
}
export type Verdict = { ok: true } | { ok: false; refusal: Refusal };

const OK: Verdict = { ok: true };
const refuse = (status: Refusal["status"], code: Refusal["code"], message: string, details?: unknown[]): Verdict => ({ ok: false, refusal: { status, code, message, ...(details ? { details } : {}) } });

/** What the rules need to know about a case. */
export interface TaskCaseFacts {
  status: CaseStatus;
  ownerOrganizationId: string;
  partyOrganizationIds: readonly string[];
}

/** What the rules need to know about a task. */
export interface TaskFacts {
  status: TaskStatus;
  organizationId: string;
}

const organizationOf = (actor: Actor): string | null => (actor.type === "user" || actor.type === "partner" ? actor.organizationId : null);

/** A user of the organisation that owns the case, or an admin. */
export function isOwnerDesk(actor: Actor, ownerOrganizationId: string): boolean {
  if (actor.type === "user" && actor.role === "admin") return true;
  return organizationOf(actor) === ownerOrganizationId;
}

/** May the actor give the organisation a task on this case now? */
export function mayCreateTask(actor: Actor, kase: TaskCaseFacts, organizationId: string): Verdict {
  if (kase.status === "resolved" || kase.status === "closed") return refuse(409, "invalid_transition", `The case is ${kase.status}: there is no work left to give on it.`, [{ from: kase.status, action: "task" }]);
  if (organizationId !== kase.ownerOrganizationId && !kase.partyOrganizationIds.includes(organizationId)) {
    return refuse(422, "not_a_party", "A task goes to the organisation that owns the case or to a party on it; share the case with that organisation first.", [{ path: "body.organizationId", message: "not the owner or a party of the case" }]);
  }
  if (!isOwnerDesk(actor, kase.ownerOrganizationId) && organizationOf(actor) !== organizationId) {
    return refuse(403, "forbidden", "A party records tasks for its own organisation only; the case's owner gives tasks to others.");
  }
  return OK;
}

const notOpen = (task: TaskFacts): Verdict => refuse(409, "task_not_open", `The task is ${task.status}.`, [{ status: task.status }]);

/** May the actor mark the task done? Its organisation's users and the owner desk may. */
export function mayCompleteTask(actor: Actor, task: TaskFacts, ownerOrganizationId: string): Verdict {
  if (organizationOf(actor) !== task.organizationId && !isOwnerDesk(actor, ownerOrganizationId)) return refuse(403, "forbidden", "Only the organisation the task was given to, or the case's owner, marks it done.");
  if (task.status !== "open") return notOpen(task);
  return OK;
}

/** May the actor close the task without it being done? Only the owner desk. */
export function mayCloseTask(actor: Actor, task: TaskFacts, ownerOrganizationId: string): Verdict {
  if (!isOwnerDesk(actor, ownerOrganizationId)) return refuse(403, "forbidden", "Only the case's owner closes a task without it being done.");
  if (task.status !== "open") return notOpen(task);
  return OK;
}

/** The actions on a task the actor may take now (the console draws its buttons from them). */
export function taskAbilities(actor: Actor, task: TaskFacts, ownerOrganizationId: string): TaskAbility[] {
  const out: TaskAbility[] = [];
  if (mayCompleteTask(actor, task, ownerOrganizationId).ok) out.push("task.complete");
  if (mayCloseTask(actor, task, ownerOrganizationId).ok) out.push("task.close");
  return out;
}

export interface ResolveFacts {
  actor: Actor;
  resolvedBy: string | null;
  ownerOrganizationId: string;
  openTasks: readonly OpenTaskSummary[];
  closeOpenTasks?: { reason: string } | undefined;
}

/** What resolving the case does to its open tasks: nothing, close them with a reason, or a refusal. */
export type ResolveVerdict = { ok: true; closeWith: string | null } | { ok: false; refusal: Refusal };

export function tasksOnResolve(f: ResolveFacts): ResolveVerdict {
  if (f.openTasks.length === 0) return { ok: true, closeWith: null };
  if (f.actor.type === "customer" || f.resolvedBy === "customer") return { ok: true, closeWith: CLOSED_BY_CUSTOMER };
  const listed = f.openTasks.map((t) => ({ ...t }));
  if (!f.closeOpenTasks) {
    return { ok: false, refusal: { status: 422, code: "open_tasks", message: `${f.openTasks.length} task(s) on the case are still open: have them done, or close them with a reason (closeOpenTasks).`, details: listed } };
  }
  if (!isOwnerDesk(f.actor, f.ownerOrganizationId)) {
    return { ok: false, refusal: { status: 422, code: "open_tasks", message: "Tasks on the case are still open, and only the case's owner may close them.", details: listed } };
  }
  return { ok: true, closeWith: f.closeOpenTasks.reason };
}
