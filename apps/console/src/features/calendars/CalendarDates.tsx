/** Holidays and make-up working days, each picked on a calendar (several dates at once). */
import { DatePickerInput } from "@mantine/dates";
import "@mantine/dates/styles.css";
import "dayjs/locale/zh-cn";
import { useI18n } from "../../i18n";

const asStrings = (v: unknown[]): string[] => v.map((d) => (typeof d === "string" ? d.slice(0, 10) : d instanceof Date ? d.toISOString().slice(0, 10) : "")).filter(Boolean);

export function CalendarDates({ holidays, workingDays, onChange }: { holidays: string[]; workingDays: string[]; onChange: (v: { holidays: string[]; workingDays: string[] }) => void }) {
  const { t, lang } = useI18n();
  const locale = lang === "zh-CN" ? "zh-cn" : "en";
  return (
    <div className="stack">
      <DatePickerInput
        type="multiple"
        label={t("calendar.holidays")}
        description={t("calendar.holidaysHint")}
        value={holidays}
        onChange={(v) => onChange({ holidays: asStrings(v), workingDays })}
        valueFormat="YYYY-MM-DD"
        locale={locale}
        clearable
        excludeDate={(d) => workingDays.includes(String(d).slice(0, 10))}
        data-testid="calendar-holidays"
      />
      <DatePickerInput
        type="multiple"
        label={t("calendar.workingDays")}
        description={t("calendar.workingDaysHint")}
        value={workingDays}
        onChange={(v) => onChange({ holidays, workingDays: asStrings(v) })}
        valueFormat="YYYY-MM-DD"
        locale={locale}
        clearable
        excludeDate={(d) => holidays.includes(String(d).slice(0, 10))}
        data-testid="calendar-working-days"
      />
    </div>
  );
}
