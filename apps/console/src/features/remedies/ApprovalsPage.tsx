/** The approvals queue for supervisors: each waiting remedy with its explanation; approve or decline, always with a reason. */
import { useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Group } from "@mantine/core";
import type { Remedy } from "@tandem/contracts";
import { useI18n } from "../../i18n";
import { Link } from "../../lib/router";
import { Button, Empty, ErrorAlert, FormModal, Loading, TextArea, toast } from "../../ui";
import { decideRemedy, fetchQueue, remediesChanged, remedyKeys } from "./api";
import { RemedyHeadline } from "./RemedyPanel";
import { inLanguage } from "./words";

export default function ApprovalsPage() {
  const { t, lang } = useI18n();
  const queue = useQuery({ queryKey: remedyKeys.queue(), queryFn: ({ signal }) => fetchQueue(signal) });
  const [deciding, setDeciding] = useState<{ remedy: Remedy; action: "approve" | "decline" } | null>(null);
  useEffect(() => {
    document.title = `${t("approvals.title")} · ${t("app.name")}`;
  }, [t]);
  return (
    <div className="page" data-testid="approvals-page">
      <div className="page-head">
        <h1>{t("approvals.title")}</h1>
      </div>
      {queue.isLoading ? <Loading /> : null}
      <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />
      {queue.data && queue.data.items.length === 0 ? <Empty icon="inbox">{t("approvals.empty")}</Empty> : null}
      <ul className="stack">
        {queue.data?.items.map((r) => (
          <li key={r.id} className="card" data-testid="approval-item">
            <RemedyHeadline remedy={r}>
              {r.caseId ? <Link to={`/cases/${r.caseId}`}>{t("approvals.openCase")}</Link> : null}
              {r.escalatedAt ? <span className="error-text small">{t("approvals.overdue")}</span> : null}
            </RemedyHeadline>
            <p className="pre small">{inLanguage(r.explanations, lang)}</p>
            {r.justification ? <p className="small">{t("approvals.justification", { text: r.justification })}</p> : null}
            <p className="muted small">{t("approvals.requestedBy", { name: r.requestedBy.name ?? "" })}</p>
            <Group gap="xs">
              {r.abilities.includes("remedy.approve") ? (
                <Button variant="primary" onClick={() => setDeciding({ remedy: r, action: "approve" })} data-testid="approval-approve">
                  {t("approvals.approve")}
                </Button>
              ) : null}
              {r.abilities.includes("remedy.decline") ? (
                <Button onClick={() => setDeciding({ remedy: r, action: "decline" })} data-testid="approval-decline">
                  {t("approvals.decline")}
                </Button>
              ) : null}
            </Group>
          </li>
        ))}
      </ul>
      {deciding ? <DecideModal {...deciding} onClose={() => setDeciding(null)} /> : null}
    </div>
  );
}

/** Approve or decline (or override) with a written reason: the server refuses it without one. */
export function DecideModal({ remedy, action, onClose }: { remedy: Remedy; action: "approve" | "decline"; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const m = useMutation({ mutationFn: () => decideRemedy(remedy.id, action, reason.trim()) });
  const submit = () =>
    m.mutate(undefined, {
      onSuccess: (r) => {
        remediesChanged(r);
        toast(t("action.done"));
        onClose();
      },
    });
  return (
    <FormModal
      title={action === "approve" ? (remedy.status === "declined" ? t("approvals.override") : t("approvals.approve")) : t("approvals.decline")}
      testId="decide-modal"
      onClose={onClose}
      onSubmit={submit}
      submitLabel={action === "approve" ? t("approvals.approve") : t("approvals.decline")}
      submitTestId="decide-submit"
      pending={m.isPending}
      error={m.error}
    >
      <TextArea label={t("approvals.reason")} required autoFocus value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={2000} data-testid="decide-reason" />
    </FormModal>
  );
}
