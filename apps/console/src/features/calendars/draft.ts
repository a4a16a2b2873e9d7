/** The editor's working copy of a calendar, and the body it sends. Pure, so it is tested without a browser. */
import type { Calendar } from "@tandem/contracts";
import type { CalendarDraftBody } from "./api";

export interface Range { from: string; to: string }
export interface Draft {
  name: string;
  timezone: string;
  /** Index 0 = Monday … 6 = Sunday. */
  week: Range[][];
  holidays: string[];
  workingDays: string[];
  /** Own hours of make-up days that have them (kept while the day stays selected). */
  ownHours: Record<string, Range[]>;
}

export const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A new calendar: Monday to Friday 09:00–12:00 and 13:30–18:00, in the browser's zone. */
export function emptyDraft(timezone: string): Draft {
  const office = (): Range[] => [{ from: "09:00", to: "12:00" }, { from: "13:30", to: "18:00" }];
  return { name: "", timezone, week: [office(), office(), office(), office(), office(), [], []], holidays: [], workingDays: [], ownHours: {} };
}

export function draftOf(c: Calendar): Draft {
  const week: Range[][] = DAYS.map((d) => c.hours.filter((h) => h.day === d).map(({ from, to }) => ({ from, to })));
  const ownHours: Record<string, Range[]> = {};
  for (const w of c.workingDays) if (w.hours) ownHours[w.date] = w.hours;
  return { name: c.name, timezone: c.timezone, week, holidays: [...c.holidays], workingDays: c.workingDays.map((w) => w.date), ownHours };
}

/** A time input cannot show 24:00: an interval ending at "00:00" ends at midnight. */
export const toField = (to: string): string => (to === "24:00" ? "00:00" : to);
export const fromField = (to: string): string => (to === "00:00" ? "24:00" : to);

export function bodyOf(d: Draft): CalendarDraftBody {
  return {
    name: d.name.trim(),
    timezone: d.timezone,
    hours: d.week.flatMap((ranges, i) => ranges.map((r) => ({ day: i + 1, from: r.from, to: r.to }))),
    holidays: [...d.holidays].sort(),
    workingDays: [...d.workingDays].sort().map((date) => (d.ownHours[date] ? { date, hours: d.ownHours[date] } : date)),
  };
}

/** Every IANA zone the browser knows (the server checks the same names). */
export function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
