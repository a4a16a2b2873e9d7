import type { Case } from "@tandem/contracts";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { FormModal, TextArea, toast } from "../../ui";
import { caseChanged, resolveCase } from "./api";

/** Asks for the resolution in words, then resolves the case (from the case page, or `e` in the inbox). */
export function ResolveModal({ kase, onClose }: { kase: Pick<Case, "id" | "number" | "customerId">; onClose: () => void }) {
  const { t } = useI18n();
  const form = useForm({ initialValues: { resolution: "" }, validate: { resolution: (v) => (v.trim() ? null : t("form.required")) } });
  const m = useMutation({
    mutationFn: (v: { resolution: string }) => resolveCase(kase.id, v.resolution.trim()),
    onSuccess: () => {
      caseChanged(kase);
      toast(t("action.done"));
      onClose();
    },
  });
  return (
    <FormModal title={t("resolve.title", { number: kase.number })} onClose={onClose} testId="resolve-modal" onSubmit={form.onSubmit((v) => m.mutate(v))} submitLabel={t("resolve.submit")} submitTestId="resolve-submit" pending={m.isPending} error={m.error}>
      <TextArea label={t("resolve.resolution")} hint={t("resolve.hint")} required autoFocus maxLength={5000} {...form.getInputProps("resolution")} data-testid="resolve-text" />
    </FormModal>
  );
}
