/** Deliveries of a case's public messages to the customer, and sending one again. */
import type { Delivery, Page } from "@tandem/contracts";
import { get, post } from "../../lib/api";
import { queryKeys } from "../../lib/queryClient";

/** Under the case's events key: every live change to the case (a delivery's too) refreshes it. */
export const deliveriesKey = (caseId: string) => [...queryKeys.events(caseId), "deliveries"] as const;

export const fetchDeliveries = (caseId: string, signal?: AbortSignal) => get<Page<Delivery>>(`/api/v1/cases/${caseId}/deliveries`, { limit: 200 }, signal);
export const retryDelivery = (id: string) => post<Delivery>(`/api/v1/deliveries/${id}/retry`, {});
