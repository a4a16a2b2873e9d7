/** The modals behind a case's actions: assign, reopen, share, customer link, edit. */
import { useState, type ReactNode } from "react";
import type { Case } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { isNotEmpty, useForm, type FormValidateInput, type UseFormReturnType } from "@mantine/form";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, CopyButton, ErrorAlert, FormModal, Modal, Select, TextArea, TextInput, toast } from "../../ui";
import { OrganizationPicker, UserPicker } from "../pickers";
import { assignCase, caseChanged, createCustomerLink, PRIORITIES, reopenCase, shareCase, updateCase } from "./api";

/** A case write from a dialog: on success the case is refreshed, a notice shown and the dialog closed. */
function useCaseWrite<V>(kase: Case, write: (values: V) => Promise<unknown>, onClose: () => void, notice: MessageKey = "action.done") {
  const { t } = useI18n();
  const m = useMutation({ mutationFn: write });
  const run = (values: V) =>
    m.mutate(values, {
      onSuccess: () => {
        caseChanged(kase);
        toast(t(notice));
        onClose();
      },
    });
  return { run, pending: m.isPending, error: m.error };
}

type ModalName = "assign" | "reopen" | "share";

/**
 * The one shape of a case's small dialogs: a form of a few fields, checked next to each field,
 * written to the case on submit. `name` gives the title (`<name>.title`), the submit label and the test ids.
 */
function CaseFormModal<V extends Record<string, unknown>>({
  kase,
  onClose,
  name,
  initialValues,
  validate,
  write,
  children,
}: {
  kase: Case;
  onClose: () => void;
  name: ModalName;
  initialValues: V;
  validate: FormValidateInput<V>;
  write: (values: V) => Promise<unknown>;
  children: (form: UseFormReturnType<V>) => ReactNode;
}) {
  const { t } = useI18n();
  const form = useForm<V>({ initialValues, validate });
  const w = useCaseWrite(kase, write, onClose);
  return (
    <FormModal title={t(`${name}.title`, { number: kase.number })} onClose={onClose} testId={`${name}-modal`} onSubmit={form.onSubmit(w.run)} submitLabel={t(`${name}.submit`)} submitTestId={`${name}-submit`} pending={w.pending} error={w.error}>
      {children(form)}
    </FormModal>
  );
}

/** A picker bound to a form field: its value, its setter, and what is wrong with it. */
function pickerField<V>(form: UseFormReturnType<V>, field: keyof V & string) {
  return { value: String(form.values[field] ?? ""), onChange: (id: string) => form.getInputProps(field).onChange(id), error: form.errors[field] ? String(form.errors[field]) : null };
}

export function AssignModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <CaseFormModal kase={kase} onClose={onClose} name="assign" initialValues={{ userId: "" }} validate={{ userId: isNotEmpty(t("form.pick")) }} write={(v) => assignCase(kase.id, v.userId)}>
      {(form) => (
        <UserPicker label={t("assign.user")} placeholder={t("assign.pick")} required autoFocus {...pickerField(form, "userId")} keep={(u) => u.organizationId === kase.owner.organizationId && u.id !== kase.owner.userId} testId="assign-user" />
      )}
    </CaseFormModal>
  );
}

export function ReopenModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <CaseFormModal kase={kase} onClose={onClose} name="reopen" initialValues={{ reason: "" }} validate={{ reason: (v) => (v.trim() ? null : t("form.required")) }} write={(v) => reopenCase(kase.id, v.reason.trim())}>
      {(form) => <TextArea label={t("reopen.reason")} required autoFocus {...form.getInputProps("reason")} data-testid="reopen-reason" />}
    </CaseFormModal>
  );
}

export function ShareModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  const shared = new Set([kase.owner.organizationId, ...kase.parties.map((p) => p.organizationId)]);
  return (
    <CaseFormModal
      kase={kase}
      onClose={onClose}
      name="share"
      initialValues={{ organizationId: "", access: "contribute" as "view" | "contribute" }}
      validate={{ organizationId: isNotEmpty(t("form.pick")) }}
      write={(v) => shareCase(kase.id, v.organizationId, v.access)}
    >
      {(form) => (
        <>
          <OrganizationPicker label={t("share.organization")} placeholder={t("share.pick")} required autoFocus {...pickerField(form, "organizationId")} keep={(o) => !shared.has(o.id)} testId="share-organization" />
          <Select
            label={t("share.access")}
            {...form.getInputProps("access")}
            options={[
              { value: "contribute", label: t("access.contribute") },
              { value: "view", label: t("access.view") },
            ]}
            data-testid="share-access"
          />
        </>
      )}
    </CaseFormModal>
  );
}

export function CustomerLinkModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const m = useMutation({ mutationFn: () => createCustomerLink(kase.id) });
  const [link, setLink] = useState<{ url: string; expiresAt?: string | null } | null>(null);
  const create = async () => {
    m.mutate(undefined, {
      onSuccess: (result) => {
        setLink(result);
        caseChanged(kase);
      },
    });
  };
  return (
    <Modal title={t("link.title")} onClose={onClose} testId="customer-link-modal">
      <div className="stack">
        <p>{t("link.explain")}</p>
        {link ? (
          <>
            <TextInput label={t("link.url")} readOnly value={link.url} onFocus={(e) => e.target.select()} data-testid="customer-link-url" classNames={{ input: "mono" }} />
            {link.expiresAt ? <p className="muted small">{t("link.expires", { time: fmt.dateTime(link.expiresAt) })}</p> : null}
            <div className="row-end">
              <CopyButton text={link.url} testId="customer-link-copy" />
              <Button onClick={onClose}>{t("common.close")}</Button>
            </div>
          </>
        ) : (
          <>
            <ErrorAlert error={m.error} />
            <div className="row-end">
              <Button onClick={onClose}>{t("common.cancel")}</Button>
              <Button variant="primary" icon="link" loading={m.isPending} onClick={() => void create()} data-testid="customer-link-create" autoFocus>
                {t("link.create")}
              </Button>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}

export function EditCaseModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  const form = useForm({
    initialValues: { subject: kase.subject, priority: kase.priority as string, category: kase.category ?? "", nextStep: kase.nextStep ?? "" },
    validate: { subject: (v) => (v.trim() ? null : t("form.required")) },
  });
  type V = typeof form.values;
  const w = useCaseWrite(
    kase,
    (v: V) =>
      updateCase(kase.id, {
        ...(v.subject.trim() !== kase.subject ? { subject: v.subject.trim() } : {}),
        ...(v.priority !== kase.priority ? { priority: v.priority } : {}),
        ...(v.category.trim() !== (kase.category ?? "") ? { category: v.category.trim() || null } : {}),
        ...(v.nextStep.trim() !== (kase.nextStep ?? "") ? { nextStep: v.nextStep.trim() || null } : {}),
      }),
    onClose,
    "common.saved",
  );
  return (
    <FormModal title={t("edit.title", { number: kase.number })} onClose={onClose} testId="edit-case-modal" onSubmit={form.onSubmit(w.run)} submitLabel={t("edit.submit")} submitTestId="edit-submit" pending={w.pending} error={w.error}>
      <TextInput label={t("newCase.subject")} required {...form.getInputProps("subject")} maxLength={300} data-testid="edit-subject" />
      <div className="grid-2">
        <Select label={t("newCase.priority")} {...form.getInputProps("priority")} options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}` as MessageKey) }))} data-testid="edit-priority" />
        <TextInput label={t("newCase.category")} {...form.getInputProps("category")} maxLength={100} data-testid="edit-category" />
      </div>
      <TextArea label={t("case.nextStep")} hint={t("case.nextStepHint")} {...form.getInputProps("nextStep")} maxLength={1000} data-testid="edit-next-step" autoFocus />
    </FormModal>
  );
}
