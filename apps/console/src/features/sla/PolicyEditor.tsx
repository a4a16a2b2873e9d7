/** Creating or changing an SLA policy: what it applies to, its targets in words, the calendar, pausing, updates and the escalation ladder. */
import { useState } from "react";
import { Checkbox, Fieldset, Group, SimpleGrid, Switch } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { CASE_KINDS, ESCALATION_RECIPIENTS, PRIORITIES, PROACTIVE_UPDATES, type Calendar, type SlaPolicy } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { ApiError } from "../../lib/api";
import { invalidate } from "../../lib/queryClient";
import { FormModal, Select, TextInput, toast } from "../../ui";
import { createPolicy, slaPoliciesKey, updatePolicy } from "./api";
import { bodyOf, checkDraft, draftOf, emptyDraft, serverFieldErrors, type DraftErrors, type PolicyDraft, type Recipient } from "./draft";
import { DurationInput } from "./DurationInput";
import classes from "./PolicyEditor.module.css";

export function PolicyEditor({ policy, calendars, onClose }: { policy: SlaPolicy | null; calendars: Calendar[]; onClose: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<PolicyDraft>(() => (policy ? draftOf(policy) : emptyDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});
  const m = useMutation({ mutationFn: () => (policy ? updatePolicy(policy.id, bodyOf(draft)) : createPolicy(bodyOf(draft))) });
  const set = (patch: Partial<PolicyDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = () => {
    const own = checkDraft(draft);
    const mine: DraftErrors = Object.fromEntries(Object.entries(own).map(([k, key]) => [k, t(key as MessageKey)]));
    setErrors(mine);
    if (Object.keys(mine).length) return;
    m.mutate(undefined, {
      onSuccess: () => {
        invalidate(slaPoliciesKey());
        toast(t("common.saved"));
        onClose();
      },
      // The server's reasons go next to their fields (in English on an English screen, "check this" in Chinese).
      onError: (e) => {
        if (!(e instanceof ApiError)) return;
        const at = serverFieldErrors(e.details);
        setErrors(Object.fromEntries(Object.entries(at).map(([k, msg]) => [k, t("sla.error.server", { message: msg })])));
      },
    });
  };
  const ladder = (which: "warn" | "breach") => (
    <Checkbox.Group label={t(`sla.ladder.${which}`)} value={draft[which]} onChange={(v) => set({ [which]: v as Recipient[] })} error={which === "breach" ? errors.escalation : undefined} data-testid={`sla-${which}`}>
      <Group gap="md" mt={4}>
        {ESCALATION_RECIPIENTS.map((r) => (
          <Checkbox key={r} value={r} label={t(`sla.recipient.${r}` as MessageKey)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
  // Only the server's errors that name no field stay in the form's alert.
  const fieldless = m.error instanceof ApiError && Object.keys(serverFieldErrors(m.error.details)).length > 0 ? null : m.error;
  return (
    <FormModal
      title={policy ? t("sla.editTitle", { name: policy.name }) : t("sla.new")}
      testId="sla-editor"
      onClose={onClose}
      onSubmit={submit}
      submitLabel={policy ? t("common.save") : t("common.create")}
      submitTestId="sla-submit"
      pending={m.isPending}
      error={fieldless}
      wide
    >
      <TextInput label={t("sla.name")} required value={draft.name} error={errors.name} onChange={(e) => set({ name: e.currentTarget.value })} maxLength={200} data-testid="sla-name" />
      <Fieldset legend={t("sla.appliesTo")} variant="unstyled" classNames={{ legend: classes.legend }}>
        <p className={`small muted ${classes.hint}`}>{t("sla.appliesToHint")}</p>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select label={t("newCase.kind")} value={draft.kind} options={CASE_KINDS.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))} placeholder={t("sla.any")} onChange={(e) => set({ kind: e.currentTarget.value })} error={errors.appliesTo} data-testid="sla-kind" />
          <Select label={t("newCase.priority")} value={draft.priority} options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}` as MessageKey) }))} placeholder={t("sla.any")} onChange={(e) => set({ priority: e.currentTarget.value })} data-testid="sla-priority" />
          <TextInput label={t("newCase.category")} value={draft.category} placeholder={t("sla.any")} onChange={(e) => set({ category: e.currentTarget.value })} maxLength={100} data-testid="sla-category" />
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t("sla.targets")} variant="unstyled" classNames={{ legend: classes.legend }}>
        <p className={`small muted ${classes.hint}`}>{t("sla.targetsHint")}</p>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DurationInput label={t("deadline.kind.first_response")} value={draft.firstResponse} onChange={(firstResponse) => set({ firstResponse })} error={errors.firstResponse} optional testId="sla-first-response" />
          <DurationInput label={t("deadline.kind.next_update")} value={draft.nextUpdate} onChange={(nextUpdate) => set({ nextUpdate })} error={errors.nextUpdate} optional testId="sla-next-update" />
          <DurationInput label={t("deadline.kind.resolution")} value={draft.resolution} onChange={(resolution) => set({ resolution })} error={errors.resolution} optional testId="sla-resolution" />
          <DurationInput label={t("sla.warnBefore")} value={draft.warnBefore} onChange={(warnBefore) => set({ warnBefore })} error={errors.warnBefore} testId="sla-warn-before" />
        </SimpleGrid>
      </Fieldset>
      <Select
        label={t("sla.calendar")}
        hint={t("sla.calendarHint")}
        value={draft.calendarId}
        options={calendars.map((c) => ({ value: c.id, label: `${c.name} (${c.timezone})` }))}
        placeholder={t("sla.aroundTheClock")}
        onChange={(e) => set({ calendarId: e.currentTarget.value })}
        error={errors.calendarId}
        data-testid="sla-calendar"
      />
      <Switch label={t("sla.pause")} description={t("sla.pauseHint")} checked={draft.pauseWhileWaitingOnCustomer} onChange={(e) => set({ pauseWhileWaitingOnCustomer: e.currentTarget.checked })} data-testid="sla-pause" />
      <Select
        label={t("sla.proactive")}
        value={draft.proactiveUpdates}
        options={PROACTIVE_UPDATES.map((p) => ({ value: p, label: t(`sla.proactive.${p}` as MessageKey) }))}
        onChange={(e) => set({ proactiveUpdates: e.currentTarget.value as PolicyDraft["proactiveUpdates"] })}
        data-testid="sla-proactive"
      />
      <Fieldset legend={t("sla.ladder")} variant="unstyled" classNames={{ legend: classes.legend }}>
        <div className="stack">
          {ladder("warn")}
          {ladder("breach")}
          <DurationInput label={t("sla.adminsAfter")} value={draft.adminsAfter} onChange={(adminsAfter) => set({ adminsAfter })} error={errors.adminsAfter} optional testId="sla-admins-after" />
        </div>
      </Fieldset>
    </FormModal>
  );
}
