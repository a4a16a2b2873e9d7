/** The whole customer: identities and every case and contact across channels and teams, newest first. */
import { useEffect, useState } from "react";
import type { Customer, Identity, TimelineEntry } from "@tandem/contracts";
import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "../../lib/queryClient";
import { usePaged } from "../../lib/paged";
import { Link } from "../../lib/router";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey, type TFunction } from "../../i18n";
import { Button, Empty, ErrorAlert, Loading, StatusBadge } from "../../ui";
import { Icon, channelIcon } from "../../ui/icons";
import { describeEvent, EventDetails } from "../cases/Timeline";
import { fetchCustomer, fetchTimeline } from "./api";
import { NewCaseModal, RecordContactModal } from "./CustomerModals";
import { CustomerIdentityPanel, MergeTimelineEntry } from "../identity/CustomerIdentityPanel";
import { AttachContactButton } from "./AttachContact";

export function identityLabel(t: TFunction, kind: string): string {
  if (kind.startsWith("external:")) return t("identity.external", { system: kind.slice("external:".length) });
  return ["phone", "email", "member_id", "national_id", "chat_visitor"].includes(kind) ? t(`identity.${kind}` as MessageKey) : kind;
}

export function Identities({ identities }: { identities: Identity[] }) {
  const { t } = useI18n();
  if (!identities.length) return <p className="muted small">{t("customer.noIdentities")}</p>;
  return (
    <dl className="identities" data-testid="customer-identities">
      {identities.map((i) => (
        <div key={i.id} className="identity" data-testid="customer-identity" data-masked={i.masked}>
          <dt>{identityLabel(t, i.kind)}</dt>
          <dd>
            {i.masked ? <Icon name="lock" size={14} title={t("identity.masked")} /> : null}
            <span className="mono">{i.value}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function Customer360({ customerId, compact = false, caseId, canContact }: { customerId: string; compact?: boolean; caseId?: string; canContact?: boolean }) {
  const { t } = useI18n();
  const customer = useQuery({ queryKey: queryKeys.customer(customerId), queryFn: ({ signal }) => fetchCustomer(customerId, signal) });
  const timeline = usePaged<TimelineEntry>(queryKeys.timeline(customerId), (cursor, signal) => fetchTimeline(customerId, cursor, signal));
  const [modal, setModal] = useState<"case" | "contact" | null>(null);
  const c = customer.data;
  useEffect(() => {
    if (c && !compact) document.title = `${c.name} · ${t("app.name")}`;
  }, [c, compact, t]);

  return (
    <section className={`c360 ${compact ? "c360-compact" : ""}`} aria-labelledby={`c360-${customerId}`} data-testid="customer-360">
      {customer.isLoading ? <Loading /> : null}
      <ErrorAlert error={c ? null : customer.error} onRetry={() => void customer.refetch()} />
      {c ? (
        <>
          <div className="c360-head">
            <div>
              {compact ? (
                <h2 id={`c360-${customerId}`} className="h2">
                  <Icon name="user" /> <Link to={`/customers/${c.id}`} data-testid="customer-link">{c.name}</Link>
                </h2>
              ) : (
                <h1 id={`c360-${customerId}`} data-testid="customer-name">
                  {c.name}
                </h1>
              )}
              <CustomerFacts customer={c} />
            </div>
            <div className="row-gap">
              {c.abilities.includes("customer.open_case") ? (
                <Button icon="plus" variant={compact ? "default" : "primary"} onClick={() => setModal("case")} data-testid="customer-new-case">
                  {t("customer.newCase")}
                </Button>
              ) : null}
              {(canContact ?? c.abilities.includes("customer.record_contact")) ? (
                <Button icon="phone" onClick={() => setModal("contact")} data-testid="customer-record-contact">
                  {t("customer.recordContact")}
                </Button>
              ) : null}
            </div>
          </div>
          <h3 className="h3">{t("customer.identities")}</h3>
          <Identities identities={c.identities} />
          {!compact ? <CustomerIdentityPanel customer={c} canMerge={c.abilities.includes("customer.merge")} /> : null}
        </>
      ) : null}

      <h3 className="h3">{t("customer.timeline")}</h3>
      {timeline.isLoading ? <Loading /> : null}
      <ErrorAlert error={timeline.data ? null : timeline.error} onRetry={() => void timeline.refetch()} />
      {timeline.data && timeline.items.length === 0 ? <Empty icon="clock">{t("customer.timelineEmpty")}</Empty> : null}
      <ol className="ctl" data-testid="customer-timeline">
        {timeline.items.map((entry) => (
          <TimelineRow key={`${entry.type}-${entry.id}`} entry={entry} />
        ))}
      </ol>
      {timeline.hasMore ? (
        <div className="list-foot">
          <Button onClick={() => void timeline.loadMore()} loading={timeline.loadingMore} data-testid="customer-timeline-more">
            {t("common.loadMore")}
          </Button>
        </div>
      ) : null}
      <ErrorAlert error={timeline.moreError} />
      {c && modal === "case" ? <NewCaseModal customer={c} onClose={() => setModal(null)} /> : null}
      {c && modal === "contact" ? <RecordContactModal customer={c} caseId={caseId} onClose={() => setModal(null)} /> : null}
    </section>
  );
}

function CustomerFacts({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <p className="muted small">
      {t("customer.since", { time: fmt.date(customer.createdAt) })}
      {customer.preferredChannel ? ` · ${t("customer.preferredChannel")}${t("common.colon")}${t(`channel.${customer.preferredChannel}` as MessageKey)}` : ""}
      {customer.locale ? ` · ${t("customer.locale")}${t("common.colon")}${customer.locale === "zh-CN" ? "中文" : "English"}` : ""}
    </p>
  );
}

function TimelineRow({ entry }: { entry: TimelineEntry }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const time = (
    <time className="ev-time" dateTime={entry.at}>
      {fmt.dateTime(entry.at)}
    </time>
  );
  if (entry.type === "merge") return <MergeTimelineEntry entry={entry} time={time} />;
  if (entry.type === "interaction") {
    const i = entry.interaction;
    return (
      <li className="ctl-item ctl-interaction" data-testid="customer-timeline-entry" data-type="interaction" data-channel={i.channel}>
        <span className={`ctl-icon ch-${i.channel}`}>
          <Icon name={channelIcon(i.channel)} size={16} title={t(`channel.${i.channel}` as MessageKey)} />
        </span>
        <div className="ctl-body">
          <div className="ev-head">
            <span className="ev-title">{t("customer.entry.interaction", { direction: t(`direction.${i.direction}` as MessageKey), channel: t(`channel.${i.channel}` as MessageKey) })}</span>
            {i.organizationName ? <span className="muted small">{t("customer.entry.by", { organization: i.organizationName })}</span> : null}
            {time}
          </div>
          <div className="ev-text">{i.body}</div>
          <AttachContactButton interaction={i} />
        </div>
      </li>
    );
  }
  if (entry.type === "case") {
    const k = entry.case;
    return (
      <li className="ctl-item ctl-case" data-testid="customer-timeline-entry" data-type="case">
        <span className="ctl-icon">
          <Icon name="case" size={16} />
        </span>
        <div className="ctl-body">
          <div className="ev-head">
            <Link to={`/cases/${k.id}`} className="ev-title">
              {t("customer.entry.case", { number: k.number, subject: k.subject })}
            </Link>
            <StatusBadge status={k.status} />
            {time}
          </div>
        </div>
      </li>
    );
  }
  const e = entry.event;
  const message = e.type === "message.added";
  const internal = message && (e.data.visibility === "internal" || e.data.visibility === "parties");
  return (
    <li className={`ctl-item ctl-event ${internal ? "ev-internal" : ""}`} data-testid="customer-timeline-entry" data-type="case_event">
      <span className="ctl-icon">
        <Icon name={message ? (internal ? "note" : "send") : "clock"} size={16} />
      </span>
      <div className="ctl-body">
        <div className="ev-head">
          <Link to={`/cases/${e.caseId}`} className="mono small">
            {e.caseNumber}
          </Link>
          <span className="ev-title">{describeEvent(t, { type: e.type, actor: { type: e.actor.type as "user", id: e.actor.id, name: e.actor.name }, data: e.data })}</span>
          {message ? <span className={`badge ${internal ? "tone-amber" : "tone-blue"}`}>{internal ? t("event.internalBadge") : t("event.publicBadge")}</span> : null}
          {time}
        </div>
        {message ? <div className="ev-text">{String(e.data.body ?? "")}</div> : null}
        <EventDetails data={e.data} />
      </div>
    </li>
  );
}
