import { z } from "zod";
import { id, isoDateTime, isoTime, line, listQuery, text } from "./common.js";
import { actorSchema } from "./cases.js";

/** A task's state: `open` until the organisation does it (`done`) or the case's owner closes it with a reason (`closed`). */
export const TASK_STATUSES = ["open", "done", "closed"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The actions on one task; a task lists those its caller may take now. */
export const TASK_ABILITIES = ["task.complete", "task.close"] as const;
export type TaskAbility = (typeof TASK_ABILITIES)[number];

/** Why tasks were closed when the customer said the case was solved (no one's choice: the work is moot). */
export const CLOSED_BY_CUSTOMER = "case_resolved_by_customer";

/** `POST /cases/:id/tasks`: a task for the owner's organisation or a party on the case. */
export const createTaskBody = z.strictObject({
  organizationId: id,
  title: line(300),
  /** A deadline: the task becomes a `task` milestone of the case that warns and breaches. */
  dueAt: isoDateTime.optional(),
  /** A user of that organisation; without one, every user of the organisation is told. */
  assigneeId: id.optional(),
});
export type CreateTaskBody = z.infer<typeof createTaskBody>;

export const completeTaskBody = z.strictObject({ note: text(2000).optional() });
export const closeTaskBody = z.strictObject({ reason: text(1000) });

const csvStatuses = z
  .string()
  .max(100)
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(TASK_STATUSES)).min(1).max(TASK_STATUSES.length));

/** `GET /tasks`: the tasks the caller may see (a partner: those on the cases it owns or shares in). */
export const listTasksQuery = z.strictObject({
  ...listQuery,
  organizationId: id.optional(),
  caseId: id.optional(),
  status: csvStatuses.optional(),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

export const taskSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  title: z.string(),
  status: z.enum(TASK_STATUSES),
  dueAt: isoTime.nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  createdBy: actorSchema,
  createdAt: isoTime,
  completedAt: isoTime.nullable(),
  completedBy: actorSchema.nullable(),
  completionNote: z.string().nullable(),
  closedAt: isoTime.nullable(),
  closedReason: z.string().nullable(),
  /** What the caller may do with this task now. */
  abilities: z.array(z.enum(TASK_ABILITIES)),
});
export type Task = z.infer<typeof taskSchema>;

/** An open task as the 422 `open_tasks` lists it. */
export const openTaskSummarySchema = z.object({ id: z.string(), organizationId: z.string(), title: z.string(), dueAt: isoTime.nullable() });
export type OpenTaskSummary = z.infer<typeof openTaskSummarySchema>;
