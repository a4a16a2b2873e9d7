/** SLA policies: all of them in the order they are tried (there are few), and the writes. */
import type { CreateSlaPolicyBody, Page, SlaPolicy, UpdateSlaPolicyBody } from "@tandem/contracts";
import { get, patch, post } from "../../lib/api";

export const slaPoliciesKey = () => ["sla-policies"] as const;

export const fetchPolicies = (signal?: AbortSignal) => get<Page<SlaPolicy>>("/api/v1/sla-policies", undefined, signal);
export const createPolicy = (body: CreateSlaPolicyBody) => post<SlaPolicy>("/api/v1/sla-policies", body);
export const updatePolicy = (id: string, body: UpdateSlaPolicyBody) => patch<SlaPolicy>(`/api/v1/sla-policies/${id}`, body);
