/**
 * Date and time fields on @mantine/dates, on the signed-in user's clock (not the computer's).
 * Values in and out are what the server speaks: `DateTimeField` an instant (ISO 8601, sent with the
 * user's offset), `DateField` a calendar day (`YYYY-MM-DD`), `TimeField` a time of day (`HH:mm`).
 * All zone arithmetic is in `lib/time.ts`; the fields take typing (`2026-03-08 09:30`) as well as
 * the calendar. Import from here (not `ui/index.ts`) so the login page does not load the pickers.
 */
import { DateInput, TimeInput, type DateInputProps } from "@mantine/dates";
import "@mantine/dates/styles.css";
import "dayjs/locale/zh-cn";
import { useFormat } from "../lib/format";
import { dayOf, fromWall, normalizeWall, toWall, type Day, type HourMinute } from "../lib/time";
import { useI18n } from "../i18n";

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | null;
  required?: boolean;
  disabled?: boolean;
  testId?: string;
  /** A placeholder; by default the format to type. */
  placeholder?: string;
}

function useDatesLocale() {
  const { lang } = useI18n();
  return lang === "zh-CN" ? "zh-cn" : "en";
}

const shared = (p: FieldProps): Partial<DateInputProps> => ({
  label: p.label,
  description: p.hint,
  error: p.error ?? undefined,
  required: p.required,
  disabled: p.disabled,
  firstDayOfWeek: 1,
  popoverProps: { withinPortal: true },
  autoComplete: "off",
  ...(p.testId ? { "data-testid": p.testId } : {}),
});

/**
 * A moment, shown and typed on the user's clock. `value` and `onChange` are instants: ISO 8601 in,
 * ISO 8601 with the user's offset out (null when emptied). `min`/`max` (instants) bound the calendar.
 */
export function DateTimeField({ value, onChange, min, max, ...p }: FieldProps & { value: string | null; onChange: (iso: string | null) => void; min?: string; max?: string }) {
  const fmt = useFormat();
  const locale = useDatesLocale();
  const zone = fmt.timeZone;
  return (
    <DateInput
      {...shared(p)}
      locale={locale}
      withTime
      valueFormat="YYYY-MM-DD HH:mm"
      placeholder={p.placeholder ?? "YYYY-MM-DD HH:mm"}
      dateParser={(typed) => normalizeWall(typed)}
      value={value ? toWall(value, zone) : null}
      onChange={(wall) => onChange(wall ? fromWall(wall, zone) : null)}
      minDate={min ? dayOf(min, zone) : undefined}
      maxDate={max ? dayOf(max, zone) : undefined}
    />
  );
}

/** A calendar day (`YYYY-MM-DD`): a holiday, a date without a time. No zone is involved. */
export function DateField({ value, onChange, min, max, ...p }: FieldProps & { value: Day | null; onChange: (day: Day | null) => void; min?: Day; max?: Day }) {
  const locale = useDatesLocale();
  return (
    <DateInput
      {...shared(p)}
      locale={locale}
      valueFormat="YYYY-MM-DD"
      placeholder={p.placeholder ?? "YYYY-MM-DD"}
      dateParser={(typed) => (/^\d{4}-\d{2}-\d{2}$/.test(typed.trim()) ? normalizeWall(typed)?.slice(0, 10) ?? null : null)}
      value={value}
      onChange={(day) => onChange(day ? day.slice(0, 10) : null)}
      minDate={min}
      maxDate={max}
    />
  );
}

/** A time of day (`HH:mm`), e.g. the start of working hours. No zone is involved. */
export function TimeField({ value, onChange, ...p }: FieldProps & { value: HourMinute; onChange: (time: HourMinute) => void }) {
  return (
    <TimeInput
      label={p.label}
      description={p.hint}
      error={p.error ?? undefined}
      required={p.required}
      disabled={p.disabled}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      {...(p.testId ? { "data-testid": p.testId } : {})}
    />
  );
}
