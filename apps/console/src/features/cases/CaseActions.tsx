/** The modals behind a case's actions: assign, reopen, share, customer link. */
import { useState, type FormEvent } from "react";
import type { Case } from "@tandem/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { queryKeys } from "../../lib/queryClient";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, CopyButton, ErrorAlert, Loading, Modal, Select, TextArea, TextInput, toast } from "../../ui";
import { assignCase, caseChanged, createCustomerLink, fetchOrganizations, fetchUsers, PRIORITIES, reopenCase, shareCase, updateCase } from "./api";

export function AssignModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  const users = useQuery({ queryKey: queryKeys.users(), queryFn: ({ signal }) => fetchUsers(signal) });
  const [userId, setUserId] = useState("");
  const m = useMutation({ mutationFn: (id: string) => assignCase(kase.id, id) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(userId, {
      onSuccess: () => {
        caseChanged(kase);
        toast(t("action.done"));
        onClose();
      },
    });
  };
  const options = (users.data ?? [])
    .filter((u) => u.active && u.role !== "partner_agent" && u.id !== kase.owner.userId)
    .map((u) => ({ value: u.id, label: `${u.name} · ${u.organizationName ?? ""}` }));
  return (
    <Modal open title={t("assign.title", { number: kase.number })} onClose={onClose} testId="assign-modal">
      <form className="stack" onSubmit={(e) => void submit(e)}>
        {users.isLoading ? <Loading /> : <Select label={t("assign.user")} placeholder={t("assign.pick")} required autoFocus value={userId} onChange={(e) => setUserId(e.target.value)} options={options} data-testid="assign-user" />}
        <ErrorAlert error={users.error ?? m.error} />
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} disabled={!userId} data-testid="assign-submit">
            {t("assign.submit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

export function ReopenModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const m = useMutation({ mutationFn: (r: string) => reopenCase(kase.id, r) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(reason.trim(), {
      onSuccess: () => {
        caseChanged(kase);
        toast(t("action.done"));
        onClose();
      },
    });
  };
  return (
    <Modal open title={t("reopen.title", { number: kase.number })} onClose={onClose} testId="reopen-modal">
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <TextArea label={t("reopen.reason")} required autoFocus value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reopen-reason" />
        <ErrorAlert error={m.error} />
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} disabled={!reason.trim()} data-testid="reopen-submit">
            {t("reopen.submit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

export function ShareModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  const orgs = useQuery({ queryKey: queryKeys.orgs(), queryFn: ({ signal }) => fetchOrganizations(signal) });
  const [organizationId, setOrg] = useState("");
  const [access, setAccess] = useState<"view" | "contribute">("contribute");
  const m = useMutation({ mutationFn: () => shareCase(kase.id, organizationId, access) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined, {
      onSuccess: () => {
        caseChanged(kase);
        toast(t("action.done"));
        onClose();
      },
    });
  };
  const options = (orgs.data?.items ?? []).filter((o) => o.id !== kase.owner.organizationId).map((o) => ({ value: o.id, label: `${o.name} (${t(`orgKind.${o.kind}`)})` }));
  return (
    <Modal open title={t("share.title", { number: kase.number })} onClose={onClose} testId="share-modal">
      <form className="stack" onSubmit={(e) => void submit(e)}>
        {orgs.isLoading ? <Loading /> : null}
        {orgs.data && options.length === 0 ? <p>{t("share.nothingLeft")}</p> : null}
        {options.length ? <Select label={t("share.organization")} placeholder={t("share.pick")} required autoFocus value={organizationId} onChange={(e) => setOrg(e.target.value)} options={options} data-testid="share-organization" /> : null}
        <Select
          label={t("share.access")}
          value={access}
          onChange={(e) => setAccess(e.target.value as "view" | "contribute")}
          options={[
            { value: "contribute", label: t("access.contribute") },
            { value: "view", label: t("access.view") },
          ]}
          data-testid="share-access"
        />
        <ErrorAlert error={orgs.error ?? m.error} />
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} disabled={!organizationId} data-testid="share-submit">
            {t("share.submit")}
          </Button>
        </div>
      </form>
    </Modal>
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
    <Modal open title={t("link.title")} onClose={onClose} testId="customer-link-modal">
      <div className="stack">
        <p>{t("link.explain")}</p>
        {link ? (
          <>
            <label className="field">
              <span>{t("link.url")}</span>
              <input className="input mono" readOnly value={link.url} onFocus={(e) => e.target.select()} data-testid="customer-link-url" />
            </label>
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
  const [subject, setSubject] = useState(kase.subject);
  const [priority, setPriority] = useState<string>(kase.priority);
  const [category, setCategory] = useState(kase.category ?? "");
  const [nextStep, setNextStep] = useState(kase.nextStep ?? "");
  const m = useMutation({
    mutationFn: () =>
      updateCase(kase.id, {
        ...(subject.trim() !== kase.subject ? { subject: subject.trim() } : {}),
        ...(priority !== kase.priority ? { priority } : {}),
        ...(category.trim() !== (kase.category ?? "") ? { category: category.trim() || null } : {}),
        ...(nextStep.trim() !== (kase.nextStep ?? "") ? { nextStep: nextStep.trim() || null } : {}),
      }),
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined, {
      onSuccess: () => {
        caseChanged(kase);
        toast(t("common.saved"));
        onClose();
      },
    });
  };
  return (
    <Modal open title={t("edit.title", { number: kase.number })} onClose={onClose} testId="edit-case-modal">
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <TextInput label={t("newCase.subject")} required value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={300} data-testid="edit-subject" />
        <div className="grid-2">
          <Select label={t("newCase.priority")} value={priority} onChange={(e) => setPriority(e.target.value)} options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}` as MessageKey) }))} data-testid="edit-priority" />
          <TextInput label={t("newCase.category")} value={category} onChange={(e) => setCategory(e.target.value)} maxLength={100} data-testid="edit-category" />
        </div>
        <TextArea label={t("case.nextStep")} hint={t("case.nextStepHint")} value={nextStep} onChange={(e) => setNextStep(e.target.value)} maxLength={1000} data-testid="edit-next-step" autoFocus />
        <ErrorAlert error={m.error} />
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} disabled={!subject.trim()} data-testid="edit-submit">
            {t("edit.submit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
