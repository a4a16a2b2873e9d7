import { z } from "zod";
import { isoTime, listQuery } from "./common.js";
import { actorSchema } from "./cases.js";

/**
 * What a notification tells: a case was assigned to you; a customer wrote on your resolved case
 * (it reopened, or a follow-up was opened); a party (another organisation) resolved or changed
 * your case. Later issues add kinds.
 */
export const NOTIFICATION_KINDS = ["case.assigned", "case.customer_wrote", "case.resolved_by_party", "case.changed_by_party", "webhook.paused"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** What a notification can be about. */
export const NOTIFICATION_SUBJECTS = ["case", "webhook"] as const;
export type NotificationSubjectType = (typeof NOTIFICATION_SUBJECTS)[number];

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** What it is about: for a case, `label` is its number and `title` its subject. */
  subject: z.object({ type: z.enum(NOTIFICATION_SUBJECTS), id: z.string(), label: z.string().nullable(), title: z.string().nullable() }),
  /** Who caused it. */
  actor: actorSchema,
  /** Facts of the kind (e.g. `{ from, to }` of a status change, `followUp` of a customer's message). */
  data: z.record(z.string(), z.unknown()),
  urgent: z.boolean(),
  readAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type Notification = z.infer<typeof notificationSchema>;

export const listNotificationsQuery = z.strictObject({ ...listQuery, unread: z.enum(["true", "false"]).optional() });

/** A page of notifications, newest first, with the caller's unread count. */
export const notificationPageSchema = z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable(), unreadCount: z.number().int() });

export const readAllResultSchema = z.object({ read: z.number().int(), unreadCount: z.number().int() });

export const notificationPreferencesSchema = z.object({
  /** Also send notifications by e-mail (within working hours unless urgent). */
  email: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;
export const updateNotificationPreferencesBody = z.strictObject({ email: z.boolean().optional() });
