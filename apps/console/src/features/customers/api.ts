import type { Customer, Page, TimelineEntry } from "@tandem/contracts";
import { get } from "../../lib/api";

export const fetchCustomer = (id: string, signal?: AbortSignal) => get<Customer>(`/api/v1/customers/${id}`, undefined, signal);
export const fetchTimeline = (id: string, cursor: string | undefined, signal?: AbortSignal) => get<Page<TimelineEntry>>(`/api/v1/customers/${id}/timeline`, { limit: 50, cursor }, signal);
