/**
 * The remedies of a case, and the dialog that offers one: the decision and its explanation are
 * shown (from the server's preview) before the agent confirms.
 */
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Badge, Group, SimpleGrid } from "@mantine/core";
import type { CreateRemedyBody, Remedy, RemedyDecision } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, Empty, ErrorAlert, FormModal, Loading, Select, TextArea, TextInput, toast } from "../../ui";
import { fetchCaseRemedies, fetchCatalogue, previewRemedy, remediesChanged, remedyKeys, requestRemedy } from "./api";
import { inLanguage, refusalText } from "./words";

const FAULTS = ["company", "partner", "customer", "third_party", "unknown"] as const;
const STATUS_COLOR: Record<Remedy["status"], string> = { granted: "#166534", pending_approval: "#92400e", declined: "#991b1b" };

export function StatusTag({ status }: { status: Remedy["status"] }) {
  const { t } = useI18n();
  return (
    <Badge variant="outline" color={STATUS_COLOR[status]} tt="none" data-testid="remedy-status">
      {t(`remedy.status.${status}` as MessageKey)}
    </Badge>
  );
}

/** A remedy in one line: its status, value and reason; `children` adds to the line. */
export function RemedyHeadline({ remedy, children }: { remedy: Remedy; children?: ReactNode }) {
  const { lang } = useI18n();
  return (
    <Group gap="xs">
      <StatusTag status={remedy.status} />
      <strong>
        {remedy.value.amount} {remedy.value.currency}
      </strong>
      <span>{inLanguage(remedy.reasonLabel, lang)}</span>
      {children}
    </Group>
  );
}

export function RemedyPanel({ caseId, customerId, canOffer }: { caseId: string; customerId: string; canOffer: boolean }) {
  const { t, lang } = useI18n();
  const list = useQuery({ queryKey: remedyKeys.ofCase(caseId), queryFn: ({ signal }) => fetchCaseRemedies(caseId, signal) });
  const [open, setOpen] = useState(false);
  return (
    <section className="card" data-testid="remedies">
      <div className="section-head">
        <h2 className="h3">{t("remedy.title")}</h2>
        {canOffer ? (
          <Button icon="plus" variant="subtle" onClick={() => setOpen(true)} data-testid="remedy-offer">
            {t("remedy.offer")}
          </Button>
        ) : null}
      </div>
      {list.isLoading ? <Loading /> : null}
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.data && list.data.items.length === 0 ? <Empty icon="clock">{t("remedy.none")}</Empty> : null}
      <ul className="stack" aria-label={t("remedy.title")}>
        {list.data?.items.map((r) => (
          <li key={r.id} data-testid="remedy-item">
            <RemedyHeadline remedy={r} />
            <p className="small pre">{inLanguage(r.explanations, lang)}</p>
            {r.decisionReason ? <p className="small muted">{t("remedy.decisionReason", { reason: r.decisionReason })}</p> : null}
          </li>
        ))}
      </ul>
      {open ? <RemedyModal caseId={caseId} customerId={customerId} onClose={() => setOpen(false)} /> : null}
    </section>
  );
}

function RemedyModal({ caseId, customerId, onClose }: { caseId: string; customerId: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const catalogue = useQuery({ queryKey: remedyKeys.catalogue(), queryFn: ({ signal }) => fetchCatalogue(signal) });
  const [form, setForm] = useState({ reason: "", kind: "", amount: "", loss: "", fault: "company", chargeStatus: "", justification: "" });
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });
  const currency = catalogue.data?.settings.currency ?? "CNY";
  const reason = catalogue.data?.reasons.find((r) => r.code === form.reason);
  const body = useMemo((): CreateRemedyBody | null => {
    if (!form.reason || !form.kind || !/^\d+(\.\d{1,2})?$/.test(form.amount)) return null;
    const unit = form.kind === "points" || form.kind === "free_service";
    return {
      kind: form.kind as CreateRemedyBody["kind"],
      reason: form.reason,
      fault: form.fault as CreateRemedyBody["fault"],
      ...(unit ? { quantity: Number(form.amount) } : { value: { amount: form.amount, currency } }),
      ...(/^\d+(\.\d{1,2})?$/.test(form.loss) ? { loss: { amount: form.loss, currency } } : {}),
      ...(form.chargeStatus ? { chargeStatus: form.chargeStatus as "charged" | "not_charged" } : {}),
      ...(form.justification.trim() ? { justification: form.justification.trim() } : {}),
    };
  }, [form, currency]);

  // The decision before confirming: asked of the server (the rules live there), a moment after typing stops.
  const [preview, setPreview] = useState<{ decision: RemedyDecision | null; error: unknown }>({ decision: null, error: null });
  useEffect(() => {
    if (!body) return;
    const timer = setTimeout(() => {
      previewRemedy(caseId, body).then(
        (decision) => setPreview({ decision, error: null }),
        (error: unknown) => setPreview({ decision: null, error }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [caseId, body]);
  const shown = body ? preview : { decision: null, error: null };

  const m = useMutation({ mutationFn: (b: CreateRemedyBody) => requestRemedy(caseId, b) });
  const submit = () => {
    if (!body) return;
    m.mutate(body, {
      onSuccess: (r) => {
        remediesChanged({ caseId, customerId });
        toast(t(`remedy.status.${r.status}` as MessageKey));
        onClose();
      },
    });
  };
  const refusal = refusalText(m.error ?? shown.error, lang);
  return (
    <FormModal title={t("remedy.offer")} testId="remedy-modal" onClose={onClose} onSubmit={submit} submitLabel={t("remedy.confirm")} submitTestId="remedy-submit" pending={m.isPending} error={refusal ? null : m.error} wide>
      {catalogue.isLoading ? <Loading /> : null}
      <SimpleGrid cols={2}>
        <Select label={t("remedy.reason")} value={form.reason} onChange={set("reason")} placeholder="" options={(catalogue.data?.reasons ?? []).filter((r) => r.active).map((r) => ({ value: r.code, label: inLanguage(r.labels, lang) }))} data-testid="remedy-reason" />
        <Select label={t("remedy.kind")} value={form.kind} onChange={set("kind")} placeholder="" options={(reason?.kinds ?? []).map((k) => ({ value: k, label: t(`remedy.kind.${k}` as MessageKey) }))} data-testid="remedy-kind" />
        <TextInput label={form.kind === "points" || form.kind === "free_service" ? t("remedy.quantity") : t("remedy.value", { currency })} value={form.amount} onChange={set("amount")} inputMode="decimal" data-testid="remedy-value" />
        <TextInput label={t("remedy.loss", { currency })} hint={t("common.optional")} value={form.loss} onChange={set("loss")} inputMode="decimal" data-testid="remedy-loss" />
        <Select label={t("remedy.fault")} value={form.fault} onChange={set("fault")} options={FAULTS.map((f) => ({ value: f, label: t(`remedy.fault.${f}` as MessageKey) }))} data-testid="remedy-fault" />
        <Select label={t("remedy.chargeStatus")} value={form.chargeStatus} onChange={set("chargeStatus")} placeholder={t("remedy.chargeUnknown")} options={[{ value: "not_charged", label: t("remedy.notCharged") }, { value: "charged", label: t("remedy.charged") }]} data-testid="remedy-charge" />
      </SimpleGrid>
      <TextArea label={t("remedy.justification")} hint={t("remedy.justificationHint")} value={form.justification} onChange={set("justification")} rows={2} maxLength={2000} data-testid="remedy-justification" />
      <section className="card" aria-live="polite" data-testid="remedy-preview">
        <h3 className="h3">{t("remedy.decision")}</h3>
        {shown.decision ? (
          <>
            <StatusTag status={shown.decision.status} />
            <p className="pre" data-testid="remedy-explanation">
              {inLanguage(shown.decision.explanations, lang)}
            </p>
          </>
        ) : refusal ? (
          <p className="pre error-text" data-testid="remedy-refusal">
            {refusal}
          </p>
        ) : (
          <p className="muted">{t("remedy.fillIn")}</p>
        )}
      </section>
    </FormModal>
  );
}
