import { z } from "zod";
import { isoDateTime, isoTime, line, listQuery, queryText } from "./common.js";

// Shapes only: the rules (known zone, from < to, no overlaps, a date not both holiday and working
// day, some open time) are the calendars module's `validateCalendar`, which answers them in words.
const hhmm = z.string().max(5);
const date = z.string().max(10);
const range = z.strictObject({ from: hhmm, to: hhmm });

export const openingIntervalSchema = z.strictObject({ day: z.number().int(), from: hhmm, to: hhmm });
export const makeUpDaySchema = z.strictObject({ date, hours: z.array(range).max(48).optional() });

const calendarFields = {
  name: line(100),
  timezone: z.string().max(64),
  hours: z.array(openingIntervalSchema).max(7 * 48),
  holidays: z.array(date).max(2000),
  /** Make-up working days: a date (Monday's hours) or `{ date, hours }`. */
  workingDays: z.array(z.union([date, makeUpDaySchema])).max(2000),
};

export const createCalendarBody = z.strictObject({ ...calendarFields, holidays: calendarFields.holidays.default([]), workingDays: calendarFields.workingDays.default([]) });
export type CreateCalendarBody = z.infer<typeof createCalendarBody>;

/** Each field given replaces the calendar's whole field. */
export const updateCalendarBody = z.strictObject({
  name: calendarFields.name.optional(),
  timezone: calendarFields.timezone.optional(),
  hours: calendarFields.hours.optional(),
  holidays: calendarFields.holidays.optional(),
  workingDays: calendarFields.workingDays.optional(),
});
export type UpdateCalendarBody = z.infer<typeof updateCalendarBody>;

export const CALENDAR_ABILITIES = ["calendar.update"] as const;
export type CalendarAbility = (typeof CALENDAR_ABILITIES)[number];

export const calendarSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  hours: z.array(z.object({ day: z.number(), from: z.string(), to: z.string() })),
  holidays: z.array(z.string()),
  workingDays: z.array(z.object({ date: z.string(), hours: z.array(z.object({ from: z.string(), to: z.string() })).optional() })),
  createdAt: isoTime,
  updatedAt: isoTime,
  abilities: z.array(z.enum(CALENDAR_ABILITIES)),
});
export type Calendar = z.infer<typeof calendarSchema>;

/** Calendars by name; `q` matches any part of the name. */
export const listCalendarsQuery = z.strictObject({ ...listQuery, q: queryText(100).optional() });
export type ListCalendarsQuery = z.infer<typeof listCalendarsQuery>;

/** "A case opened at `from` with `duration` would be due at …" */
export const calendarPreviewQuery = z.strictObject({
  from: isoDateTime,
  duration: z.string().min(1, "must be an ISO 8601 duration such as PT8H").max(40),
});
export const calendarPreviewSchema = z.object({ dueAt: isoTime });
export type CalendarPreview = z.infer<typeof calendarPreviewSchema>;
