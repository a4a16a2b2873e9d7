import { z } from "zod";
import { isoTime, listQuery } from "./common.js";
import { actorSchema } from "./cases.js";

/**
 * What a notification tells: a case was assigned to you; a customer wrote on your resolved case
 * (it reopened, or a follow-up was opened); a party (another organisation) resolved or changed
 * your case. Later issues add kinds.
 */
export const NOTIFICATION_KINDS = ["case.assigned", "case.handed_off", "case.customer_wrote", "case.resolved_by_party", "case.resolved_by_customer", "case.changed_by_party", "sla.warned", "sla.breached", "sla.escalated", "sla.update_due", "remedy.pending_approval", "remedy.approval_overdue", "webhook.paused", "delivery.failed", "task.assigned", "task.completed"] as const;
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

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day, HH:MM");

/** One interval of a weekly schedule: `day` 1 = Monday … 7 = Sunday; a lunch break is two intervals. */
export const workingIntervalSchema = z.object({ day: z.number().int().min(1).max(7), from: clockTime, to: clockTime });
export type WorkingInterval = z.infer<typeof workingIntervalSchema>;

export const notificationPreferencesSchema = z.object({
  /** Also send notifications by e-mail (within working hours unless urgent). */
  email: z.boolean(),
  /** When e-mails may arrive, in `timeZone`; Monday to Friday 09:00–18:00 unless set. Urgent ones do not wait. */
  workingHours: z.array(workingIntervalSchema),
  /** The user's own time zone (set with PATCH /auth/me), in which the working hours are read. */
  timeZone: z.string(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;
export const updateNotificationPreferencesBody = z.strictObject({
  email: z.boolean().optional(),
  /** The weekly schedule (1–50 intervals, each `to` after its `from`); null returns to the default. */
  workingHours: z
    .array(workingIntervalSchema.strict().refine((i) => i.from < i.to, { message: "must end after it starts (to after from)", path: ["to"] }))
    .min(1)
    .max(50)
    .nullable()
    .optional(),
});
