/**
 * The contact guard on the case page: every planned contact with its decision in words (planned
 * with the time in the customer's zone and the agent's, suppressed and why, cancelled, sent), and
 * "Plan a contact", which shows the guard's decision once it is made.
 */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Badge, Group } from "@mantine/core";
import { CHANNELS, type Outreach } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { useFormat } from "../../lib/format";
import { DateTimeField } from "../../ui/DateTimeField";
import { Button, Empty, ErrorAlert, FormModal, Loading, Select, TextInput, toast } from "../../ui";
import { cancelOutreach, fetchCaseOutreach, markSent, outreachChanged, outreachKeys, planOutreach } from "./api";

const STATUS_COLOR: Record<Outreach["status"], string> = { scheduled: "#1e40af", sent: "#166534", cancelled: "#4b5563", suppressed: "#991b1b" };

/** The time in the customer's zone, and on the agent's clock when that differs. */
function When({ o }: { o: Outreach }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const theirs = new Intl.DateTimeFormat(lang, { timeZone: o.timeZone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(o.scheduledFor));
  return (
    <span className="small" data-testid="outreach-when">
      {t("outreach.customerTime", { time: theirs, zone: o.timeZone })}
      {o.timeZone !== fmt.timeZone ? <span className="muted"> · {t("outreach.yourTime", { time: fmt.dateTime(o.scheduledFor) })}</span> : null}
    </span>
  );
}

/** Why, in words. */
export function reasonText(t: ReturnType<typeof useI18n>["t"], o: Outreach): string | null {
  switch (o.reason) {
    case "duplicate":
      return o.duplicateOfOrganizationName ? t("outreach.why.duplicateBy", { org: o.duplicateOfOrganizationName }) : t("outreach.why.duplicate");
    case "opted_out":
      return t("outreach.why.optedOut", { channel: t(`outreach.channel.${o.channel}` as MessageKey) });
    case "contact_cap":
      return t("outreach.why.cap");
    case "case_resolved":
      return o.status === "cancelled" ? t("outreach.why.cancelledResolved") : t("outreach.why.resolved");
    case "quiet_hours":
      return t("outreach.why.quietHours");
    case "response":
      return t("outreach.why.response");
    case "cancelled":
      return t("outreach.why.cancelled", { reason: o.cancelReason ?? "" });
    default:
      return null;
  }
}

function OutreachLine({ o, caseId }: { o: Outreach; caseId: string }) {
  const { t } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  const sent = useMutation({ mutationFn: () => markSent(o.id), onSuccess: () => (outreachChanged(caseId), toast(t("outreach.sentDone"))) });
  const why = reasonText(t, o);
  return (
    <li data-testid="outreach-item" data-status={o.status}>
      <Group gap="xs">
        <Badge variant="outline" color={STATUS_COLOR[o.status]} tt="none" data-testid="outreach-status">
          {t(`outreach.status.${o.status}` as MessageKey)}
        </Badge>
        <strong>{t(`outreach.channel.${o.channel}` as MessageKey)}</strong>
        <span className="muted small">{o.organizationName}</span>
      </Group>
      <p className="small">{o.purposes.map((p) => p.purpose).join(" · ")}</p>
      <When o={o} />
      {why ? (
        <p className="small muted" data-testid="outreach-reason">
          {why}
        </p>
      ) : null}
      {o.abilities.length ? (
        <Group gap="xs">
          {o.abilities.includes("outreach.send") ? (
            <Button variant="subtle" onClick={() => sent.mutate()} loading={sent.isPending} data-testid="outreach-sent">
              {t("outreach.markSent")}
            </Button>
          ) : null}
          {o.abilities.includes("outreach.cancel") ? (
            <Button variant="subtle" onClick={() => setCancelling(true)} data-testid="outreach-cancel">
              {t("outreach.cancel")}
            </Button>
          ) : null}
        </Group>
      ) : null}
      <ErrorAlert error={sent.error} />
      {cancelling ? <CancelModal o={o} caseId={caseId} onClose={() => setCancelling(false)} /> : null}
    </li>
  );
}

function CancelModal({ o, caseId, onClose }: { o: Outreach; caseId: string; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const m = useMutation({ mutationFn: () => cancelOutreach(o.id, reason.trim()) });
  return (
    <FormModal
      title={t("outreach.cancel")}
      testId="outreach-cancel-modal"
      onClose={onClose}
      onSubmit={() => m.mutate(undefined, { onSuccess: () => (outreachChanged(caseId), onClose()) })}
      submitLabel={t("outreach.cancelConfirm")}
      submitTestId="outreach-cancel-submit"
      pending={m.isPending}
      error={m.error}
    >
      <TextInput label={t("outreach.cancelReason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} required data-testid="outreach-cancel-reason" />
    </FormModal>
  );
}

export function OutreachPanel({ caseId, canPlan }: { caseId: string; canPlan: boolean }) {
  const { t } = useI18n();
  const list = useQuery({ queryKey: outreachKeys.ofCase(caseId), queryFn: ({ signal }) => fetchCaseOutreach(caseId, signal) });
  const [open, setOpen] = useState(false);
  return (
    <section className="card" data-testid="outreach">
      <div className="section-head">
        <h2 className="h3">{t("outreach.title")}</h2>
        {canPlan ? (
          <Button icon="plus" variant="subtle" onClick={() => setOpen(true)} data-testid="outreach-plan">
            {t("outreach.plan")}
          </Button>
        ) : null}
      </div>
      {list.isLoading ? <Loading /> : null}
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.data && list.data.items.length === 0 ? <Empty icon="clock">{t("outreach.none")}</Empty> : null}
      <ul className="stack" aria-label={t("outreach.title")}>
        {list.data?.items.map((o) => <OutreachLine key={o.id} o={o} caseId={caseId} />)}
      </ul>
      {open ? <PlanModal caseId={caseId} onClose={() => setOpen(false)} /> : null}
    </section>
  );
}

function PlanModal({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ channel: "phone", purpose: "", scheduledFor: null as string | null });
  const m = useMutation({ mutationFn: () => planOutreach({ caseId, channel: form.channel, purpose: form.purpose.trim(), ...(form.scheduledFor ? { scheduledFor: form.scheduledFor } : {}) }) });
  const decided = m.data;
  return (
    <FormModal
      title={t("outreach.plan")}
      testId="outreach-modal"
      onClose={onClose}
      onSubmit={() => m.mutate(undefined, { onSuccess: () => outreachChanged(caseId) })}
      submitLabel={t("outreach.planConfirm")}
      submitTestId="outreach-submit"
      pending={m.isPending}
      error={m.error}
      footer={
        decided ? (
          <Group justify="flex-end">
            <Button variant="primary" onClick={onClose} data-testid="outreach-done">
              {t("common.close")}
            </Button>
          </Group>
        ) : undefined
      }
    >
      <Select label={t("outreach.channel")} value={form.channel} onChange={(e) => setForm({ ...form, channel: e.currentTarget.value })} options={CHANNELS.map((c) => ({ value: c, label: t(`outreach.channel.${c}` as MessageKey) }))} disabled={Boolean(decided)} data-testid="outreach-channel" />
      <TextInput label={t("outreach.purpose")} value={form.purpose} onChange={(e) => setForm({ ...form, purpose: e.currentTarget.value })} maxLength={500} required disabled={Boolean(decided)} data-testid="outreach-purpose" />
      <DateTimeField label={t("outreach.when")} hint={t("outreach.whenHint")} value={form.scheduledFor} onChange={(scheduledFor) => setForm({ ...form, scheduledFor })} disabled={Boolean(decided)} testId="outreach-when-field" />
      {decided ? (
        <section className="card" aria-live="polite" data-testid="outreach-decision" data-status={decided.status}>
          <h3 className="h3">{t("outreach.decision")}</h3>
          <Badge variant="outline" color={STATUS_COLOR[decided.status]} tt="none">
            {t(`outreach.status.${decided.status}` as MessageKey)}
          </Badge>
          <p>
            <When o={decided} />
          </p>
          {reasonText(t, decided) ? <p className="pre">{reasonText(t, decided)}</p> : null}
        </section>
      ) : null}
    </FormModal>
  );
}
