/** Times in the signed-in user's own time zone and language. */
import { createContext, useContext } from "react";
import type { Language } from "../i18n";

export interface Formatter {
  dateTime: (iso: string | null | undefined) => string;
  relative: (iso: string | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
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
