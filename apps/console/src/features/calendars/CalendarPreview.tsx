/** "A case opened now with PT8H would be due at …", in the calendar's own zone, asked of the server. */
import { useState } from "react";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { ErrorAlert, TextInput } from "../../ui";
import { calendarsKey, previewCalendar } from "./api";

export function CalendarPreview({ id, timezone, version }: { id: string; timezone: string; version: string }) {
  const { t, lang } = useI18n();
  const [duration, setDuration] = useState("PT8H");
  const [asked] = useDebouncedValue(duration.trim().toUpperCase(), 300);
  // "Now" is fixed when the editor opens, so the answer does not move while one reads it.
  const [from] = useState(() => new Date().toISOString());
  const q = useQuery({ queryKey: [...calendarsKey(), id, "preview", version, asked, from], queryFn: ({ signal }) => previewCalendar(id, from, asked, signal), enabled: asked.length > 1, retry: false });
  const due = q.data ? new Intl.DateTimeFormat(lang, { timeZone: timezone, dateStyle: "full", timeStyle: "short" }).format(new Date(q.data.dueAt)) : null;
  return (
    <section className="stack" data-testid="calendar-preview">
      <TextInput label={t("calendar.previewDuration")} hint={t("calendar.previewHint")} value={duration} onChange={(e) => setDuration(e.currentTarget.value)} maxLength={40} data-testid="calendar-preview-duration" />
      {due ? (
        <p data-testid="calendar-preview-due" aria-live="polite">
          {t("calendar.previewDue", { duration: asked, due, zone: timezone })}
        </p>
      ) : null}
      <ErrorAlert error={q.error} />
    </section>
  );
}
