import type { Customer, Merge, Page, Suggestion } from "@tandem/contracts";
import { get, post } from "../../lib/api";

export const fetchSuggestions = (cursor: string | undefined, signal?: AbortSignal) => get<Page<Suggestion>>("/api/v1/identity/suggestions", { limit: 20, cursor }, signal);
export const acceptSuggestion = (id: string, survivor: "customer" | "candidate") => post<Suggestion>(`/api/v1/identity/suggestions/${id}/accept`, { survivor });
export const rejectSuggestion = (id: string) => post<Suggestion>(`/api/v1/identity/suggestions/${id}/reject`, {});
export const mergeCustomers = (id: string, otherId: string, survivor: string, reason?: string) => post<Merge>(`/api/v1/customers/${id}/merge`, { otherId, survivor, ...(reason ? { reason } : {}) });
export const unmerge = (mergeId: string) => post<Merge>(`/api/v1/merges/${mergeId}/unmerge`, {});
export const searchCustomers = (q: string, signal?: AbortSignal) => get<Page<Customer>>("/api/v1/customers", { q, limit: 10 }, signal);

export const identityKeys = {
  suggestions: () => ["identity", "suggestions"] as const,
  search: (q: string) => ["identity", "search", q] as const,
};
