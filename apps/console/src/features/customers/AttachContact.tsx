/**
 * A contact recorded on no case (a call taken before anyone knew what it was about) is put on one
 * of the customer's cases afterwards, or opens a case of its own. Offered only where the contact
 * lists `interaction.attach`.
 */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Case, Interaction, Page } from "@tandem/contracts";
import { get, post } from "../../lib/api";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { navigate } from "../../lib/router";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, FormModal, Select, TextInput } from "../../ui";
import { CASE_KINDS } from "../cases/api";

const NEW = "new";

export function AttachContactButton({ interaction }: { interaction: Interaction }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!interaction.abilities.includes("interaction.attach")) return null;
  return (
    <>
      <Button variant="subtle" icon="link" onClick={() => setOpen(true)} data-testid="attach-contact">
        {t("attachContact.action")}
      </Button>
      {open ? <AttachContactModal interaction={interaction} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function AttachContactModal({ interaction, onClose }: { interaction: Interaction; onClose: () => void }) {
  const { t } = useI18n();
  const cases = useQuery({
    queryKey: [...queryKeys.cases(), "of-customer", interaction.customerId],
    queryFn: ({ signal }) => get<Page<Case>>("/api/v1/cases", { customerId: interaction.customerId, limit: 50 }, signal),
  });
  const choices = (cases.data?.items ?? []).filter((c) => c.status !== "closed");
  const [target, setTarget] = useState<string>("");
  const chosen = target || choices[0]?.id || NEW;
  const [subject, setSubject] = useState("");
  const [kind, setKind] = useState<string>("question");
  const m = useMutation({
    mutationFn: () =>
      post<{ case: Case }>(`/api/v1/interactions/${interaction.id}/attach`, chosen === NEW ? { case: { kind, subject: subject.trim() } } : { caseId: chosen }),
  });
  const submit = () =>
    m.mutate(undefined, {
      onSuccess: (r) => {
        invalidate(queryKeys.timeline(interaction.customerId));
        invalidate(queryKeys.cases());
        onClose();
        navigate(`/cases/${r.case.id}`);
      },
    });
  const options = [
    ...choices.map((c) => ({ value: c.id, label: `${c.number} · ${c.subject} (${t(`status.${c.status}` as MessageKey)})` })),
    { value: NEW, label: t("attachContact.newCase") },
  ];
  return (
    <FormModal title={t("attachContact.title")} testId="attach-contact-modal" onClose={onClose} onSubmit={submit} submitLabel={t("attachContact.submit")} submitTestId="attach-contact-submit" pending={m.isPending} error={m.error}>
      <p className="muted small">{interaction.body}</p>
      <Select label={t("attachContact.case")} value={chosen} onChange={(e) => setTarget(e.target.value)} options={options} data-testid="attach-contact-case" />
      {chosen === NEW ? (
        <div className="grid-2">
          <TextInput label={t("newCase.subject")} required value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={300} data-testid="attach-contact-subject" />
          <Select label={t("newCase.kind")} value={kind} onChange={(e) => setKind(e.target.value)} options={CASE_KINDS.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))} />
        </div>
      ) : null}
    </FormModal>
  );
}
