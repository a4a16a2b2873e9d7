/** Reads and writes on the contact guard: a case's planned contacts, planning one, sending and cancelling; a customer's consents and time zone. */
import type { Customer, Outreach, Page } from "@tandem/contracts";
import { api, get, post } from "../../lib/api";
import { invalidate } from "../../lib/queryClient";

export const outreachKeys = { ofCase: (caseId: string) => ["outreach", "case", caseId] as const };

export const fetchCaseOutreach = (caseId: string, signal?: AbortSignal) => get<Page<Outreach>>("/api/v1/outreach", { caseId, limit: 200 }, signal);
export const planOutreach = (body: { caseId: string; channel: string; purpose: string; scheduledFor?: string }) => post<Outreach>("/api/v1/outreach", body);
export const markSent = (id: string, note?: string) => post<Outreach>(`/api/v1/outreach/${id}/sent`, note ? { note } : {});
export const cancelOutreach = (id: string, reason: string) => post<Outreach>(`/api/v1/outreach/${id}/cancel`, { reason });
export const recordConsent = (customerId: string, body: { channel: string; status: "opted_in" | "opted_out"; how: string }) => post<Customer>(`/api/v1/customers/${customerId}/consents`, body);
export const setCustomerTimeZone = (customerId: string, timeZone: string | null) => api<Customer>("PUT", `/api/v1/customers/${customerId}/time-zone`, { timeZone });

/** After a contact changed: the case's list and timeline. */
export function outreachChanged(caseId: string): void {
  invalidate(outreachKeys.ofCase(caseId));
  invalidate(["events", caseId]);
}
