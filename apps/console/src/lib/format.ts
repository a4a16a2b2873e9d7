/** Times in the signed-in user's own time zone and language. */
import { createContext, useContext } from "react";
import type { Language } from "../i18n";
import { fromWall, isTimeZone, toWall } from "./time";

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

/** `toInput`/`fromInput` for native inputs, on the one conversion in `time.ts`. */
function zonedClock(timeZone: string | undefined) {
  return {
    toInput: (moment: Date) => toWall(moment, timeZone).slice(0, 16).replace(" ", "T"),
    fromInput: (value: string): string | null => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? fromWall(value, timeZone) : null),
  };
}

export function makeFormatter(lang: Language, timeZone: string | undefined): Formatter {
  const tz = isTimeZone(timeZone) ? timeZone : undefined;
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
