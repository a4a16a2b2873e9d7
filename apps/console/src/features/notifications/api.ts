/** The signed-in user's notifications and how they want to be told. */
import type { Notification, NotificationPreferences } from "@tandem/contracts";
import { get, patch, post } from "../../lib/api";
import { invalidate, queryKeys } from "../../lib/queryClient";
import type { TFunction } from "../../i18n";
import { actorName } from "../cases/Timeline";

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

export const NOTIFICATION_PAGE = 20;

export const fetchNotifications = (cursor: string | undefined, signal?: AbortSignal) => get<NotificationPage>("/api/v1/notifications", { limit: NOTIFICATION_PAGE, cursor }, signal);
export const fetchPreferences = (signal?: AbortSignal) => get<NotificationPreferences>("/api/v1/notifications/preferences", undefined, signal);
export const savePreferences = (body: Partial<NotificationPreferences>) => patch<NotificationPreferences>("/api/v1/notifications/preferences", body);

export async function markRead(id: string): Promise<void> {
  await post<Notification>(`/api/v1/notifications/${id}/read`);
  invalidate(queryKeys.notifications());
}

export async function markAllRead(): Promise<void> {
  await post<{ read: number; unreadCount: number }>("/api/v1/notifications/read-all");
  invalidate(queryKeys.notifications());
}

/** Where a notification leads: its case, or the webhooks tab for a paused webhook. */
export const notificationHref = (n: Notification): string => (n.subject.type === "webhook" ? "/admin?tab=webhooks" : `/cases/${n.subject.id}`);

/** A notification in one line of the user's language: who did what to which case. */
export function notificationText(t: TFunction, n: Notification): string {
  const actor = actorName(t, n.actor);
  const number = n.subject.label ?? "";
  switch (n.kind) {
    case "case.assigned":
      return t("notification.assigned", { actor, number });
    case "case.handed_off":
      return t("notification.handedOff", { actor, number });
    case "case.customer_wrote":
      return n.data.followUp ? t("notification.customerWroteFollowUp", { number }) : t("notification.customerWrote", { number });
    case "case.resolved_by_party":
      return t("notification.resolvedByParty", { actor, number });
    case "case.resolved_by_customer":
      return t("notification.resolvedByCustomer", { number });
    case "case.changed_by_party":
      return t("notification.changedByParty", { actor, number });
    case "task.assigned":
      return t("notification.taskAssigned", { actor, number });
    case "task.completed":
      return t("notification.taskCompleted", { actor, number });
    case "webhook.paused":
      return t("notification.webhookPaused", { host: number });
    case "delivery.failed":
      return t("notification.deliveryFailed", { number });
    default:
      return t("notification.other", { number });
  }
}
