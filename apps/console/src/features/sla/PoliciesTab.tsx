/** SLA policies / 服务时限策略: the list in the order they are tried, moved up and down, and the editor. */
import { useState } from "react";
import { Group } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { SlaPolicy } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { invalidate } from "../../lib/queryClient";
import { Button, DataTable, ErrorAlert, Loading, type Column } from "../../ui";
import { fetchCalendarPage } from "../calendars/api";
import { fetchPolicies, slaPoliciesKey, updatePolicy } from "./api";
import { reorder } from "./draft";
import { PolicyEditor } from "./PolicyEditor";
import { useDurationWords } from "./DurationInput";

export function PoliciesTab() {
  const { t } = useI18n();
  const words = useDurationWords();
  const [editing, setEditing] = useState<SlaPolicy | "new" | null>(null);
  const q = useQuery({ queryKey: slaPoliciesKey(), queryFn: ({ signal }) => fetchPolicies(signal) });
  const calendars = useQuery({ queryKey: ["calendars", "all"], queryFn: ({ signal }) => fetchCalendarPage("", undefined, signal) });
  const calendarName = (id: string | null) => (id ? (calendars.data?.items.find((c) => c.id === id)?.name ?? "…") : t("sla.aroundTheClock"));
  const policies = q.data?.items ?? [];
  const move = useMutation({
    mutationFn: async ({ index, step }: { index: number; step: -1 | 1 }) => {
      // One change at a time: each PATCH re-tracks the open cases under the new order.
      for (const c of reorder(policies, index, step)) await updatePolicy(c.id, { position: c.position });
    },
    onSettled: () => invalidate(slaPoliciesKey()),
  });
  const conditions = (p: SlaPolicy) => {
    const parts = [
      p.appliesTo.kind ? t(`kind.${p.appliesTo.kind}` as MessageKey) : null,
      p.appliesTo.priority ? t(`priority.${p.appliesTo.priority}` as MessageKey) : null,
      p.appliesTo.category ? t("sla.categoryIs", { category: p.appliesTo.category }) : null,
    ].filter(Boolean);
    return parts.length ? parts.join(" · ") : t("sla.anyCase");
  };
  const target = (iso: string | null) => words(iso) ?? t("sla.noTarget");
  const columns: Column<SlaPolicy>[] = [
    {
      key: "order",
      header: t("sla.order"),
      className: "nowrap",
      cell: (p) => {
        const i = policies.indexOf(p);
        return (
          <Group gap={2} wrap="nowrap">
            <span className="mono" aria-hidden="true">{i + 1}.</span>
            {!p.isDefault ? (
              <>
                <Button variant="subtle" icon="up" aria-label={t("sla.moveUp", { name: p.name })} disabled={i === 0 || move.isPending} onClick={() => move.mutate({ index: i, step: -1 })} data-testid="sla-move-up" />
                <Button variant="subtle" icon="down" aria-label={t("sla.moveDown", { name: p.name })} disabled={policies[i + 1]?.isDefault !== false || move.isPending} onClick={() => move.mutate({ index: i, step: 1 })} data-testid="sla-move-down" />
              </>
            ) : null}
          </Group>
        );
      },
    },
    {
      key: "name",
      header: t("sla.name"),
      cell: (p) => (
        <>
          <strong>{p.name}</strong> {p.isDefault ? <span className="badge tone-gray">{t("sla.default")}</span> : null}
          <div className="small muted">{conditions(p)}</div>
        </>
      ),
    },
    {
      key: "targets",
      header: t("sla.targets"),
      className: "small",
      cell: (p) => (
        <ul className="plain" data-testid="sla-targets">
          <li>{t("deadline.kind.first_response")}: {target(p.firstResponse)}</li>
          <li>{t("deadline.kind.next_update")}: {target(p.nextUpdate)}</li>
          <li>{t("deadline.kind.resolution")}: {target(p.resolution)}</li>
        </ul>
      ),
    },
    { key: "warn", header: t("sla.warnBefore"), className: "small nowrap", cell: (p) => words(p.warnBefore) },
    { key: "calendar", header: t("sla.calendar"), className: "small", cell: (p) => calendarName(p.calendarId) },
    {
      key: "edit",
      header: <span className="sr-only">{t("admin.user.edit")}</span>,
      cell: (p) => (
        <Button variant="subtle" onClick={() => setEditing(p)} data-testid="sla-edit" aria-label={t("sla.editTitle", { name: p.name })}>
          {t("admin.user.edit")}
        </Button>
      ),
    },
  ];
  return (
    <div className="stack">
      <p className="small muted">{t("sla.intro")}</p>
      <div>
        <Button variant="primary" icon="plus" onClick={() => setEditing("new")} data-testid="sla-new">
          {t("sla.new")}
        </Button>
      </div>
      <section className="card stack">
        {q.isLoading ? <Loading /> : null}
        <ErrorAlert error={q.error ?? move.error} onRetry={() => void q.refetch()} />
        {q.data ? (
          <DataTable caption={t("sla.title")} columns={columns} rows={policies} rowKey={(p) => p.id} empty={t("sla.empty")} testId="admin-sla" rowProps={(p) => ({ "data-testid": "sla-row", "data-name": p.name })} />
        ) : null}
      </section>
      {editing ? <PolicyEditor policy={editing === "new" ? null : editing} calendars={calendars.data?.items ?? []} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
