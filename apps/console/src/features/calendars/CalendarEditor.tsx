/** Creating or changing a calendar: name, time zone, the weekly grid, holidays, make-up days, and a preview. */
import { useMemo, useState } from "react";
import { Select as SearchSelect } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import type { Calendar } from "@tandem/contracts";
import { useI18n } from "../../i18n";
import { invalidate } from "../../lib/queryClient";
import { FormModal, TextInput, toast } from "../../ui";
import { calendarsKey, createCalendar, updateCalendar } from "./api";
import { CalendarDates } from "./CalendarDates";
import { CalendarPreview } from "./CalendarPreview";
import { bodyOf, draftOf, emptyDraft, timeZones, type Draft } from "./draft";
import { WeeklyHours } from "./WeeklyHours";

export function CalendarEditor({ calendar, onClose }: { calendar: Calendar | null; onClose: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => (calendar ? draftOf(calendar) : emptyDraft(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC")));
  const [nameError, setNameError] = useState<string | null>(null);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(draft.timezone) ? all : [draft.timezone, ...all];
  }, [draft.timezone]);
  const m = useMutation({ mutationFn: () => (calendar ? updateCalendar(calendar.id, bodyOf(draft)) : createCalendar(bodyOf(draft))) });
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = () => {
    if (!draft.name.trim()) return setNameError(t("form.required"));
    setNameError(null);
    m.mutate(undefined, {
      onSuccess: () => {
        invalidate(calendarsKey());
        toast(t("common.saved"));
        onClose();
      },
    });
  };
  return (
    <FormModal
      title={calendar ? t("calendar.editTitle", { name: calendar.name }) : t("calendar.new")}
      testId="calendar-editor"
      onClose={onClose}
      onSubmit={submit}
      submitLabel={calendar ? t("common.save") : t("common.create")}
      submitTestId="calendar-submit"
      pending={m.isPending}
      error={m.error}
      wide
    >
      <TextInput label={t("calendar.name")} required value={draft.name} error={nameError} onChange={(e) => set({ name: e.currentTarget.value })} maxLength={100} data-testid="calendar-name" />
      <SearchSelect
        label={t("calendar.timezone")}
        description={t("calendar.timezoneHint")}
        data={zones}
        value={draft.timezone}
        onChange={(v) => v && set({ timezone: v })}
        searchable
        allowDeselect={false}
        limit={50}
        nothingFoundMessage={t("picker.none")}
        data-testid="calendar-timezone"
      />
      <WeeklyHours week={draft.week} onChange={(week) => set({ week })} />
      <CalendarDates holidays={draft.holidays} workingDays={draft.workingDays} onChange={(v) => set(v)} />
      {calendar ? <CalendarPreview id={calendar.id} timezone={calendar.timezone} version={calendar.updatedAt} /> : <p className="small muted">{t("calendar.previewAfterSave")}</p>}
    </FormModal>
  );
}
