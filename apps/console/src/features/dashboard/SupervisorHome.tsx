/** A supervisor's home: what is open, with whom, what nobody has, what waits, what is old, what came back, and the deadlines. Live. */
import { SimpleGrid, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { SupervisorDashboard } from "@tandem/contracts";
import { useMemo } from "react";
import { useI18n } from "../../i18n";
import { queryKeys } from "../../lib/queryClient";
import { ErrorAlert, Loading } from "../../ui";
import { fetchSupervisorDashboard } from "./api";
import { DeadlineFigures } from "./DeadlineFigures";
import { Bars, CaseList, Stat } from "./parts";
import classes from "./SupervisorHome.module.css";
import { SatisfactionCard } from "../remedies";

export default function SupervisorHome() {
  const { t } = useI18n();
  const q = useQuery({ queryKey: queryKeys.supervisorDashboard(), queryFn: ({ signal }) => fetchSupervisorDashboard(signal) });
  return (
    <div className="page" data-testid="supervisor-home">
      <Title order={1}>{t("supervisor.title")}</Title>
      {q.isLoading ? <Loading /> : null}
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {q.data ? <Figures d={q.data} /> : null}
      {q.data?.deadlines ? <DeadlineFigures d={q.data.deadlines} /> : null}
      <SatisfactionCard />
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
