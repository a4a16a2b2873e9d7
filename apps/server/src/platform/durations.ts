/**
 * ISO 8601 durations as fixed lengths of time (`PT6S`, `PT15M`, `P1D`, `P2W`, `P1DT12H`): a day
 * is 24 hours here. Calendar-aware arithmetic (business hours, DST) belongs to the calendars.
 */
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds, or null when the text is not such a duration (years and months are refused: their length varies). */
export function parseDuration(text: string): number | null {
  const m = PATTERN.exec(text.trim().toUpperCase());
  if (!m || text.trim().toUpperCase() === "P" || text.trim().toUpperCase().endsWith("T")) return null;
  const [, w, d, h, min, s] = m;
  const ms = (Number(w ?? 0) * 7 * 86_400 + Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
  return Number.isFinite(ms) ? Math.round(ms) : null;
}
