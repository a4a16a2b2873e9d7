import type { Insertable, Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { WorkingInterval } from "@tandem/contracts";
import type { NotificationEmailsTable, NotificationPreferencesTable, NotificationsTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { decodeCursor, isoRequired, page } from "../../platform/pagination.js";

export type NotificationRow = Selectable<NotificationsTable>;

/** Stores the notifications not stored before (by user and de-duplication key); returns those it stored. */
export async function insertNotifications(tx: Queryable, rows: Insertable<NotificationsTable>[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  return k(tx)
    .insertInto("notifications")
    .values(rows)
    .onConflict((oc) => oc.columns(["user_id", "dedupe_key"]).doNothing())
    .returningAll()
    .execute();
}

/** A user's notifications, newest first, keyset-paged by (created_at, id). */
export async function listNotifications(db: Queryable, userId: string, q: { limit: number; cursor?: string; unread?: "true" | "false" }) {
  const after = decodeCursor(q.cursor, ["time", "uuid"]);
  let query = k(db).selectFrom("notifications").selectAll().where("user_id", "=", userId);
  if (q.unread === "true") query = query.where("read_at", "is", null);
  if (q.unread === "false") query = query.where("read_at", "is not", null);
  if (after) query = query.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(eb.cast<Date>(eb.val(after[0]), "timestamptz"), eb.cast<string>(eb.val(after[1]), "uuid"))));
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(q.limit + 1).execute();
  return page(rows, q.limit, (r) => [isoRequired(r.created_at), r.id]);
}

export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const row = await k(db)
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read; reading it again keeps the first time. */
export async function markRead(tx: Queryable, userId: string, id: string, now: Date): Promise<NotificationRow | null> {
  const row = await k(tx)
    .updateTable("notifications")
    .set((eb) => ({ read_at: eb.fn.coalesce("read_at", eb.val(now)) }))
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllRead(tx: Queryable, userId: string, now: Date): Promise<number> {
  const rows = await k(tx).updateTable("notifications").set({ read_at: now }).where("user_id", "=", userId).where("read_at", "is", null).returning("id").execute();
  return rows.length;
}

export type PreferencesRow = Selectable<NotificationPreferencesTable>;

export async function findPreferences(db: Queryable, userId: string): Promise<PreferencesRow | null> {
  return (await k(db).selectFrom("notification_preferences").selectAll().where("user_id", "=", userId).executeTakeFirst()) ?? null;
}

export async function savePreferences(tx: Queryable, userId: string, patch: { email?: boolean | undefined; workingHours?: WorkingInterval[] | null | undefined }, now: Date): Promise<PreferencesRow> {
  const hours = patch.workingHours ? JSON.stringify(patch.workingHours) : null;
  return k(tx)
    .insertInto("notification_preferences")
    .values({ user_id: userId, email: patch.email ?? false, working_hours: hours, updated_at: now })
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet((eb) => ({
        email: patch.email ?? eb.ref("notification_preferences.email"),
        working_hours: patch.workingHours === undefined ? eb.ref("notification_preferences.working_hours") : hours,
        updated_at: now,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The users among these who asked for notification e-mails, with their schedule, address, language and time zone. */
export async function emailRecipients(db: Queryable, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return k(db)
    .selectFrom("notification_preferences as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["u.id", "u.email", "u.name", "u.locale", "u.time_zone", "u.active", "p.working_hours"])
    .where("p.user_id", "in", [...userIds])
    .where("p.email", "=", true)
    .execute();
}

export async function findNotification(db: Queryable, id: string): Promise<NotificationRow | null> {
  return (await k(db).selectFrom("notifications").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

/** Whether this notification was e-mailed already (or its sending settled for good). */
export async function emailed(db: Queryable, notificationId: string): Promise<boolean> {
  return (await k(db).selectFrom("notification_emails").select("notification_id").where("notification_id", "=", notificationId).executeTakeFirst()) !== undefined;
}

export async function recordEmail(tx: Queryable, row: Insertable<NotificationEmailsTable>): Promise<void> {
  await k(tx).insertInto("notification_emails").values(row).execute();
}
