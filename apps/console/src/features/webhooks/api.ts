/** Webhooks: reads and writes, one server page at a time. */
import type { CreatedWebhook, CreateWebhookBody, Page, UpdateWebhookBody, Webhook, WebhookDelivery } from "@tandem/contracts";
import { get, patch, post } from "../../lib/api";

export const webhooksKey = () => ["webhooks"] as const;
export const deliveriesKey = (id: string) => ["webhooks", id, "deliveries"] as const;

export const fetchWebhookPage = (_text: string, cursor: string | undefined, signal?: AbortSignal) => get<Page<Webhook>>("/api/v1/webhooks", { limit: 50, ...(cursor ? { cursor } : {}) }, signal);
export const createWebhook = (body: CreateWebhookBody) => post<CreatedWebhook>("/api/v1/webhooks", body);
export const updateWebhook = (id: string, body: UpdateWebhookBody) => patch<Webhook>(`/api/v1/webhooks/${id}`, body);
export const fetchDeliveries = (id: string, signal?: AbortSignal) => get<Page<WebhookDelivery>>(`/api/v1/webhooks/${id}/deliveries`, { limit: 100 }, signal);
export const redeliver = (id: string, deliveryId: string) => post<WebhookDelivery>(`/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`);
