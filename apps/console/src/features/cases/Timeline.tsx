/**
 * A case's timeline, oldest first. Long timelines stay smooth: every entry is laid out only when
 * near the viewport (CSS content-visibility with a remembered size), so 500+ entries cost little.
 */
import { memo } from "react";
import type { CaseEvent } from "@tandem/contracts";
import { useFormat } from "../../lib/format";
import { currentLanguage, useI18n, type MessageKey, type TFunction } from "../../i18n";
import { describeRemedyEvent } from "../remedies";
import { Icon, type IconName } from "../../ui/icons";

export function actorName(t: TFunction, actor: CaseEvent["actor"]): string {
  if (actor.name) return actor.name;
  if (actor.type === "system") return t("event.actor.system");
  if (actor.type === "customer") return t("event.actor.customer");
  if (actor.type === "rule") return t("event.actor.rule");
  return t("event.actor.unknown");
}

const str = (v: unknown): string => (typeof v === "string" ? v : v == null ? "" : String(v));

const statusName = (t: TFunction, s: unknown) => {
  const v = str(s);
  return ["open", "waiting_on_customer", "waiting_on_party", "resolved", "closed"].includes(v) ? t(`status.${v}` as MessageKey) : v;
};

const channelName = (t: TFunction, c: unknown) => {
  const v = str(c);
  return ["phone", "chat", "email", "sms", "web", "visit", "social"].includes(v) ? t(`channel.${v}` as MessageKey) : v;
};

/** One line saying who did what, in the user's language. */
export function describeEvent(t: TFunction, e: { type: string; actor: CaseEvent["actor"]; data: Record<string, unknown> }): string {
  const actor = actorName(t, e.actor);
  const d = e.data;
  const remedyLine = describeRemedyEvent(t, e, actor, currentLanguage());
  if (remedyLine) return remedyLine;
  switch (e.type) {
    case "case.created":
      return t("event.case.created", { actor });
    case "message.added":
      if (e.actor.type === "customer") return t("event.message.customer", { actor });
      return d.visibility === "internal" ? t("event.message.internal", { actor }) : d.visibility === "parties" ? t("event.message.parties", { actor }) : t("event.message.public", { actor });
    case "case.handed_off":
      return t("event.case.handedOff", { actor, from: str(d.fromOrganizationName), to: str(d.toUserName ?? d.toOrganizationName) });
    case "party.assignee_set":
      return d.toUserName ? t("event.party.assigneeSet", { actor, organization: str(d.organizationName), to: str(d.toUserName) }) : t("event.party.assigneeCleared", { actor, organization: str(d.organizationName) });
    case "case.assigned":
      return d.toUserName ? t("event.case.assigned", { actor, to: str(d.toUserName) }) : t("event.case.unassigned", { actor });
    case "party.added":
      return t("event.party.added", { actor, organization: str(d.organizationName), access: d.access === "view" ? t("access.view") : t("access.contribute") });
    case "case.status_changed":
      return t("event.case.status_changed", { actor, from: statusName(t, d.from), to: statusName(t, d.to) });
    case "case.resolved":
      return t("event.case.resolved", { actor });
    case "case.reopened":
      return d.reason === "customer_wrote" ? t("event.case.reopenedByCustomer", { actor }) : t("event.case.reopened", { actor });
    case "case.follow_up_opened":
      return t("event.case.followUpOpened", { actor, number: str(d.number) });
    case "case.closed":
      return t("event.case.closed", { actor });
    case "case.updated":
      return t("event.case.updated", { actor });
    case "interaction.created":
      return t("event.interaction.recorded", { actor });
    case "interaction.recorded":
      return t("event.interaction.recordedOn", {
        actor,
        channel: t(`channel.${str(d.channel)}` as MessageKey),
        direction: t(d.direction === "outbound" ? "direction.outbound" : "direction.inbound"),
      });
    case "customer_link.created":
      return t("event.customer_link.created", { actor });
    case "customer_link.revoked":
      return t("event.customer_link.revoked", { actor });
    case "sla.warned":
    case "sla.breached":
    case "sla.escalated": {
      const kind = str(d.kind ?? d.milestone);
      const label = ["first_response", "next_update", "resolution", "commitment", "task"].includes(kind) ? t(`deadline.kind.${kind}` as MessageKey) : kind;
      return t(e.type === "sla.warned" ? "event.sla.warned" : e.type === "sla.breached" ? "event.sla.breached" : "event.sla.escalated", { kind: label });
    }
    case "sla.update_sent":
      return t("event.sla.update_sent");
    case "sla.policy_applied":
      return d.policyId ? t("event.sla.policy_applied", { name: str(d.name) }) : t("event.sla.policy_none");
    case "message.delivered":
      return t("event.delivery.delivered", { channel: channelName(t, d.channel) });
    case "message.delivery_logged":
      return t("event.delivery.logged", { channel: channelName(t, d.channel) });
    case "message.delivery_failed":
      return d.permanent ? t("event.delivery.failedPermanent", { channel: channelName(t, d.channel) }) : t("event.delivery.failed", { channel: channelName(t, d.channel), count: Number(d.attempts ?? 0) });
    case "message.delivery_retried":
      return t("event.delivery.retried", { actor });
    case "message.undeliverable":
      return t("event.delivery.undeliverable");
    case "commitment.added":
    case "commitment.created":
      return t("event.commitment.added", { actor, text: str(d.description) });
    case "task.created":
    case "task.completed":
    case "task.closed":
      return t(e.type === "task.created" ? "event.task.created" : e.type === "task.completed" ? "event.task.completed" : "event.task.closed", { actor, text: str(d.title) });
    default:
      return t("event.other", { actor, type: e.type });
  }
}

function eventIcon(e: CaseEvent): IconName {
  if (e.type === "message.added") return e.data.visibility === "public" || e.actor.type === "customer" ? "send" : "note";
  if (e.type === "case.assigned") return "user";
  if (e.type === "party.added") return "share";
  if (e.type === "case.resolved" || e.type === "case.closed") return "check";
  if (e.type.startsWith("customer_link")) return "link";
  if (e.type === "case.created") return "case";
  return "clock";
}

export function EventDetails({ data }: { data: Record<string, unknown> }) {
  const { t } = useI18n();
  return (
    <>
      {data.resolution ? (
        <p className="ev-extra">
          <strong>{t("event.resolution")}{t("common.colon")}</strong>{str(data.resolution)}
        </p>
      ) : null}
      {data.reason ? (
        <p className="ev-extra">
          <strong>{t("event.reason")}{t("common.colon")}</strong>{str(data.reason)}
        </p>
      ) : null}
      {data.interactionId && data.body ? (
        <p className="ev-extra pre" data-testid="event-contact-body">
          {str(data.body)}
        </p>
      ) : null}
      {data.note ? (
        <p className="ev-extra">
          <strong>{t("event.note")}{t("common.colon")}</strong>{str(data.note)}
        </p>
      ) : null}
    </>
  );
}

export function Timeline({ events }: { events: CaseEvent[] }) {
  return (
    <ol className="timeline" data-testid="case-timeline">
      {events.map((e) => (
        <TimelineItem key={e.id} event={e} />
      ))}
    </ol>
  );
}

/** Memoised: appending a page or a live change renders only the new entries. */
const TimelineItem = memo(function TimelineItem({ event: e }: { event: CaseEvent }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const message = e.type === "message.added";
  const internal = message && e.data.visibility !== "public" && e.actor.type !== "customer";
  const fromCustomer = message && e.actor.type === "customer";
  const cls = message ? (internal ? "ev ev-internal" : fromCustomer ? "ev ev-customer" : "ev ev-public") : "ev ev-event";
  return (
    <li className={cls} data-testid="timeline-entry" data-type={e.type} data-visibility={message ? str(e.data.visibility) : undefined}>
      <div className="ev-icon" aria-hidden="true">
        <Icon name={eventIcon(e)} size={16} />
      </div>
      <div className="ev-body">
        <div className="ev-head">
          <span className="ev-title">{describeEvent(t, e)}</span>
          {message ? <span className={`badge ${internal ? "tone-amber" : "tone-blue"}`}>{e.data.visibility === "parties" ? t("event.partiesBadge") : internal ? t("event.internalBadge") : t("event.publicBadge")}</span> : null}
          <time dateTime={e.at} className="ev-time">
            {fmt.dateTime(e.at)}
          </time>
        </div>
        {message ? <div className="ev-text">{str(e.data.body)}</div> : null}
        <EventDetails data={e.data} />
      </div>
    </li>
  );
});
