/** A supervisor's home: what is open, with whom, what nobody has, what waits, what is old, what came back. Live. */
import { Card, SimpleGrid, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { DashboardCase, SupervisorDashboard } from "@tandem/contracts";
import { useMemo } from "react";
import { useI18n } from "../../i18n";
import { barsOption, useChart } from "../../lib/chart";
import { useFormat } from "../../lib/format";
import { queryKeys } from "../../lib/queryClient";
import { Link } from "../../lib/router";
import { DataTable, ErrorAlert, Loading, PriorityBadge, StatusBadge, type Column } from "../../ui";
import { fetchSupervisorDashboard } from "./api";
import classes from "./SupervisorHome.module.css";

export default function SupervisorHome() {
  const { t } = useI18n();
  const q = useQuery({ queryKey: queryKeys.supervisorDashboard(), queryFn: ({ signal }) => fetchSupervisorDashboard(signal) });
  return (
    <div className="page" data-testid="supervisor-home">
      <Title order={1}>{t("supervisor.title")}</Title>
      {q.isLoading ? <Loading /> : null}
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {q.data ? <Figures d={q.data} /> : null}
    </div>
  );
}

function Figures({ d }: { d: SupervisorDashboard }) {
  const { t } = useI18n();
  const owners = useMemo(() => d.openByOwner.map((r) => ({ name: r.name ?? t("supervisor.nobody"), count: r.count })), [d.openByOwner, t]);
  const orgs = useMemo(() => d.openByOrganization.map((r) => ({ name: r.name, count: r.count })), [d.openByOrganization]);
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" className={classes.stats}>
        <Stat label={t("supervisor.open")} value={d.open} testId="supervisor-open" to="/?view=team" />
        <Stat label={t("supervisor.unassigned")} value={d.unassigned} testId="supervisor-unassigned" to="/?view=unassigned" />
        <Stat label={t("supervisor.waitingOnParty")} value={d.waitingOnParty} testId="supervisor-waiting-party" to="/?view=team&status=waiting_on_party" />
        <Stat label={t("supervisor.reopened")} value={d.reopenedLast7DaysCount} testId="supervisor-reopened-count" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Bars title={t("supervisor.byOwner")} rows={owners} testId="supervisor-chart-owner" />
        <Bars title={t("supervisor.byOrganization")} rows={orgs} testId="supervisor-chart-organization" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <CaseList title={t("supervisor.oldest")} rows={d.oldestOpen} testId="supervisor-oldest" empty={t("supervisor.noneOpen")} />
        <CaseList title={t("supervisor.reopenedList")} rows={d.reopenedLast7Days} testId="supervisor-reopened" empty={t("supervisor.noneReopened")} reopened />
      </SimpleGrid>
    </>
  );
}

function Stat({ label, value, testId, to }: { label: string; value: number; testId: string; to?: string }) {
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

function Bars({ title, rows, testId }: { title: string; rows: { name: string; count: number }[]; testId: string }) {
  const { t } = useI18n();
  const option = useMemo(() => barsOption(rows, t("supervisor.openCases")), [rows, t]);
  const ref = useChart(option);
  const height = Math.max(120, rows.length * 30 + 30);
  return (
    <Card withBorder padding="sm" radius="md">
      <Title order={2} className="h2">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">{t("supervisor.noneOpen")}</Text>
      ) : (
        <div ref={ref} style={{ height }} role="img" aria-label={`${title}: ${rows.map((r) => `${r.name} ${r.count}`).join(", ")}`} data-testid={testId} />
      )}
    </Card>
  );
}

function CaseList({ title, rows, testId, empty, reopened }: { title: string; rows: DashboardCase[]; testId: string; empty: string; reopened?: boolean }) {
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
