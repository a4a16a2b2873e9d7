/** A customer's dialogs: open a case for them, record a contact with them. */
import { useState } from "react";
import type { Case, Customer, Interaction } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "@mantine/form";
import { post } from "../../lib/api";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { useFormat } from "../../lib/format";
import { navigate } from "../../lib/router";
import { useI18n, type MessageKey } from "../../i18n";
import { FormModal, Select, TextArea, TextInput, toast } from "../../ui";
import { DateTimeField } from "../../ui/DateTimeField";
import { CASE_KINDS, CHANNELS, PRIORITIES } from "../cases/api";

export function NewCaseModal({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useI18n();
  const required = (v: string) => (v.trim() ? null : t("form.required"));
  const form = useForm({
    initialValues: { subject: "", description: "", kind: "question", channel: customer.preferredChannel ?? "phone", priority: "normal", category: "" },
    validate: { subject: required },
  });
  const m = useMutation({
    mutationFn: (v: typeof form.values) =>
      post<Case>("/api/v1/cases", {
        customerId: customer.id,
        kind: v.kind,
        subject: v.subject.trim(),
        description: v.description.trim() || undefined,
        channel: v.channel,
        priority: v.priority,
        category: v.category.trim() || undefined,
      }),
    onSuccess: (created) => {
      invalidate(queryKeys.cases());
      invalidate(queryKeys.timeline(customer.id));
      onClose();
      navigate(`/cases/${created.id}`);
    },
  });
  const opts = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  return (
    <FormModal title={t("newCase.title", { name: customer.name })} onClose={onClose} testId="new-case-modal" onSubmit={form.onSubmit((v) => m.mutate(v))} submitLabel={t("newCase.submit")} submitTestId="new-case-submit" pending={m.isPending} error={m.error}>
      <TextInput label={t("newCase.subject")} required autoFocus maxLength={300} {...form.getInputProps("subject")} data-testid="new-case-subject" />
      <TextArea label={t("newCase.description")} hint={t("common.optional")} {...form.getInputProps("description")} data-testid="new-case-description" />
      <div className="grid-3">
        <Select label={t("newCase.kind")} options={opts(CASE_KINDS, "kind")} {...form.getInputProps("kind")} data-testid="new-case-kind" />
        <Select label={t("newCase.channel")} options={opts(CHANNELS, "channel")} {...form.getInputProps("channel")} data-testid="new-case-channel" />
        <Select label={t("newCase.priority")} options={opts(PRIORITIES, "priority")} {...form.getInputProps("priority")} data-testid="new-case-priority" />
      </div>
      <TextInput label={t("newCase.category")} hint={t("common.optional")} maxLength={100} {...form.getInputProps("category")} />
    </FormModal>
  );
}

export function RecordContactModal({ customer, caseId, onClose }: { customer: Customer; caseId?: string; onClose: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  // "When" starts at now (to the minute) on the user's clock; left as it is (or emptied), the server's clock decides.
  const [openedAt] = useState(() => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString());
  const form = useForm({
    initialValues: { channel: "phone", direction: "inbound" as "inbound" | "outbound", body: "", when: openedAt as string | null },
    validate: {
      body: (v) => (v.trim() ? null : t("form.required")),
      when: (v) => (v && Date.parse(v) > Date.now() + 60_000 ? t("form.notFuture") : null),
    },
  });
  const m = useMutation({
    mutationFn: (v: typeof form.values) => {
      const occurredAt = v.when && Date.parse(v.when) !== Date.parse(openedAt) ? v.when : undefined;
      return post<Interaction>("/api/v1/interactions", { channel: v.channel, direction: v.direction, customer: { id: customer.id }, body: v.body.trim(), caseId, occurredAt });
    },
    onSuccess: () => {
      invalidate(queryKeys.timeline(customer.id));
      if (caseId) invalidate(queryKeys.events(caseId));
      toast(t("common.saved"));
      onClose();
    },
  });
  const when = form.getInputProps("when");
  return (
    <FormModal title={t("contact.title", { name: customer.name })} onClose={onClose} testId="record-contact-modal" onSubmit={form.onSubmit((v) => m.mutate(v))} submitLabel={t("contact.submit")} submitTestId="contact-submit" pending={m.isPending} error={m.error}>
      <div className="grid-2">
        <Select label={t("contact.channel")} options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}` as MessageKey) }))} {...form.getInputProps("channel")} data-testid="contact-channel" />
        <Select
          label={t("contact.direction")}
          options={[
            { value: "inbound", label: t("direction.inbound") },
            { value: "outbound", label: t("direction.outbound") },
          ]}
          {...form.getInputProps("direction")}
          data-testid="contact-direction"
        />
      </div>
      <DateTimeField
        label={t("contact.occurredAt")}
        hint={t("contact.occurredAtHint", { zone: fmt.timeZone })}
        value={form.values.when}
        onChange={(iso) => form.setFieldValue("when", iso)}
        error={when.error as string | undefined}
        max={new Date().toISOString()}
        testId="contact-occurred-at"
      />
      <TextArea label={t("contact.body")} required autoFocus {...form.getInputProps("body")} data-testid="contact-body" />
    </FormModal>
  );
}
