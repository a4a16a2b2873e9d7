/**
 * Notification e-mails (issue 9): each new notification of a user who asked for e-mail is sent to
 * them once, as due work — at once when urgent, otherwise at the next moment within their working
 * hours (their weekly schedule, in their own time zone). What is checked again when it is due: the
 * user still wants e-mail and is active, has not read it in the console meanwhile, and is within
 * working hours (a schedule changed meanwhile moves it). A row in notification_emails, written in
 * the transaction that sends, makes it exactly once.
 */
import type { Ctx } from "../../platform/context.js";
import { schedule, type DueWorkHandlers } from "../../platform/due/index.js";
import type { Env } from "../../platform/env.js";
import { createMailTransport, SendError, type MailTransport } from "../../platform/mail/index.js";
import type { WorkingInterval } from "@tandem/contracts";
import { notificationEmail } from "./domain/email-texts.js";
import { DEFAULT_WORKING_HOURS, knownTimeZone, nextWorkingTime } from "./domain/working-hours.js";
import { emailed, emailRecipients, findNotification, recordEmail, type NotificationRow } from "./repository.js";

/** The due-work kind that e-mails one notification (keyed by the notification's id). */
export const EMAIL_NOTIFICATION = "notification.email";

/** A mail server that refuses for now: six attempts over about half an hour, then parked with the due work for admins. */
const EMAIL_BACKOFF = { maxAttempts: 6, baseMs: 30_000, maxMs: 3_600_000 };

type Recipient = Awaited<ReturnType<typeof emailRecipients>>[number];

function hoursOf(stored: unknown): readonly WorkingInterval[] {
  return Array.isArray(stored) ? (stored as WorkingInterval[]) : DEFAULT_WORKING_HOURS;
}

function sendAt(row: Pick<NotificationRow, "urgent">, user: Recipient, now: Date): Date {
  if (row.urgent) return now;
  return nextWorkingTime(hoursOf(user.working_hours), knownTimeZone(user.time_zone) ? user.time_zone : "Asia/Shanghai", now);
}

/** In `notify`'s transaction: schedules the e-mail of each notification just stored whose recipient wants e-mail. */
export async function scheduleEmails(ctx: Ctx, stored: readonly NotificationRow[]): Promise<void> {
  if (stored.length === 0) return;
  const wanting = new Map((await emailRecipients(ctx.tx, stored.map((r) => r.user_id))).map((u) => [u.id, u]));
  for (const row of stored) {
    const user = wanting.get(row.user_id);
    if (user) await schedule(ctx, { kind: EMAIL_NOTIFICATION, key: row.id, dueAt: sendAt(row, user, ctx.now), payload: { notificationId: row.id } });
  }
}

/** Sends one notification's e-mail, if it is still wanted and now is the time. */
export async function emailNotification(ctx: Ctx, notificationId: string, services: { mail: MailTransport; publicUrl: string }): Promise<void> {
  if (await emailed(ctx.tx, notificationId)) return;
  const row = await findNotification(ctx.tx, notificationId);
  const [user] = await emailRecipients(ctx.tx, row ? [row.user_id] : []);
  // Turned off or deactivated meanwhile, or already read in the console: nothing to send.
  if (!row || !user?.active || row.read_at) return;
  const at = sendAt(row, user, ctx.now);
  if (at.getTime() > ctx.now.getTime()) {
    await schedule(ctx, { kind: EMAIL_NOTIFICATION, key: row.id, dueAt: at, payload: { notificationId: row.id } });
    return;
  }
  const actor = row.actor as { name?: string | null };
  const path = row.subject_type === "case" ? `/cases/${row.subject_id}` : "/";
  const mail = notificationEmail({ locale: user.locale, kind: row.kind, urgent: row.urgent, label: row.subject_label, title: row.subject_title, actorName: actor.name ?? null, url: `${services.publicUrl}${path}` });
  try {
    const outcome = await services.mail.send({ to: user.email, ...mail, messageId: `notification-${row.id}`, automatic: true, locale: user.locale }, ctx.log);
    await recordEmail(ctx.tx, { notification_id: row.id, user_id: user.id, status: outcome.delivery, address: user.email, transport_message_id: outcome.messageId, at: ctx.now });
  } catch (error) {
    // Refused for good (a 5xx): recorded, not retried. Anything else throws: the scheduler retries it with back-off.
    if (!(error instanceof SendError && error.permanent)) throw error;
    await recordEmail(ctx.tx, { notification_id: row.id, user_id: user.id, status: "failed", address: user.email, last_error: error.message, at: ctx.now });
    ctx.log.warn({ notificationId: row.id, userId: user.id, error: error.message }, "notification e-mail refused for good");
  }
}

/** Registers the sending of notification e-mails with the scheduler. */
export function addNotificationEmailHandlers(handlers: DueWorkHandlers, env: Env, overrides: { mail?: MailTransport } = {}): void {
  const services = { mail: overrides.mail ?? createMailTransport(env.mail), publicUrl: env.publicUrl };
  handlers.add(EMAIL_NOTIFICATION, (ctx, work) => emailNotification(ctx, work.payload.notificationId as string, services), { backoff: EMAIL_BACKOFF, alone: true });
}
