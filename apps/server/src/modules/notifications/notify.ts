/**
 * Raising notifications: one call in the command's transaction.
 *
 *   await notify(ctx, {
 *     kind: "case.assigned",
 *     subject: caseSubject(kase),                 // what it is about, and who may see it
 *     recipients: { users: [ownerId] },           // and/or supervisorsOf: orgId, admins: true
 *     dedupeKey: `case.assigned:${event.id}`,     // the event it is about: never stored twice
 *   });
 *
 * Each recipient (active users only; never the actor themself) gets one stored notification,
 * unless they already have one with this key, and only when `subject.canSee` says they may see
 * the subject: no one is told about a case they may not see. Each new notification is pushed to
 * the recipient's open consoles (the live stream's `notification.created`) after the commit.
 * Those who asked for e-mail also get it by e-mail, on the due-work service (email.ts).
 */
import type { NotificationKind, NotificationSubjectType } from "@tandem/contracts";
import { actorRef } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import { CHANGES_CHANNEL, type ChangeNote } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { findRecipients, type Recipient } from "../users/index.js";
import { presentNotification } from "./presenters.js";
import { insertNotifications, type NotificationRow } from "./repository.js";
import { scheduleEmails } from "./email.js";

export type { Recipient };

/** What a notification is about, and the subject's own rule of who may see it. */
export interface NotificationSubject {
  type: NotificationSubjectType;
  id: string;
  /** Short name (a case's number). */
  label: string | null;
  /** Longer text (a case's subject line). */
  title: string | null;
  canSee(recipient: Recipient): boolean;
}

export interface NotifyInput {
  kind: NotificationKind;
  subject: NotificationSubject;
  /** Users by id, the supervisors of an organisation (or of several), every user of an organisation (`membersOf`), the admins. */
  recipients: { users?: readonly (string | null | undefined)[]; supervisorsOf?: string | readonly string[] | null; membersOf?: string | null; admins?: boolean };
  /** Unique per recipient: the same key never makes a second notification. Name the event: `<kind>:<event id>`. */
  dedupeKey: string;
  urgent?: boolean;
  data?: Record<string, unknown>;
}

/** Stores and pushes the notification for each recipient who may see its subject; returns those stored now. */
export async function notify(ctx: Ctx, input: NotifyInput): Promise<NotificationRow[]> {
  return notifyMany(ctx, [input]);
}

/** `notify` for several at once (a batch of due work): recipients looked up once per distinct set, the notifications stored in one statement. */
export async function notifyMany(ctx: Ctx, inputs: readonly NotifyInput[]): Promise<NotificationRow[]> {
  const actor = actorRef(ctx.actor);
  const looked = new Map<string, Recipient[]>();
  const rows: Parameters<typeof insertNotifications>[1] = [];
  for (const input of inputs) {
    const to = {
      userIds: (input.recipients.users ?? []).filter((u): u is string => Boolean(u)),
      supervisorsOf: input.recipients.supervisorsOf ?? null,
      membersOf: input.recipients.membersOf ?? null,
      admins: input.recipients.admins ?? false,
    };
    const key = JSON.stringify(to);
    let everyone = looked.get(key);
    if (!everyone) looked.set(key, (everyone = await findRecipients(ctx.tx, to)));
    const told = everyone.filter((r) => !(actor.type !== "customer" && r.userId === actor.id) && input.subject.canSee(r));
    rows.push(...rowsFor(ctx, actor, input, told));
  }
  const stored = await insertNotifications(ctx.tx, rows);
  for (const row of stored) {
    const notification = presentNotification(row);
    ctx.tx.notify(CHANGES_CHANNEL, JSON.stringify({ id: row.id, type: "notification.created", aggregateType: "notification", aggregateId: row.id, audience: { userIds: [row.user_id] }, payload: { recipientUserId: row.user_id, notification } } satisfies ChangeNote));
  }
  await scheduleEmails(ctx, stored);
  return stored;
}

function rowsFor(ctx: Ctx, actor: ReturnType<typeof actorRef>, input: NotifyInput, told: readonly Recipient[]): Parameters<typeof insertNotifications>[1] {
  return told.map((r) => ({
    id: newId(ctx.now.getTime()),
    user_id: r.userId,
    kind: input.kind,
    subject_type: input.subject.type,
    subject_id: input.subject.id,
    subject_label: input.subject.label,
    subject_title: input.subject.title,
    actor: JSON.stringify(actor),
    data: JSON.stringify(input.data ?? {}),
    urgent: input.urgent ?? false,
    dedupe_key: input.dedupeKey,
    created_at: ctx.now,
  }));
}
