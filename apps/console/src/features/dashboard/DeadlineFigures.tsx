/** The supervisor's deadline figures: cases at risk (with the first of them), missed and soon-due deadlines, and the last 7 days as a bar chart. Live like the rest of the home. */
import { SimpleGrid, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { Case, DashboardCase, Page, SupervisorDashboard } from "@tandem/contracts";
import { useMemo } from "react";
import { useI18n } from "../../i18n";
import { get } from "../../lib/api";
import { queryKeys } from "../../lib/queryClient";
import { ErrorAlert } from "../../ui";
import { Bars, CaseList, Stat } from "./parts";
import classes from "./SupervisorHome.module.css";

const AT_RISK_QUERY = { atRisk: "true", sort: "updated_desc", limit: 10 };

const asDashboardCase = (c: Case): DashboardCase => ({
  id: c.id,
  number: c.number,
  subject: c.subject,
  status: c.status,
  priority: c.priority,
  ownerName: c.owner.userName ?? null,
  organizationName: c.owner.organizationName ?? "",
  createdAt: c.createdAt,
});

export function DeadlineFigures({ d }: { d: NonNullable<SupervisorDashboard["deadlines"]> }) {
  const { t } = useI18n();
  // Under the cases' key: every change on a case refreshes it, as it does the inbox.
  const atRisk = useQuery({ queryKey: queryKeys.caseList(AT_RISK_QUERY), queryFn: ({ signal }) => get<Page<Case>>("/api/v1/cases", AT_RISK_QUERY, signal) });
  const rows = useMemo(() => [{ name: t("supervisor.breaches7d"), count: d.breachesLast7Days }, { name: t("supervisor.metLate7d"), count: d.metLateLast7Days }], [d.breachesLast7Days, d.metLateLast7Days, t]);
  return (
    <section aria-labelledby="supervisor-deadlines" data-testid="supervisor-deadlines">
      <Title order={2} className="h2" id="supervisor-deadlines" mt="md">
        {t("supervisor.deadlines")}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm" className={classes.stats}>
        <Stat label={t("supervisor.atRisk")} value={d.atRisk} testId="supervisor-at-risk" to="/?view=atRisk" />
        <Stat label={t("supervisor.breachedOpen")} value={d.breachedOpen} testId="supervisor-breached" />
        <Stat label={t("supervisor.warnedOpen")} value={d.warnedOpen} testId="supervisor-warned" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <Bars title={t("supervisor.last7Days")} rows={rows} seriesName={t("supervisor.deadlineCount")} testId="supervisor-chart-deadlines" />
        <div>
          <ErrorAlert error={atRisk.error} onRetry={() => void atRisk.refetch()} />
          <CaseList title={t("supervisor.atRiskList")} rows={(atRisk.data?.items ?? []).map(asDashboardCase)} testId="supervisor-at-risk-list" empty={t("supervisor.noneAtRisk")} />
        </div>
      </SimpleGrid>
    </section>
  );
}
