import { useState, type FormEvent } from "react";
import type { Case } from "@tandem/contracts";
import { useI18n } from "../../i18n";
import { useMutation } from "@tanstack/react-query";
import { Button, ErrorAlert, Modal, TextArea, toast } from "../../ui";
import { caseChanged, resolveCase } from "./api";

/** Asks for the resolution in words, then resolves the case. */
export function ResolveModal({ kase, onClose }: { kase: Pick<Case, "id" | "number" | "customerId">; onClose: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const m = useMutation({ mutationFn: (resolution: string) => resolveCase(kase.id, resolution) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(text.trim(), {
      onSuccess: () => {
        caseChanged(kase);
        toast(t("action.done"));
        onClose();
      },
    });
  };
  return (
    <Modal open title={t("resolve.title", { number: kase.number })} onClose={onClose} testId="resolve-modal">
      <form onSubmit={(e) => void submit(e)} className="stack">
        <TextArea label={t("resolve.resolution")} hint={t("resolve.hint")} required autoFocus value={text} onChange={(e) => setText(e.target.value)} data-testid="resolve-text" maxLength={5000} />
        <ErrorAlert error={m.error} />
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} disabled={!text.trim()} data-testid="resolve-submit">
            {t("resolve.submit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
