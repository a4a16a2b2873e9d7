/** Satisfaction on the supervisor's home: the last 30 days per agent, reason, remedy outcome and category (contacts ended after an explanation left out). */
import { useQuery } from "@tanstack/react-query";
import { Card, SimpleGrid, Table, Title } from "@mantine/core";
import type { SatisfactionSummary } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { get } from "../../lib/api";
import { ErrorAlert, Loading } from "../../ui";

const fetchSatisfaction = (signal?: AbortSignal) => get<SatisfactionSummary>("/api/v1/satisfaction", { days: 30 }, signal);

export function SatisfactionCard() {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ["remedies", "satisfaction"], queryFn: ({ signal }) => fetchSatisfaction(signal) });
  const s = q.data;
  const table = (title: string, rows: { key: string | null; name?: string | null; count: number; average: number }[], label: (key: string | null, name?: string | null) => string) => (
    <div>
      <Title order={3} size="h5">
        {title}
      </Title>
      <Table>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key ?? "none"}>
              <Table.Td>{label(r.key, r.name)}</Table.Td>
              <Table.Td>{r.average.toFixed(2)}</Table.Td>
              <Table.Td className="muted">{t("satisfaction.count", { count: r.count })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
  return (
    <Card withBorder data-testid="supervisor-satisfaction">
      <Title order={2} size="h4">
        {t("satisfaction.title")}
      </Title>
      {q.isLoading ? <Loading /> : null}
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {s ? (
        <>
          <p data-testid="satisfaction-overall">{s.overall.count ? t("satisfaction.overall", { average: s.overall.average.toFixed(2), count: s.overall.count, excluded: s.excluded }) : t("satisfaction.none")}</p>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {table(t("satisfaction.byAgent"), s.byAgent, (_k, name) => name ?? t("supervisor.nobody"))}
            {table(t("satisfaction.byReason"), s.byReason, (k) => k ?? t("common.none"))}
            {table(t("satisfaction.byOutcome"), s.byOutcome, (k) => (k ? t(`remedy.status.${k}` as MessageKey) : t("satisfaction.noRemedy")))}
          </SimpleGrid>
        </>
      ) : null}
    </Card>
  );
}
