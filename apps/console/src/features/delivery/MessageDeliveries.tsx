/**
 * How the case's public messages went out to the customer: channel, status, attempts, the mail
 * server's last answer, and "Send again" for a failed or logged-only one. Newest first; nothing
 * is shown for a case with no public message from staff or Tandem.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Delivery } from "@tandem/contracts";
import { useFormat } from "../../lib/format";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, ErrorAlert } from "../../ui";
import { deliveriesKey, fetchDeliveries, retryDelivery } from "./api";
import classes from "./MessageDeliveries.module.css";

const TONE: Record<Delivery["status"], string> = { pending: "blue", sent: "green", logged_only: "amber", failed: "red", undeliverable: "red" };

export function MessageDeliveries({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const q = useQuery({ queryKey: deliveriesKey(caseId), queryFn: ({ signal }) => fetchDeliveries(caseId, signal) });
  const retry = useMutation({ mutationFn: retryDelivery, onSuccess: () => invalidate(queryKeys.events(caseId)) });
  const items = [...(q.data?.items ?? [])].reverse();
  if (items.length === 0 && !q.error) return null;
  return (
    <section className="card" data-testid="message-deliveries">
      <h2 className="h3">{t("delivery.title")}</h2>
      <ErrorAlert error={q.data ? null : q.error} onRetry={() => void q.refetch()} />
      <ErrorAlert error={retry.error} />
      <ul className={`plain ${classes.list}`}>
        {items.map((d) => (
          <li key={d.id} data-testid="delivery" data-status={d.status}>
            <div className={classes.head}>
              <strong>{d.channel ? t(`delivery.channel.${d.channel}` as MessageKey) : t("delivery.noChannel")}</strong>
              <span className={`badge tone-${TONE[d.status]}`}>{t(`delivery.status.${d.status}` as MessageKey)}</span>
            </div>
            <div className="small muted">
              {d.automatic ? `${t("delivery.automatic")} · ` : ""}
              {d.address ? `${d.address} · ` : ""}
              <time dateTime={d.sentAt ?? d.updatedAt}>{fmt.dateTime(d.sentAt ?? d.updatedAt)}</time>
              {d.attempts > 1 ? ` · ${t("delivery.attempts", { count: d.attempts })}` : ""}
            </div>
            {d.status === "pending" && d.nextAttemptAt ? <div className="small">{t("delivery.nextAttempt", { time: fmt.dateTime(d.nextAttemptAt) })}</div> : null}
            {d.status === "logged_only" ? <div className="small">{t("delivery.loggedOnlyHint")}</div> : null}
            {d.lastError ? <div className="small pre">{d.lastError}</div> : null}
            {d.abilities.includes("delivery.retry") ? (
              <Button variant="subtle" icon="send" loading={retry.isPending && retry.variables === d.id} onClick={() => retry.mutate(d.id)} data-testid="delivery-retry">
                {t("delivery.retry")}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
