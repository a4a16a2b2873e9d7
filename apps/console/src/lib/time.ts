/**
 * The console's ONE place for time zones. The server speaks instants (ISO 8601); people read and
 * type wall-clock times on their own zone's clock (`user.timeZone`), whatever the computer's zone.
 * Mantine's date pickers hold wall-clock strings and convert nothing, so every picker goes through
 * here (see `ui/DateTimeField.tsx`); screens never do zone arithmetic of their own.
 *
 * - `Wall`: a reading of a clock, `YYYY-MM-DD HH:mm:ss` (the value format of @mantine/dates).
 * - `Day`: a calendar date, `YYYY-MM-DD` (a holiday, a due date without time): no zone at all.
 * - `HourMinute`: a time of day, `HH:mm` (weekly working hours): no zone at all.
 */

export type Wall = string;
export type Day = string;
export type HourMinute = string;

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

const clocks = new Map<string, Intl.DateTimeFormat>();
/** The formatter that reads a moment's wall clock in a zone (cached: building one is slow). */
function clockOf(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? "";
  let f = clocks.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" });
    clocks.set(key, f);
  }
  return f;
}

/** Whether the runtime knows this IANA zone name. */
export function isTimeZone(timeZone: string | null | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone to use: the user's when it is a real one, else the computer's. */
export function effectiveTimeZone(timeZone: string | null | undefined): string {
  return isTimeZone(timeZone) ? timeZone : new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

interface Reading {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function read(moment: Date, timeZone: string | undefined): Reading {
  const p: Record<string, string> = {};
  for (const x of clockOf(timeZone).formatToParts(moment)) p[x.type] = x.value;
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second) };
}

const asUtcMs = (r: Reading) => Date.UTC(r.year, r.month - 1, r.day, r.hour, r.minute, r.second);

/** Minutes the zone's clock is ahead of UTC at that moment (Shanghai +480, New York −300 or −240). */
export function offsetMinutes(moment: Date, timeZone: string | undefined): number {
  return Math.round((asUtcMs(read(moment, timeZone)) - Math.floor(moment.getTime() / 1000) * 1000) / 60_000);
}

const toDate = (moment: Date | string) => (typeof moment === "string" ? new Date(moment) : moment);

/** A moment as the zone's clock shows it: `YYYY-MM-DD HH:mm:ss`. */
export function toWall(moment: Date | string, timeZone: string | undefined): Wall {
  const r = read(toDate(moment), timeZone);
  return `${pad(r.year, 4)}-${pad(r.month)}-${pad(r.day)} ${pad(r.hour)}:${pad(r.minute)}:${pad(r.second)}`;
}

/** The calendar date of a moment on the zone's clock. */
export function dayOf(moment: Date | string, timeZone: string | undefined): Day {
  return toWall(moment, timeZone).slice(0, 10);
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Reads `YYYY-MM-DD`, `YYYY-MM-DD HH:mm[:ss]` or `YYYY-MM-DDTHH:mm[:ss]`; null for anything else or an impossible date. */
export function parseWall(value: string): Reading | null {
  const m = WALL.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return { year, month, day, hour, minute, second };
}

/** The same reading in the one shape the pickers hold (`YYYY-MM-DD HH:mm:ss`), or null. */
export function normalizeWall(value: string): Wall | null {
  const r = parseWall(value);
  return r ? `${pad(r.year, 4)}-${pad(r.month)}-${pad(r.day)} ${pad(r.hour)}:${pad(r.minute)}:${pad(r.second)}` : null;
}

/**
 * The moment a wall-clock reading means in a zone, as ISO 8601 with that zone's offset
 * (`2026-03-08T09:30:00+08:00`); null if the value is not a reading.
 *
 * Daylight saving: a reading the clock skips (02:30 on a spring-forward night) moves forward by the
 * gap (03:30, the new offset); a reading the clock shows twice (01:30 on a fall-back night) is the
 * earlier of the two — as Temporal's "compatible" disambiguation does.
 */
export function fromWall(value: string, timeZone: string | undefined): string | null {
  const r = parseWall(value);
  if (!r) return null;
  const local = asUtcMs(r);
  const before = offsetMinutes(new Date(local - 86_400_000), timeZone);
  const after = offsetMinutes(new Date(local + 86_400_000), timeZone);
  const fits = [...new Set([before, after])]
    .map((o) => local - o * 60_000)
    .filter((ms) => asUtcMs(read(new Date(ms), timeZone)) === local)
    .sort((a, b) => a - b);
  // In a gap no offset fits: the offset before the gap carries the reading past it.
  const moment = new Date(fits[0] ?? local - before * 60_000);
  const at = offsetMinutes(moment, timeZone);
  return `${toWall(moment, timeZone).replace(" ", "T")}${at < 0 ? "-" : "+"}${pad(Math.trunc(at / 60))}:${pad(at % 60)}`;
}

/** The moment a calendar day starts in a zone (midnight, or the first minute after a midnight gap). */
export function startOfDay(day: Day, timeZone: string | undefined): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? fromWall(`${day} 00:00:00`, timeZone) : null;
}

/** Whether `HH:mm` is a time of day (00:00–23:59; `24:00` allowed when `endOfDay`, for "until midnight"). */
export function isHourMinute(value: string, opts: { endOfDay?: boolean } = {}): value is HourMinute {
  if (opts.endOfDay && value === "24:00") return true;
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  return Boolean(m && Number(m[1]) <= 23 && Number(m[2]) <= 59);
}
