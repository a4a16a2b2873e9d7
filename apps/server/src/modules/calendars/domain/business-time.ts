/**
 * Business time as pure functions: when a calendar is open, how much open time lies between two
 * instants, and what an ISO duration added to a start means in a calendar's working time.
 *
 * A calendar has an IANA time zone, opening intervals per weekday (day 1 = Monday … 7 = Sunday;
 * a lunch break is two intervals, a night shift is "22:00–24:00" and "00:00–06:00"), holidays
 * (closed all day) and make-up working days (open, with Monday's hours unless they carry their own).
 * All wall-clock arithmetic happens in the calendar's zone with Temporal, so DST is handled by the
 * zone rules: an interval is as long as the clock says it really was that day.
 *
 * `null` as the calendar means around the clock: P1D is 24 hours, every instant is open.
 */
import { Temporal } from "temporal-polyfill";

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export interface OpeningInterval { day: Weekday; from: string; to: string }
export interface MakeUpDay { date: string; hours?: { from: string; to: string }[] }
export interface BusinessCalendar { id: string; name: string; timezone: string; hours: OpeningInterval[]; holidays: string[]; workingDays: MakeUpDay[] }

/** How far a search may look ahead before it gives up (a deadline beyond this is an error, not a spin). */
export const MAX_SEARCH_DAYS = 366 * 30;
export const MAX_DATES = 2000;

export class BusinessTimeError extends Error {}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// ---------------------------------------------------------------------------------------------
// Open periods: the calendar unrolled into [start, end) instants, day by day

interface Period { start: number; end: number }

/** Minutes after midnight of "HH:MM" (24:00 = 1440). */
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

interface Compiled {
  zone: string;
  weekly: Map<number, [number, number][]>;
  holidays: Set<string>;
  makeUp: Map<string, [number, number][]>;
  /** Each local date's open periods once computed (the zone rules do not change within a run). */
  days: Map<string, Period[]>;
}

const compiledCache = new WeakMap<BusinessCalendar, Compiled>();

function sortedRanges(list: { from: string; to: string }[]): [number, number][] {
  return list.map((h): [number, number] => [minutesOf(h.from), minutesOf(h.to)]).sort((a, b) => a[0] - b[0]);
}

function compile(cal: BusinessCalendar): Compiled {
  const cached = compiledCache.get(cal);
  if (cached) return cached;
  const weekly = new Map<number, [number, number][]>();
  for (let d = 1; d <= 7; d++) weekly.set(d, sortedRanges(cal.hours.filter((h) => h.day === d)));
  const makeUp = new Map<string, [number, number][]>();
  for (const w of cal.workingDays) makeUp.set(w.date, w.hours ? sortedRanges(w.hours) : weekly.get(1)!);
  const compiled = { zone: cal.timezone, weekly, holidays: new Set(cal.holidays), makeUp, days: new Map<string, Period[]>() };
  compiledCache.set(cal, compiled);
  return compiled;
}

/** The opening ranges (minutes after midnight) of one local date. */
function rangesOn(c: Compiled, date: Temporal.PlainDate): [number, number][] {
  const key = date.toString();
  const makeUp = c.makeUp.get(key);
  if (makeUp) return makeUp;
  if (c.holidays.has(key)) return [];
  return c.weekly.get(date.dayOfWeek)!;
}

/** The instant of a local wall-clock minute on a date (24:00 = the next day's start; a time in a DST gap moves forward). */
function instantAt(c: Compiled, date: Temporal.PlainDate, minutes: number): number {
  if (minutes >= 1440) return date.add({ days: 1 }).toZonedDateTime({ timeZone: c.zone }).epochMilliseconds;
  const time = new Temporal.PlainTime(Math.floor(minutes / 60), minutes % 60);
  return date.toZonedDateTime({ timeZone: c.zone, plainTime: time }).epochMilliseconds;
}

function periodsOn(c: Compiled, date: Temporal.PlainDate): Period[] {
  const key = date.toString();
  const cached = c.days.get(key);
  if (cached) return cached;
  const out: Period[] = [];
  for (const [from, to] of rangesOn(c, date)) {
    const start = instantAt(c, date, from);
    const end = instantAt(c, date, to);
    if (end > start) out.push({ start, end });
  }
  if (c.days.size >= 4096) c.days.clear();
  c.days.set(key, out);
  return out;
}

const localDate = (c: Compiled, at: number): Temporal.PlainDate =>
  Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(c.zone).toPlainDate();

/** Open periods that end after `from`, in order, looking at most MAX_SEARCH_DAYS ahead. */
function* periodsFrom(c: Compiled, from: number): Generator<Period> {
  // Start a day early: an interval of yesterday never reaches into today, but a DST day may be odd.
  let date = localDate(c, from).subtract({ days: 1 });
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++, date = date.add({ days: 1 })) {
    for (const p of periodsOn(c, date)) if (p.end > from) yield p;
  }
  throw new BusinessTimeError(`No answer within ${Math.round(MAX_SEARCH_DAYS / 366)} years of ${new Date(from).toISOString()}: the calendar is open too rarely for this duration.`);
}

// ---------------------------------------------------------------------------------------------
// The public functions

export function isOpenAt(cal: BusinessCalendar | null, at: Date): boolean {
  if (!cal) return true;
  const t = at.getTime();
  for (const p of periodsFrom(compile(cal), t)) return p.start <= t;
  return false;
}

/** The first open instant at or after `at` (`at` itself when open). */
export function nextOpening(cal: BusinessCalendar | null, at: Date): Date {
  if (!cal) return at;
  const t = at.getTime();
  for (const p of periodsFrom(compile(cal), t)) return new Date(Math.max(p.start, t));
  throw new BusinessTimeError("unreachable");
}

/** `start` plus `ms` of open time; a start outside opening hours starts counting at the next opening. */
export function addOpenTime(cal: BusinessCalendar | null, start: Date, ms: number): Date {
  if (ms < 0) throw new BusinessTimeError("Open time to add cannot be negative.");
  if (!cal) return new Date(start.getTime() + ms);
  let left = ms;
  const t = start.getTime();
  for (const p of periodsFrom(compile(cal), t)) {
    const from = Math.max(p.start, t);
    if (left <= p.end - from) return new Date(from + left);
    left -= p.end - from;
  }
  throw new BusinessTimeError("unreachable");
}

/** Milliseconds of open time in [from, to) (0 when `to` is not after `from`). */
export function openTimeBetween(cal: BusinessCalendar | null, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!cal) return b - a;
  let total = 0;
  for (const p of periodsFrom(compile(cal), a)) {
    if (p.start >= b) break;
    total += Math.min(p.end, b) - Math.max(p.start, a);
  }
  return total;
}

/** A duration as { days, ms }: weeks count as 7 days; years and months are refused (their length is not fixed). */
export function parseBusinessDuration(iso: string): { days: number; ms: number } {
  let d: Temporal.Duration;
  try {
    d = Temporal.Duration.from(iso);
  } catch {
    throw new BusinessTimeError(`"${iso}" is not an ISO 8601 duration (e.g. PT8H, P2D, P1DT4H, PT6S).`);
  }
  if (d.sign < 0) throw new BusinessTimeError(`"${iso}" is negative; a deadline lies ahead.`);
  if (d.years || d.months) throw new BusinessTimeError(`"${iso}" uses years or months; give days, hours, minutes or seconds.`);
  const ms = d.hours * HOUR + d.minutes * MINUTE + d.seconds * 1000 + d.milliseconds + d.microseconds / 1000 + d.nanoseconds / 1e6;
  return { days: d.weeks * 7 + d.days, ms: Math.floor(ms) };
}

/**
 * `start` plus an ISO duration in the calendar's time. Around the clock (`null`) a day is 24 hours.
 * With a calendar the days part counts WORKING days — the same open moment (the same amount of
 * the day's open time gone by) N working days later, carrying into the next opening when that day
 * is shorter — and the time part counts open time.
 */
export function addBusinessDuration(cal: BusinessCalendar | null, start: Date, isoDuration: string): Date {
  const { days, ms } = parseBusinessDuration(isoDuration);
  return addBusinessDays(cal, start, days, ms);
}

/** `start` plus `days` working days (the same open moment that many working days later), then `ms` of open time (see addBusinessDuration). */
export function addBusinessDays(cal: BusinessCalendar | null, start: Date, days: number, ms: number): Date {
  if (!cal) return new Date(start.getTime() + days * 24 * HOUR + ms);
  let at = nextOpening(cal, start);
  if (days > 0) at = addWorkingDays(cal, at, days);
  return addOpenTime(cal, at, ms);
}

function addWorkingDays(cal: BusinessCalendar, openAt: Date, days: number): Date {
  const c = compile(cal);
  const date = localDate(c, openAt.getTime());
  const dayStart = (d: Temporal.PlainDate): Date => new Date(d.toZonedDateTime({ timeZone: c.zone }).epochMilliseconds);
  const offset = openTimeBetween(cal, dayStart(date), openAt);
  let d = date;
  let counted = 0;
  for (let i = 0; counted < days; i++) {
    if (i > MAX_SEARCH_DAYS) throw new BusinessTimeError(`No ${days} working days within ${Math.round(MAX_SEARCH_DAYS / 366)} years: the calendar is open too rarely.`);
    d = d.add({ days: 1 });
    if (periodsOn(c, d).length > 0) counted++;
  }
  return addOpenTime(cal, dayStart(d), offset);
}

// ---------------------------------------------------------------------------------------------
// Validation

export interface CalendarInput {
  name?: unknown;
  timezone?: unknown;
  hours?: unknown;
  holidays?: unknown;
  workingDays?: unknown;
}
export type CalendarValue = Omit<BusinessCalendar, "id">;
export interface Problem { path: string; message: string }
export type Validation = { ok: true; value: CalendarValue } | { ok: false; problems: Problem[] };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isKnownTimeZone(zone: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

function isIsoDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  try {
    Temporal.PlainDate.from(s, { overflow: "reject" });
    return true;
  } catch {
    return false;
  }
}

/** Checks one day's intervals: times, from < to, no overlaps. Returns the problems found. */
function checkIntervals(list: { from: unknown; to: unknown }[], path: (i: number) => string, what: string): Problem[] {
  const problems: Problem[] = [];
  const good: { i: number; from: number; to: number }[] = [];
  list.forEach((h, i) => {
    const from = typeof h.from === "string" && TIME.test(h.from) ? h.from : null;
    const to = typeof h.to === "string" && (TIME.test(h.to) || h.to === "24:00") ? h.to : null;
    if (!from) problems.push({ path: `${path(i)}.from`, message: `"from" must be a time HH:MM between 00:00 and 23:59 (got ${JSON.stringify(h.from)}).` });
    if (!to) problems.push({ path: `${path(i)}.to`, message: `"to" must be a time HH:MM between 00:01 and 24:00 (got ${JSON.stringify(h.to)}).` });
    if (!from || !to) return;
    if (minutesOf(from) >= minutesOf(to)) {
      problems.push({ path: path(i), message: `${what}: ${from}–${to} ends before it starts; a shift past midnight is two intervals (…–24:00 and 00:00–…).` });
      return;
    }
    good.push({ i, from: minutesOf(from), to: minutesOf(to) });
  });
  good.sort((a, b) => a.from - b.from);
  for (let k = 1; k < good.length; k++) {
    const prev = good[k - 1]!;
    const cur = good[k]!;
    if (cur.from < prev.to) problems.push({ path: path(cur.i), message: `${what}: the intervals ${fmt(prev)} and ${fmt(cur)} overlap.` });
  }
  return problems;
}

const fmt = (r: { from: number; to: number }): string => `${hhmm(r.from)}–${hhmm(r.to)}`;
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const DAY_NAMES = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function checkName(v: unknown): Problem[] {
  if (typeof v !== "string" || v.trim() === "") return [{ path: "name", message: "A calendar needs a name." }];
  if (v.trim().length > 100) return [{ path: "name", message: "The name is longer than 100 characters." }];
  return [];
}

function checkTimezone(v: unknown): Problem[] {
  if (typeof v !== "string" || !isKnownTimeZone(v)) return [{ path: "timezone", message: `${JSON.stringify(v)} is not a known IANA time zone (e.g. Asia/Shanghai, Europe/Berlin).` }];
  return [];
}

function checkHours(v: unknown): { problems: Problem[]; hours: OpeningInterval[] } {
  if (!Array.isArray(v)) return { problems: [{ path: "hours", message: "hours must be a list of { day, from, to }." }], hours: [] };
  const problems: Problem[] = [];
  const hours: OpeningInterval[] = [];
  v.forEach((h: unknown, i) => {
    if (!isObject(h)) return problems.push({ path: `hours[${i}]`, message: "Each opening interval is { day, from, to }." });
    if (!Number.isInteger(h.day) || (h.day as number) < 1 || (h.day as number) > 7) problems.push({ path: `hours[${i}].day`, message: `day must be 1 (Monday) to 7 (Sunday) (got ${JSON.stringify(h.day)}).` });
    else hours.push({ day: h.day as Weekday, from: h.from as string, to: h.to as string });
  });
  for (let d = 1; d <= 7; d++) {
    const idx = v.map((h: unknown, i) => (isObject(h) && h.day === d ? i : -1)).filter((i) => i >= 0);
    problems.push(...checkIntervals(idx.map((i) => v[i] as { from: unknown; to: unknown }), (k) => `hours[${idx[k]}]`, DAY_NAMES[d]!));
  }
  if (problems.length === 0 && hours.length === 0) problems.push({ path: "hours", message: "The calendar is never open: give at least one opening interval, or a deadline would never come." });
  return { problems, hours };
}

function checkDates(v: unknown, path: string): { problems: Problem[]; dates: string[] } {
  if (v === undefined) return { problems: [], dates: [] };
  if (!Array.isArray(v)) return { problems: [{ path, message: `${path} must be a list of dates YYYY-MM-DD.` }], dates: [] };
  if (v.length > MAX_DATES) return { problems: [{ path, message: `${path} lists ${v.length} dates; at most ${MAX_DATES}.` }], dates: [] };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  v.forEach((d: unknown, i) => {
    const s = typeof d === "string" ? d : isObject(d) ? d.date : d;
    if (typeof s !== "string" || !isIsoDate(s)) problems.push({ path: `${path}[${i}]`, message: `${JSON.stringify(s)} is not a valid date YYYY-MM-DD.` });
    else if (seen.has(s)) problems.push({ path: `${path}[${i}]`, message: `${s} is listed twice.` });
    else seen.add(s);
  });
  return { problems, dates: [...seen] };
}

function checkWorkingDays(v: unknown): { problems: Problem[]; days: MakeUpDay[] } {
  const { problems, dates } = checkDates(v, "workingDays");
  if (problems.length || !Array.isArray(v)) return { problems, days: [] };
  const days: MakeUpDay[] = [];
  v.forEach((w: unknown, i) => {
    if (typeof w === "string" || !isObject(w) || w.hours === undefined) return days.push({ date: dates[i]! });
    if (!Array.isArray(w.hours)) return problems.push({ path: `workingDays[${i}].hours`, message: "hours of a make-up day must be a list of { from, to } (leave it out for Monday's hours)." });
    const list = w.hours.map((h: unknown) => (isObject(h) ? h : { from: undefined, to: undefined })) as { from: unknown; to: unknown }[];
    const found = checkIntervals(list, (k) => `workingDays[${i}].hours[${k}]`, dates[i]!);
    if (list.length === 0) found.push({ path: `workingDays[${i}].hours`, message: `${dates[i]} is a make-up working day with no hours; leave "hours" out for Monday's hours.` });
    problems.push(...found);
    days.push({ date: dates[i]!, hours: list.map((h) => ({ from: h.from as string, to: h.to as string })) });
  });
  return { problems, days };
}

/** Checks a whole calendar (as created, or after a PATCH is applied) and normalises `workingDays`. */
export function validateCalendar(input: CalendarInput): Validation {
  const hours = checkHours(input.hours);
  const holidays = checkDates(input.holidays, "holidays");
  const working = checkWorkingDays(input.workingDays);
  const problems = [...checkName(input.name), ...checkTimezone(input.timezone), ...hours.problems, ...holidays.problems, ...working.problems];
  const holidaySet = new Set(holidays.dates);
  working.days.forEach((w, i) => {
    if (holidaySet.has(w.date)) problems.push({ path: `workingDays[${i}]`, message: `${w.date} is both a holiday and a make-up working day.` });
  });
  if (!problems.length && working.days.some((w) => !w.hours) && !hours.hours.some((h) => h.day === 1)) {
    problems.push({ path: "workingDays", message: "A make-up day without its own hours takes Monday's hours, but the calendar is closed on Mondays; give the day its hours." });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: { name: (input.name as string).trim(), timezone: input.timezone as string, hours: hours.hours, holidays: holidays.dates.sort(), workingDays: working.days.sort((a, b) => a.date.localeCompare(b.date)) },
  };
}
