/** Reads and writes on tasks, with the query keys they use and invalidate. */
import type { Case, Page, Task } from "@tandem/contracts";
import { get, post } from "../../lib/api";
import { invalidate } from "../../lib/queryClient";
import { caseChanged } from "../cases/api";

export const taskKeys = {
  all: () => ["tasks"] as const,
  ofCase: (caseId: string) => ["tasks", "case", caseId] as const,
  openOf: (organizationId: string) => ["tasks", "open", organizationId] as const,
};

export const fetchCaseTasks = (caseId: string, signal?: AbortSignal) => get<Page<Task>>(`/api/v1/cases/${caseId}/tasks`, undefined, signal);
export const fetchOpenTasks = (organizationId: string, signal?: AbortSignal) => get<Page<Task>>("/api/v1/tasks", { organizationId, status: "open", limit: 50 }, signal);

export const createTask = (caseId: string, body: { organizationId: string; title: string; dueAt?: string }) => post<Task>(`/api/v1/cases/${caseId}/tasks`, body);
export const completeTask = (id: string) => post<Task>(`/api/v1/tasks/${id}/complete`, {});
export const closeTask = (id: string, reason: string) => post<Task>(`/api/v1/tasks/${id}/close`, { reason });

/** After a write on a task: the case (its count, deadlines, timeline) and every task list. */
export function taskChanged(kase: Pick<Case, "id" | "customerId">): void {
  caseChanged(kase);
  invalidate(taskKeys.all());
}
