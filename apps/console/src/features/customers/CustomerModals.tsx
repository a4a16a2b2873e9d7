import { useState, type FormEvent } from "react";
import type { Case, Customer, Interaction } from "@tandem/contracts";
import { post } from "../../lib/api";
import { useMutation } from "@tanstack/react-query";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { useFormat } from "../../lib/format";
import { navigate } from "../../lib/router";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, ErrorAlert, Modal, Select, TextArea, TextInput, toast } from "../../ui";
import { CASE_KINDS, CHANNELS, PRIORITIES } from "../cases/api";

export function NewCaseModal({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useI18n();
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [kind, setKind] = useState<string>("question");
  const [channel, setChannel] = useState<string>(customer.preferredChannel ?? "phone");
  const [priority, setPriority] = useState<string>("normal");
  const [category, setCategory] = useState("");
  const m = useMutation({
    mutationFn: () =>
      post<Case>("/api/v1/cases", {
        customerId: customer.id,
        kind,
        subject: subject.trim(),
        description: description.trim() || undefined,
        channel,
        priority,
        category: category.trim() || undefined,
      }),
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined, {
      onSuccess: (created) => {
        invalidate(queryKeys.cases());
        invalidate(queryKeys.timeline(customer.id));
        onClose();
        navigate(`/cases/${created.id}`);
      },
    });
  };
  const opts = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  return (
    <Modal open title={t("newCase.title", { name: customer.name })} onClose={onClose} testId="new-case-modal">
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <TextInput label={t("newCase.subject")} required autoFocus value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={300} data-testid="new-case-subject" />
        <TextArea label={t("newCase.description")} hint={t("common.optional")} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="new-case-description" />
        <div className="grid-3">
          <Select label={t("newCase.kind")} value={kind} onChange={(e) => setKind(e.target.value)} options={opts(CASE_KINDS, "kind")} data-testid="new-case-kind" />
          <Select label={t("newCase.channel")} value={channel} onChange={(e) => setChannel(e.target.value)} options={opts(CHANNELS, "channel")} data-testid="new-case-channel" />
          <Select label={t("newCase.priority")} value={priority} onChange={(e) => setPriority(e.target.value)} options={opts(PRIORITIES, "priority")} data-testid="new-case-priority" />
        </div>
        <TextInput label={t("newCase.category")} hint={t("common.optional")} value={category} onChange={(e) => setCategory(e.target.value)} maxLength={100} />
        <ErrorAlert error={m.error} />
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} disabled={!subject.trim()} data-testid="new-case-submit">
            {t("newCase.submit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

export function RecordContactModal({ customer, caseId, onClose }: { customer: Customer; caseId?: string; onClose: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [channel, setChannel] = useState<string>("phone");
  const [direction, setDirection] = useState<"inbound" | "outbound">("inbound");
  const [body, setBody] = useState("");
  // "When" starts at now on the user's clock; left as it is (or emptied), the server's clock decides.
  const [openedAt] = useState(() => fmt.toInput(new Date()));
  const [when, setWhen] = useState(openedAt);
  const occurredAt = when && when !== openedAt ? (fmt.fromInput(when) ?? undefined) : undefined;
  const m = useMutation({ mutationFn: () => post<Interaction>("/api/v1/interactions", { channel, direction, customer: { id: customer.id }, body: body.trim(), caseId, occurredAt }) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined, {
      onSuccess: () => {
        invalidate(queryKeys.timeline(customer.id));
        if (caseId) invalidate(queryKeys.events(caseId));
        toast(t("common.saved"));
        onClose();
      },
    });
  };
  return (
    <Modal open title={t("contact.title", { name: customer.name })} onClose={onClose} testId="record-contact-modal">
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="grid-2">
          <Select label={t("contact.channel")} value={channel} onChange={(e) => setChannel(e.target.value)} options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}` as MessageKey) }))} data-testid="contact-channel" />
          <Select
            label={t("contact.direction")}
            value={direction}
            onChange={(e) => setDirection(e.target.value as "inbound" | "outbound")}
            options={[
              { value: "inbound", label: t("direction.inbound") },
              { value: "outbound", label: t("direction.outbound") },
            ]}
            data-testid="contact-direction"
          />
        </div>
        <TextInput
          type="datetime-local"
          label={t("contact.occurredAt")}
          hint={t("contact.occurredAtHint", { zone: fmt.timeZone })}
          value={when}
          max={fmt.toInput(new Date())}
          onChange={(e) => setWhen(e.target.value)}
          data-testid="contact-occurred-at"
        />
        <TextArea label={t("contact.body")} required autoFocus value={body} onChange={(e) => setBody(e.target.value)} data-testid="contact-body" />
        <ErrorAlert error={m.error} />
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} disabled={!body.trim()} data-testid="contact-submit">
            {t("contact.submit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
