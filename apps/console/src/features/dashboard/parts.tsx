/** The pieces of the supervisor's home: a figure (a link when it has a list behind it), a bar chart, a list of cases. */
import { Card, Text, Title } from "@mantine/core";
import type { DashboardCase } from "@tandem/contracts";
import { useMemo } from "react";
import { useI18n } from "../../i18n";
import { barsOption, useChart } from "../../lib/chart";
import { useFormat } from "../../lib/format";
import { Link } from "../../lib/router";
import { DataTable, PriorityBadge, StatusBadge, type Column } from "../../ui";
import classes from "./SupervisorHome.module.css";

export function Stat({ label, value, testId, to }: { label: string; value: number; testId: string; to?: string }) {
  const body = (
    <>
      <Text size="sm" c="dimmed" component="span" className={classes.statLabel}>
        {label}
      </Text>
      <span className={classes.statValue} data-testid={testId}>
        {value}
      </span>
    </>
  );
  return (
    <Card withBorder padding="sm" radius="md" className={classes.stat}>
      {to ? (
        <Link to={to} className={classes.statLink}>
          {body}
        </Link>
      ) : (
        body
      )}
    </Card>
  );
}

export function Bars({ title, rows, testId, seriesName, empty }: { title: string; rows: { name: string; count: number }[]; testId: string; seriesName?: string; empty?: string }) {
  const { t } = useI18n();
  const series = seriesName ?? t("supervisor.openCases");
  const option = useMemo(() => barsOption(rows, series), [rows, series]);
  const ref = useChart(option);
  const height = Math.max(120, rows.length * 30 + 30);
  return (
    <Card withBorder padding="sm" radius="md">
      <Title order={2} className="h2">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">{empty ?? t("supervisor.noneOpen")}</Text>
      ) : (
        <div ref={ref} style={{ height }} role="img" aria-label={`${title}: ${rows.map((r) => `${r.name} ${r.count}`).join(", ")}`} data-testid={testId} />
      )}
    </Card>
  );
}

export function CaseList({ title, rows, testId, empty, reopened }: { title: string; rows: DashboardCase[]; testId: string; empty: string; reopened?: boolean }) {
  const { t } = useI18n();
  const f = useFormat();
  const columns: Column<DashboardCase>[] = [
    { key: "number", header: t("inbox.col.number"), className: "nowrap", cell: (c) => <Link to={`/cases/${c.id}`} className="mono">{c.number}</Link> },
    { key: "subject", header: t("inbox.col.subject"), cell: (c) => c.subject },
    { key: "status", header: t("inbox.col.status"), className: "nowrap", cell: (c) => <StatusBadge status={c.status} /> },
    { key: "priority", header: t("inbox.col.priority"), className: "nowrap", cell: (c) => <PriorityBadge priority={c.priority} /> },
    { key: "owner", header: t("inbox.col.owner"), cell: (c) => c.ownerName ?? <span className="muted">{t("supervisor.nobody")}</span> },
    reopened
      ? { key: "reopened", header: t("supervisor.reopenedAt"), className: "nowrap", cell: (c) => f.relative(c.reopenedAt) }
      : { key: "created", header: t("supervisor.openedAt"), className: "nowrap", cell: (c) => f.relative(c.createdAt) },
  ];
  return (
    <Card withBorder padding="sm" radius="md">
      <Title order={2} className="h2">
        {title}
      </Title>
      <DataTable caption={title} columns={columns} rows={rows} rowKey={(c) => c.id} empty={empty} testId={testId} rowProps={(c) => ({ "data-case-number": c.number })} />
    </Card>
  );
}
