/** The weekly grid: each day's opening intervals, any number of them (a lunch break is two). */
import { ActionIcon, Group } from "@mantine/core";
import { TimeInput } from "@mantine/dates";
import { useI18n, type MessageKey } from "../../i18n";
import { Button } from "../../ui";
import { Icon } from "../../ui/icons";
import { DAYS, fromField, toField, type Range } from "./draft";

export function WeeklyHours({ week, onChange }: { week: Range[][]; onChange: (week: Range[][]) => void }) {
  const { t } = useI18n();
  const setDay = (i: number, ranges: Range[]) => onChange(week.map((r, k) => (k === i ? ranges : r)));
  return (
    <fieldset className="stack calendar-week" data-testid="calendar-week">
      <legend>{t("calendar.hours")}</legend>
      <p className="small muted">{t("calendar.hoursHint")}</p>
      {DAYS.map((day, i) => {
        const ranges = week[i] ?? [];
        const label = t(`calendar.day.${day}` as MessageKey);
        return (
          <Group key={day} gap="xs" align="center" wrap="wrap" data-testid={`calendar-day-${day}`}>
            <span style={{ minWidth: "6.5em" }}>{label}</span>
            {ranges.length === 0 ? <span className="small muted">{t("calendar.closed")}</span> : null}
            {ranges.map((r, k) => (
              <Group key={k} gap={4} align="center" wrap="nowrap">
                <TimeInput
                  aria-label={t("calendar.from", { day: label, n: k + 1 })}
                  value={r.from}
                  onChange={(e) => setDay(i, ranges.map((x, j) => (j === k ? { ...x, from: e.currentTarget.value } : x)))}
                  data-testid={`calendar-day-${day}-from-${k}`}
                />
                <span aria-hidden="true">–</span>
                <TimeInput
                  aria-label={t("calendar.to", { day: label, n: k + 1 })}
                  value={toField(r.to)}
                  onChange={(e) => setDay(i, ranges.map((x, j) => (j === k ? { ...x, to: fromField(e.currentTarget.value) } : x)))}
                  data-testid={`calendar-day-${day}-to-${k}`}
                />
                <ActionIcon variant="subtle" aria-label={t("calendar.removeInterval", { day: label, n: k + 1 })} onClick={() => setDay(i, ranges.filter((_, j) => j !== k))} data-testid={`calendar-day-${day}-remove-${k}`}>
                  <Icon name="x" size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button variant="subtle" icon="plus" onClick={() => setDay(i, [...ranges, nextRange(ranges)])} data-testid={`calendar-day-${day}-add`} aria-label={t("calendar.addIntervalTo", { day: label })}>
              {t("calendar.addInterval")}
            </Button>
          </Group>
        );
      })}
    </fieldset>
  );
}

/** A sensible next interval: after the last one ends (one hour later, for two hours), else 09:00–17:00. */
function nextRange(ranges: Range[]): Range {
  const last = ranges.at(-1);
  if (!last) return { from: "09:00", to: "17:00" };
  const start = Math.min(toMinutes(last.to) + 60, 22 * 60);
  return { from: fromMinutes(start), to: fromMinutes(Math.min(start + 120, 24 * 60)) };
}
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const fromMinutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
