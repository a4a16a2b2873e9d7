/** A webhook's delivery log: each event sent, its status, attempts, the last answer or error; redeliver any of them. */
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Webhook, WebhookDelivery } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { useFormat } from "../../lib/format";
import { invalidate } from "../../lib/queryClient";
import { Button, DataTable, ErrorAlert, Loading, Modal, StateBadge, type Column } from "../../ui";
import { deliveriesKey, fetchDeliveries, redeliver } from "./api";

export function DeliveryLog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const log = useQuery({ queryKey: deliveriesKey(webhook.id), queryFn: ({ signal }) => fetchDeliveries(webhook.id, signal) });
  const again = useMutation({ mutationFn: (d: WebhookDelivery) => redeliver(webhook.id, d.id), onSuccess: () => invalidate(deliveriesKey(webhook.id)) });
  const columns: Column<WebhookDelivery>[] = [
    { key: "event", header: t("webhook.delivery.event"), className: "small", cell: (d) => d.eventType },
    { key: "status", header: t("webhook.delivery.status"), cell: (d) => <StateBadge on={d.status === "delivered"}>{t(`webhook.delivery.${d.status}` as MessageKey)}</StateBadge> },
    { key: "attempts", header: t("webhook.delivery.attempts"), className: "small", cell: (d) => String(d.attempts) },
    { key: "answer", header: t("webhook.delivery.answer"), className: "small", cell: (d) => (d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? t("common.none"))) },
    { key: "last", header: t("webhook.delivery.lastAttempt"), className: "small", cell: (d) => (d.lastAttemptAt ? fmt.dateTime(d.lastAttemptAt) : t("common.none")) },
    { key: "next", header: t("webhook.delivery.nextAttempt"), className: "small", cell: (d) => (d.nextAttemptAt ? fmt.dateTime(d.nextAttemptAt) : t("common.none")) },
    {
      key: "actions",
      header: <span className="sr-only">{t("case.actions")}</span>,
      cell: (d) =>
        webhook.active ? (
          <Button variant="subtle" onClick={() => again.mutate(d)} loading={again.isPending && again.variables?.id === d.id} data-testid="webhook-redeliver">
            {t("webhook.delivery.redeliver")}
          </Button>
        ) : null,
    },
  ];
  return (
    <Modal title={t("webhook.logTitle", { url: webhook.url })} onClose={onClose} testId="webhook-deliveries" wide>
      <div className="stack">
        {log.isLoading ? <Loading /> : null}
        <ErrorAlert error={log.error ?? again.error} onRetry={() => void log.refetch()} />
        {log.data ? <DataTable caption={t("webhook.log")} columns={columns} rows={log.data.items} rowKey={(d) => d.id} empty={t("webhook.delivery.empty")} testId="webhook-delivery-table" rowProps={() => ({ "data-testid": "webhook-delivery-row" })} /> : null}
      </div>
    </Modal>
  );
}
