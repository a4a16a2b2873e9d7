/** Hand a case off to another organisation (or one of its users), with the note the new owner reads first. */
import { useState } from "react";
import type { Case } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "@mantine/form";
import { useI18n } from "../../i18n";
import { FormModal, TextArea, toast } from "../../ui";
import { OrganizationPicker, UserPicker } from "../pickers";
import { caseChanged, handoffCase } from "./api";

export function HandoffModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  const [organizationId, setOrganizationId] = useState("");
  const form = useForm({
    initialValues: { userId: "", note: "" },
    validate: { note: (v) => (v.trim() ? null : t("handoff.noteRequired")) },
  });
  const [orgError, setOrgError] = useState<string | null>(null);
  const m = useMutation({ mutationFn: (v: { userId: string; note: string }) => handoffCase(kase.id, { organizationId, ...(v.userId ? { userId: v.userId } : {}), note: v.note.trim() }) });
  const submit = form.onSubmit((v) => {
    if (!organizationId) return setOrgError(t("form.pick"));
    m.mutate(v, {
      onSuccess: () => {
        caseChanged(kase);
        toast(t("handoff.done"));
        onClose();
      },
    });
  });
  return (
    <FormModal title={t("handoff.title", { number: kase.number })} onClose={onClose} testId="handoff-modal" onSubmit={submit} submitLabel={t("handoff.submit")} submitTestId="handoff-submit" pending={m.isPending} error={m.error}>
      <p className="muted small">{t("handoff.explain")}</p>
      <OrganizationPicker
        label={t("handoff.organization")}
        placeholder={t("share.pick")}
        required
        autoFocus
        value={organizationId}
        onChange={(id) => {
          setOrganizationId(id);
          setOrgError(null);
          form.setFieldValue("userId", "");
        }}
        error={orgError}
        keep={(o) => o.id !== kase.owner.organizationId}
        testId="handoff-organization"
      />
      {organizationId ? (
        <UserPicker
          key={organizationId}
          label={t("handoff.user")}
          placeholder={t("handoff.userPlaceholder")}
          value={form.values.userId}
          onChange={(id) => form.setFieldValue("userId", id)}
          keep={(u) => u.organizationId === organizationId}
          testId="handoff-user"
        />
      ) : null}
      <TextArea label={t("handoff.note")} hint={t("handoff.noteHint")} required {...form.getInputProps("note")} maxLength={5000} data-testid="handoff-note" />
    </FormModal>
  );
}
