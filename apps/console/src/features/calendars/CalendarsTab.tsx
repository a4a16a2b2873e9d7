/** Business calendars / 营业日历: the list, and the editor for a new or an existing one. */
import { useState } from "react";
import type { Calendar } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { useFormat } from "../../lib/format";
import { Button, type Column } from "../../ui";
import { AdminList } from "../admin/AdminList";
import { calendarsKey, fetchCalendarPage } from "./api";
import { CalendarEditor } from "./CalendarEditor";

export function CalendarsTab() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [editing, setEditing] = useState<Calendar | "new" | null>(null);
  const weekly = (c: Calendar) =>
    [1, 2, 3, 4, 5, 6, 7]
      .map((d) => {
        const ranges = c.hours.filter((h) => h.day === d).map((h) => `${h.from}–${h.to}`);
        return ranges.length ? `${t(`calendar.dayShort.${d}` as MessageKey)} ${ranges.join(", ")}` : null;
      })
      .filter(Boolean)
      .join(" · ");
  const columns: Column<Calendar>[] = [
    { key: "name", header: t("calendar.name"), cell: (c) => c.name },
    { key: "zone", header: t("calendar.timezone"), cell: (c) => c.timezone },
    { key: "hours", header: t("calendar.hours"), className: "small", cell: weekly },
    { key: "dates", header: t("calendar.dates"), className: "small", cell: (c) => t("calendar.datesCount", { holidays: c.holidays.length, working: c.workingDays.length }) },
    { key: "updated", header: t("calendar.updated"), className: "small", cell: (c) => fmt.dateTime(c.updatedAt) },
    {
      key: "edit",
      header: <span className="sr-only">{t("admin.user.edit")}</span>,
      cell: (c) => (
        <Button variant="subtle" onClick={() => setEditing(c)} data-testid="calendar-edit" aria-label={t("calendar.editTitle", { name: c.name })}>
          {t("admin.user.edit")}
        </Button>
      ),
    },
  ];
  return (
    <div className="stack">
      <div>
        <Button variant="primary" icon="plus" onClick={() => setEditing("new")} data-testid="calendar-new">
          {t("calendar.new")}
        </Button>
      </div>
      <AdminList
        queryKey={calendarsKey()}
        fetchPage={fetchCalendarPage}
        columns={columns}
        caption={t("calendar.title")}
        empty={t("calendar.empty")}
        testId="admin-calendars"
        searchLabel={t("calendar.search")}
        rowProps={(c) => ({ "data-testid": "calendar-row", "data-name": c.name })}
      />
      {editing ? <CalendarEditor calendar={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
