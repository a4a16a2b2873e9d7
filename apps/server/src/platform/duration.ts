/** ISO 8601 durations for configuration (retention periods and the like). */
const UNIT_MS = { W: 7 * 86_400_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;

const FIXED_LENGTH = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/**
 * Milliseconds in an ISO 8601 duration of weeks, days, hours, minutes and seconds (`P7D`,
 * `PT36H`, `P1W2DT0.5S`), or null when the text is not one. Years and months (`P1Y`, `P1M`) are
 * refused: their length depends on the calendar, and a retention period should not.
 */
export function parseDuration(text: string): number | null {
  const normal = text.trim().toUpperCase();
  const match = FIXED_LENGTH.exec(normal);
  if (!match || normal.endsWith("T")) return null;
  const [, weeks, days, hours, minutes, seconds] = match;
  if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) return null;
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part.replace(",", ".")));
  return Math.round(n(weeks) * UNIT_MS.W + n(days) * UNIT_MS.D + n(hours) * UNIT_MS.H + n(minutes) * UNIT_MS.M + n(seconds) * UNIT_MS.S);
}
