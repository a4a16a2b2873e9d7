/**
 * Server state: one TanStack Query client for the whole console, and every query key in one place.
 * Keys are arrays; invalidating a key refetches every query under it that is on screen and marks
 * the others stale. Mutations invalidate what they changed; live changes (`live.ts`) do the same.
 */
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api";

/** Retry only what may pass on a second try: the network or the server (5xx), never a 4xx. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (error instanceof ApiError) return error.status === 0 || error.status >= 500;
  return false;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      gcTime: 5 * 60_000,
      retry: shouldRetry,
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
      refetchOnWindowFocus: true,
    },
    mutations: { retry: false },
  },
});

/** Every query key the console uses. A prefix (e.g. `queryKeys.cases()`) matches all under it. */
export const queryKeys = {
  cases: () => ["cases"] as const,
  caseList: (query: Record<string, unknown>) => ["cases", query] as const,
  case: (id: string) => ["case", id] as const,
  events: (caseId: string) => ["events", caseId] as const,
  customer: (id: string) => ["customer", id] as const,
  timeline: (customerId: string) => ["timeline", customerId] as const,
  find: () => ["find"] as const,
  findCustomers: (q: string) => ["find", "customers", q] as const,
  findCases: (q: string) => ["find", "cases", q] as const,
  orgs: () => ["orgs"] as const,
  users: () => ["users"] as const,
  tokens: () => ["tokens"] as const,
  notifications: () => ["notifications"] as const,
  notificationPreferences: () => ["notification-preferences"] as const,
  audit: (query: Record<string, unknown>) => ["audit", query] as const,
  caseSearch: (q: string) => ["case-search", q] as const,
  supervisorDashboard: () => ["dashboard", "supervisor"] as const,
};

export type AppQueryKey = readonly unknown[];

/** Refetch what is on screen under `key`, mark the rest stale. It never rejects: a failed refetch shows on its query. */
export function invalidate(key: AppQueryKey): void {
  void queryClient.invalidateQueries({ queryKey: key });
}
