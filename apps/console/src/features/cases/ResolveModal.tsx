import type { Case } from "@tandem/contracts";
import { useForm } from "@mantine/form";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { ErrorAlert, FormModal, TextArea, toast } from "../../ui";
import { fetchCaseTasks, taskChanged, taskKeys } from "../tasks/api";
import { resolveCase } from "./api";

/**
 * Asks for the resolution in words, then resolves the case (from the case page, or `e` in the
 * inbox). Open tasks are listed, and a reason to close them is asked for with the resolution.
 */
export function ResolveModal({ kase, onClose }: { kase: Pick<Case, "id" | "number" | "customerId"> & Partial<Pick<Case, "openTasks">>; onClose: () => void }) {
  const { t } = useI18n();
  const tasks = useQuery({ queryKey: taskKeys.ofCase(kase.id), queryFn: ({ signal }) => fetchCaseTasks(kase.id, signal), enabled: (kase.openTasks ?? 1) > 0 });
  const open = (tasks.data?.items ?? []).filter((x) => x.status === "open");
  const form = useForm({
    initialValues: { resolution: "", closeReason: "" },
    validate: { resolution: (v) => (v.trim() ? null : t("form.required")), closeReason: (v) => (open.length && !v.trim() ? t("form.required") : null) },
  });
  const m = useMutation({
    mutationFn: (v: { resolution: string; closeReason: string }) => resolveCase(kase.id, v.resolution.trim(), open.length ? { reason: v.closeReason.trim() } : undefined),
    onSuccess: () => {
      taskChanged(kase);
      toast(t("action.done"));
      onClose();
    },
  });
  return (
    <FormModal title={t("resolve.title", { number: kase.number })} onClose={onClose} testId="resolve-modal" onSubmit={form.onSubmit((v) => m.mutate(v))} submitLabel={t("resolve.submit")} submitTestId="resolve-submit" pending={m.isPending || tasks.isLoading} error={m.error}>
      <TextArea label={t("resolve.resolution")} hint={t("resolve.hint")} required autoFocus maxLength={5000} {...form.getInputProps("resolution")} data-testid="resolve-text" />
      <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      {open.length ? (
        <div className="stack" data-testid="resolve-open-tasks">
          <p className="small">{t("resolve.openTasks", { count: open.length })}</p>
          <ul className="small">
            {open.map((x) => (
              <li key={x.id}>
                {x.title} <span className="muted">· {x.organizationName}</span>
              </li>
            ))}
          </ul>
          <TextArea label={t("resolve.closeReason")} required maxLength={1000} rows={2} {...form.getInputProps("closeReason")} data-testid="resolve-close-reason" />
        </div>
      ) : null}
    </FormModal>
  );
}
