/**
 * A user's working hours for notification e-mails, as pure functions: a weekly schedule of
 * intervals (`day` 1 = Monday … 7 = Sunday; a lunch break is two intervals) read in the user's
 * own time zone, across DST changes (Temporal).
 */
import { Temporal } from "temporal-polyfill";

export interface WorkingInterval {
  day: number;
  /** "HH:MM", in the user's time zone; `to` is after `from`. */
  from: string;
  to: string;
}

/** Monday to Friday, 09:00–18:00: the schedule of a user who has not set one. */
export const DEFAULT_WORKING_HOURS: readonly WorkingInterval[] = [1, 2, 3, 4, 5].map((day) => ({ day, from: "09:00", to: "18:00" }));

function at(date: Temporal.PlainDate, time: string, timeZone: string): Temporal.ZonedDateTime {
  // A time skipped by a DST change moves forward ("compatible"), as a wall clock does.
  return date.toPlainDateTime(Temporal.PlainTime.from(time)).toZonedDateTime(timeZone, { disambiguation: "compatible" });
}

/**
 * When an e-mail about a notification raised at `now` may go: `now` itself within working
 * hours, else the start of the next working interval. An empty schedule never holds mail back.
 */
export function nextWorkingTime(hours: readonly WorkingInterval[], timeZone: string, now: Date): Date {
  if (hours.length === 0) return now;
  const instant = Temporal.Instant.fromEpochMilliseconds(now.getTime());
  const today = instant.toZonedDateTimeISO(timeZone).toPlainDate();
  // A week and a day covers every weekday once after today.
  for (let offset = 0; offset <= 7; offset++) {
    const date = today.add({ days: offset });
    const intervals = hours.filter((h) => h.day === date.dayOfWeek).sort((a, b) => a.from.localeCompare(b.from));
    for (const interval of intervals) {
      const start = at(date, interval.from, timeZone).toInstant();
      const end = at(date, interval.to, timeZone).toInstant();
      if (Temporal.Instant.compare(instant, end) >= 0) continue;
      return Temporal.Instant.compare(instant, start) >= 0 ? now : new Date(start.epochMilliseconds);
    }
  }
  return now;
}

/** Whether a time zone is one Temporal knows (an IANA name such as Asia/Shanghai). */
export function knownTimeZone(timeZone: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(timeZone);
    return true;
  } catch {
    return false;
  }
}
