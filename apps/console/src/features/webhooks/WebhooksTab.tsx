/** Webhooks / Webhook: the list with pause and resume, registration (the secret shown once), and each webhook's delivery log. */
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { Webhook } from "@tandem/contracts";
import { useI18n } from "../../i18n";
import { useFormat } from "../../lib/format";
import { invalidate } from "../../lib/queryClient";
import { Button, ErrorAlert, StateBadge, type Column } from "../../ui";
import { AdminList } from "../admin/AdminList";
import { fetchWebhookPage, updateWebhook, webhooksKey } from "./api";
import { DeliveryLog } from "./DeliveryLog";
import { NewWebhook } from "./NewWebhook";

export function WebhooksTab() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [creating, setCreating] = useState(false);
  const [log, setLog] = useState<Webhook | null>(null);
  const toggle = useMutation({ mutationFn: (w: Webhook) => updateWebhook(w.id, { active: !w.active }), onSuccess: () => invalidate(webhooksKey()) });
  const state = (w: Webhook) => (w.active ? t("webhook.active") : w.pausedReason === "failing" ? t("webhook.pausedFailing") : t("webhook.paused"));
  const columns: Column<Webhook>[] = [
    { key: "url", header: t("webhook.url"), className: "small", cell: (w) => <code>{w.url}</code> },
    { key: "events", header: t("webhook.events"), className: "small", cell: (w) => w.events.join(", ") },
    { key: "owner", header: t("webhook.owner"), className: "small", cell: (w) => (w.organizationId ? t("webhook.ownerPartner") : t("webhook.ownerAdmin")) },
    { key: "state", header: t("webhook.state"), cell: (w) => <StateBadge on={w.active}>{state(w)}</StateBadge> },
    { key: "created", header: t("webhook.created"), className: "small", cell: (w) => fmt.dateTime(w.createdAt) },
    {
      key: "actions",
      header: <span className="sr-only">{t("case.actions")}</span>,
      cell: (w) => (
        <div className="row-gap">
          <Button variant="subtle" onClick={() => setLog(w)} data-testid="webhook-log">
            {t("webhook.log")}
          </Button>
          {w.abilities.includes("webhook.update") ? (
            <Button variant="subtle" onClick={() => toggle.mutate(w)} loading={toggle.isPending && toggle.variables?.id === w.id} data-testid="webhook-toggle">
              {w.active ? t("webhook.pause") : t("webhook.resume")}
            </Button>
          ) : null}
        </div>
      ),
    },
  ];
  return (
    <div className="stack">
      <div>
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)} data-testid="webhook-new">
          {t("webhook.new")}
        </Button>
      </div>
      <ErrorAlert error={toggle.error} />
      <AdminList
        queryKey={webhooksKey()}
        fetchPage={fetchWebhookPage}
        columns={columns}
        caption={t("webhook.title")}
        empty={t("webhook.empty")}
        testId="admin-webhooks"
        rowProps={(w) => ({ "data-testid": "webhook-row", "data-url": w.url })}
      />
      {creating ? <NewWebhook onClose={() => setCreating(false)} /> : null}
      {log ? <DeliveryLog webhook={log} onClose={() => setLog(null)} /> : null}
    </div>
  );
}
