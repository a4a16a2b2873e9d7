/** The case's playbook: its next step and due time, every step's state, and a suggested gesture (never granted by itself). */
import { useQuery } from "@tanstack/react-query";
import { Alert } from "@mantine/core";
import { useI18n, type MessageKey } from "../../i18n";
import { useFormat } from "../../lib/format";
import { ErrorAlert, Loading } from "../../ui";
import { fetchCasePlaybook, remedyKeys } from "./api";
import { inLanguage } from "./words";

export function PlaybookCard({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const q = useQuery({ queryKey: remedyKeys.casePlaybook(caseId), queryFn: ({ signal }) => fetchCasePlaybook(caseId, signal) });
  const p = q.data;
  return (
    <section className="card" data-testid="playbook">
      <h2 className="h3">{p ? t("playbook.titleOf", { name: inLanguage(p.playbook.labels, lang) }) : t("playbook.title")}</h2>
      {q.isLoading ? <Loading /> : null}
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {p ? (
        <>
          <p data-testid="playbook-next">
            {p.next ? t("playbook.next", { step: t(`playbook.step.${p.next.step}` as MessageKey), due: p.next.dueAt ? format.dateTime(p.next.dueAt) : t("common.none") }) : t("playbook.allDone")}
          </p>
          <ol className="small">
            {p.steps.map((s) => (
              <li key={s.step} className={s.overdue ? "error-text" : s.done ? "muted" : ""}>
                {s.done ? "✓ " : ""}
                {t(`playbook.step.${s.step}` as MessageKey)}
                {s.dueAt && !s.done ? ` · ${format.dateTime(s.dueAt)}` : ""}
                {s.overdue ? ` · ${t("approvals.overdue")}` : ""}
              </li>
            ))}
          </ol>
          {p.nextUpdateDueAt ? <p className="small muted">{t("playbook.nextUpdate", { due: format.dateTime(p.nextUpdateDueAt) })}</p> : null}
          {p.suggestion ? (
            <Alert color="blue" title={t("playbook.suggestion")} data-testid="playbook-suggestion">
              <span className="small">{inLanguage(p.suggestion.explanation, lang)}</span>
            </Alert>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
