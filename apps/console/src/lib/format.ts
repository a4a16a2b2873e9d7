/** Times in the signed-in user's own time zone and language. */
import { createContext, useContext } from "react";
import type { Language } from "../i18n";

export interface Formatter {
  dateTime: (iso: string | null | undefined) => string;
  relative: (iso: string | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
  /** The time zone times are shown in (the user's, else the browser's). */
  timeZone: string;
  /** A moment as the value of an `<input type="datetime-local">` (`2026-03-08T09:30`), on the user's clock. */
  toInput: (moment: Date) => string;
  /** An `<input type="datetime-local">` value read on the user's clock, as ISO 8601 with that zone's offset; null if it is not one. */
  fromInput: (value: string) => string | null;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** Converts between moments and wall-clock readings in one time zone (undefined: the browser's). */
function zonedClock(timeZone: string | undefined) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" });
  const wall = (moment: Date) => {
    const p = Object.fromEntries(parts.formatToParts(moment).map((x) => [x.type, Number(x.value)]));
    return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
  };
  // Minutes the zone's clock is ahead of UTC at that moment.
  const offset = (moment: Date) => {
    const w = wall(moment);
    return Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(moment.getTime() / 1000) * 1000) / 60_000);
  };
  const toInput = (moment: Date) => {
    const w = wall(moment);
    return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
  };
  const fromInput = (value: string): string | null => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
    if (!m) return null;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
    // The offset depends on the moment we are looking for; a second look settles daylight-saving changes.
    const guess = new Date(asUtc - offset(new Date(asUtc)) * 60_000);
    const moment = new Date(asUtc - offset(guess) * 60_000);
    const at = offset(moment);
    const w = wall(moment);
    return `${toInput(moment)}:${pad(w.second)}${at < 0 ? "-" : "+"}${pad(Math.trunc(at / 60))}:${pad(at % 60)}`;
  };
  return { toInput, fromInput };
}

export function makeFormatter(lang: Language, timeZone: string | undefined): Formatter {
  let tz = timeZone;
  try {
    new Intl.DateTimeFormat(lang, { timeZone: tz });
  } catch {
    tz = undefined;
  }
  const full = new Intl.DateTimeFormat(lang, { timeZone: tz, year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
  const sameYear = new Intl.DateTimeFormat(lang, { timeZone: tz, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
  const dateOnly = new Intl.DateTimeFormat(lang, { timeZone: tz, year: "numeric", month: "short", day: "numeric" });
  const rel = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const yearOf = new Intl.DateTimeFormat("en", { timeZone: tz, year: "numeric" });
  return {
    timeZone: full.resolvedOptions().timeZone,
    ...zonedClock(tz),
    dateTime: (iso) => {
      if (!iso) return "";
      const d = new Date(iso);
      return (yearOf.format(d) === yearOf.format(new Date()) ? sameYear : full).format(d);
    },
    date: (iso) => (iso ? dateOnly.format(new Date(iso)) : ""),
    relative: (iso) => {
      if (!iso) return "";
      const diff = (new Date(iso).getTime() - Date.now()) / 1000;
      const abs = Math.abs(diff);
      if (abs < 45) return rel.format(0, "second");
      if (abs < 3600) return rel.format(Math.round(diff / 60), "minute");
      if (abs < 86400) return rel.format(Math.round(diff / 3600), "hour");
      if (abs < 86400 * 14) return rel.format(Math.round(diff / 86400), "day");
      return dateOnly.format(new Date(iso));
    },
  };
}

export const FormatContext = createContext<Formatter>(makeFormatter("en", undefined));
export const useFormat = () => useContext(FormatContext);
