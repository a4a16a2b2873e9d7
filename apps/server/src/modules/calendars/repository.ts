import { sql, type Selectable } from "kysely";
import type { ListCalendarsQuery } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import type { CalendarsTable } from "../../platform/db-types.js";
import { escapeLike, k } from "../../platform/kysely.js";
import { decodeCursor, page } from "../../platform/pagination.js";
import type { BusinessCalendar, CalendarValue } from "./domain/business-time.js";

export type CalendarRow = Selectable<CalendarsTable>;

const columns = (v: CalendarValue) => ({ name: v.name, timezone: v.timezone, hours: JSON.stringify(v.hours), holidays: JSON.stringify(v.holidays), working_days: JSON.stringify(v.workingDays) });

export async function insertCalendar(tx: Queryable, id: string, v: CalendarValue, now: Date): Promise<CalendarRow> {
  return k(tx).insertInto("calendars").values({ id, ...columns(v), created_at: now, updated_at: now }).returningAll().executeTakeFirstOrThrow();
}

export async function updateCalendar(tx: Queryable, id: string, v: CalendarValue, now: Date): Promise<CalendarRow> {
  return k(tx).updateTable("calendars").set({ ...columns(v), updated_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export async function findCalendarRow(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<CalendarRow | null> {
  let q = k(db).selectFrom("calendars").selectAll().where("id", "=", id);
  if (opts.forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

/** The calendar of this name, ignoring case (names are unique that way). */
export async function findCalendarByName(db: Queryable, name: string): Promise<CalendarRow | null> {
  return (await k(db).selectFrom("calendars").selectAll().where(sql<string>`lower(name)`, "=", name.toLowerCase()).executeTakeFirst()) ?? null;
}

/** Serialises naming calendars one name, until the transaction ends. */
export async function lockCalendarName(tx: Queryable, name: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`calendar-name:${name.toLowerCase()}`}))`.execute(k(tx));
}

/** A page of calendars by name. */
export async function listCalendars(db: Queryable, q: ListCalendarsQuery) {
  const after = decodeCursor(q.cursor, ["text", "uuid"]);
  let query = k(db).selectFrom("calendars").selectAll().orderBy("name").orderBy("id").limit(q.limit + 1);
  if (q.q) query = query.where("name", "ilike", `%${escapeLike(q.q)}%`);
  if (after) query = query.where((eb) => eb(eb.refTuple("name", "id"), ">", eb.tuple(String(after[0]), String(after[1]))));
  return page(await query.execute(), q.limit, (r) => [r.name, r.id]);
}

/** A row as the business-time functions take it. */
export const toBusinessCalendar = (r: CalendarRow): BusinessCalendar => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  hours: r.hours as unknown as BusinessCalendar["hours"],
  holidays: r.holidays as unknown as string[],
  workingDays: r.working_days as unknown as BusinessCalendar["workingDays"],
});

/** The calendar to count business time with, or null when there is none of this id. */
export async function findCalendar(db: Queryable, id: string): Promise<BusinessCalendar | null> {
  const row = await findCalendarRow(db, id);
  return row ? toBusinessCalendar(row) : null;
}
