/** Reads and writes on cases, with the query keys they use and invalidate. */
import type { Case, CaseEvent, CaseLink, CaseLinkView, Organization, Page } from "@tandem/contracts";
import { del, get, patch, post } from "../../lib/api";
import { invalidate, queryKeys } from "../../lib/queryClient";

export const CASE_STATUSES = ["open", "waiting_on_customer", "waiting_on_party", "resolved", "closed"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const CASE_KINDS = ["complaint", "request", "incident", "question"] as const;
export const CHANNELS = ["phone", "chat", "email", "sms", "web", "visit", "social"] as const;
export const SORTS = ["updated_desc", "updated_asc", "created_desc", "created_asc", "priority"] as const;

export const fetchCase = (id: string, signal?: AbortSignal) => get<Case>(`/api/v1/cases/${id}`, undefined, signal);
export const fetchEvents = (id: string, cursor: string | undefined, signal?: AbortSignal) => get<Page<CaseEvent>>(`/api/v1/cases/${id}/events`, { limit: 200, cursor }, signal);
export const fetchOrganizations = (signal?: AbortSignal) => get<Page<Organization>>("/api/v1/organizations", undefined, signal);

/** After a write on a case: refresh it, its timeline, the lists and its customer's history. */
export function caseChanged(kase: Pick<Case, "id" | "customerId">): void {
  invalidate(queryKeys.case(kase.id));
  invalidate(queryKeys.events(kase.id));
  invalidate(queryKeys.cases());
  invalidate(queryKeys.timeline(kase.customerId));
}

export const updateCase = (id: string, body: { subject?: string; priority?: string; category?: string | null; nextStep?: string | null }) => patch<Case>(`/api/v1/cases/${id}`, body);
export const resolveCase = (id: string, resolution: string, closeOpenTasks?: { reason: string }) => post<Case>(`/api/v1/cases/${id}/resolve`, { resolution, ...(closeOpenTasks ? { closeOpenTasks } : {}) });
export const reopenCase = (id: string, reason: string) => post<Case>(`/api/v1/cases/${id}/reopen`, { reason });
export const setCaseStatus = (id: string, status: string) => post<Case>(`/api/v1/cases/${id}/status`, { status });
export const assignCase = (id: string, userId: string) => post<Case>(`/api/v1/cases/${id}/assign`, { userId });
export const shareCase = (id: string, organizationId: string, access: "view" | "contribute") => post<Case>(`/api/v1/cases/${id}/parties`, { organizationId, access });
export type MessageVisibility = "public" | "parties" | "internal";
export const handoffCase = (id: string, body: { organizationId: string; userId?: string; note: string }) => post<Case>(`/api/v1/cases/${id}/handoff`, body);
export const setPartyAssignee = (id: string, organizationId: string, userId: string | null) => post<Case>(`/api/v1/cases/${id}/parties/${organizationId}/assignee`, { userId });
export const addMessage = (id: string, visibility: MessageVisibility, body: string) => post<unknown>(`/api/v1/cases/${id}/messages`, { visibility, body });
export const createCustomerLink = (id: string) => post<{ url: string; token: string; expiresAt?: string | null }>(`/api/v1/cases/${id}/customer-link`, {});
export const linkCase = (id: string, caseId: string, kind: CaseLinkView) => post<CaseLink>(`/api/v1/cases/${id}/links`, { caseId, kind });
export const unlinkCase = (id: string, linkId: string) => del(`/api/v1/cases/${id}/links/${linkId}`);
