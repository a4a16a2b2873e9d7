/** Reads and writes on remedies: the catalogue, a case's remedies and their preview, the approvals queue, a customer's ledger. */
import type { z } from "zod";
import type { casePlaybookSchema, CreateRemedyBody, GoodwillLedger, Page, Playbook, Remedy, RemedyCatalogue, RemedyDecision } from "@tandem/contracts";
import { api, get, patch, post } from "../../lib/api";
import { invalidate } from "../../lib/queryClient";

export const remedyKeys = {
  catalogue: () => ["remedies", "catalogue"] as const,
  ofCase: (caseId: string) => ["remedies", "case", caseId] as const,
  queue: () => ["remedies", "queue"] as const,
  ledger: (customerId: string) => ["remedies", "ledger", customerId] as const,
  playbooks: () => ["remedies", "playbooks"] as const,
  casePlaybook: (caseId: string) => ["remedies", "playbook", caseId] as const,
};

export type CasePlaybook = z.infer<typeof casePlaybookSchema>;
export const fetchPlaybooks = (signal?: AbortSignal) => get<Page<Playbook>>("/api/v1/playbooks", undefined, signal);
export const fetchCasePlaybook = (caseId: string, signal?: AbortSignal) => get<CasePlaybook | null>(`/api/v1/cases/${caseId}/playbook`, undefined, signal);
export const putPlaybook = (category: string, body: Omit<Playbook, "category">) => api<Playbook>("PUT", `/api/v1/playbooks/${encodeURIComponent(category)}`, body);

export const fetchCatalogue = (signal?: AbortSignal) => get<RemedyCatalogue>("/api/v1/remedy-catalogue", undefined, signal);
export const fetchCaseRemedies = (caseId: string, signal?: AbortSignal) => get<Page<Remedy>>(`/api/v1/cases/${caseId}/remedies`, undefined, signal);
export const fetchQueue = (signal?: AbortSignal) => get<Page<Remedy>>("/api/v1/remedies", { status: "pending_approval", limit: 200 }, signal);
export const fetchLedger = (customerId: string, signal?: AbortSignal) => get<GoodwillLedger>(`/api/v1/customers/${customerId}/goodwill`, { limit: 20 }, signal);

export const previewRemedy = (caseId: string, body: CreateRemedyBody) => post<RemedyDecision>(`/api/v1/cases/${caseId}/remedies/preview`, body);
export const requestRemedy = (caseId: string, body: CreateRemedyBody) => post<Remedy>(`/api/v1/cases/${caseId}/remedies`, body);
export const decideRemedy = (id: string, action: "approve" | "decline", reason: string) => post<Remedy>(`/api/v1/remedies/${id}/${action}`, { reason });
export const clearFlag = (customerId: string, reason: string) => post<unknown>(`/api/v1/customers/${customerId}/flags/serial_claimant/clear`, { reason });

type MoneyIn = { amount: string; currency: string } | null;
export const putReason = (code: string, body: { labels: { "zh-CN": string; en: string }; kinds: string[]; limit: { count: number; windowDays: number; appliesToAll: boolean; beyond: "declined" | "pending_approval" } | null; active: boolean }) =>
  api<RemedyCatalogue>("PUT", `/api/v1/remedy-catalogue/reasons/${code}`, body);
export const putAuthority = (body: { role: string; reason: string; companyFault: MoneyIn; otherFault: MoneyIn }) => api<RemedyCatalogue>("PUT", "/api/v1/remedy-catalogue/authority", body);
export const patchKind = (kind: string, unitValue: MoneyIn) => patch<RemedyCatalogue>(`/api/v1/remedy-catalogue/kinds/${kind}`, { unitValue });
export const patchSettings = (body: { goodwillCap?: MoneyIn; goodwillCapWindowDays?: number; approvalMinutes?: number }) => patch<RemedyCatalogue>("/api/v1/remedy-catalogue/settings", body);

/** After a remedy changed: its case, the queue, the customer's ledger. */
export function remediesChanged(r: Pick<Remedy, "caseId" | "customerId">): void {
  if (r.caseId) {
    invalidate(remedyKeys.ofCase(r.caseId));
    invalidate(["events", r.caseId]);
    invalidate(remedyKeys.casePlaybook(r.caseId));
  }
  invalidate(remedyKeys.queue());
  invalidate(remedyKeys.ledger(r.customerId));
  invalidate(["customer", r.customerId]);
}
