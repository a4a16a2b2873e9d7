/** The playbooks for admins: each step's target, the update cadence, the remedies authorised. */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { SimpleGrid } from "@mantine/core";
import type { Playbook } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { invalidate } from "../../lib/queryClient";
import { Button, ErrorAlert, Loading, TextInput, toast } from "../../ui";
import { fetchPlaybooks, putPlaybook, remedyKeys } from "./api";
import { inLanguage } from "./words";

export function PlaybooksCard() {
  const { t } = useI18n();
  const q = useQuery({ queryKey: remedyKeys.playbooks(), queryFn: ({ signal }) => fetchPlaybooks(signal) });
  return (
    <section className="card" data-testid="catalogue-playbooks">
      <h2 className="h3">{t("playbook.admin")}</h2>
      <p className="muted small">{t("playbook.adminHint")}</p>
      {q.isLoading ? <Loading /> : null}
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {q.data?.items.map((p) => <PlaybookForm key={p.category} playbook={p} />)}
    </section>
  );
}

function PlaybookForm({ playbook }: { playbook: Playbook }) {
  const { t, lang } = useI18n();
  const [steps, setSteps] = useState(playbook.steps);
  const [cadence, setCadence] = useState(playbook.updateCadence);
  const [remedies, setRemedies] = useState(playbook.remedies.join(", "));
  const { category: _category, ...rest } = playbook;
  const m = useMutation({ mutationFn: () => putPlaybook(playbook.category, { ...rest, steps, updateCadence: cadence, remedies: remedies.split(",").map((r) => r.trim()).filter(Boolean) }) });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate(undefined, {
          onSuccess: () => {
            invalidate(remedyKeys.playbooks());
            toast(t("common.saved"));
          },
        });
      }}
      data-testid={`playbook-${playbook.category}`}
    >
      <h3 className="h3">
        {inLanguage(playbook.labels, lang)} <span className="mono muted small">{playbook.category}</span>
      </h3>
      <SimpleGrid cols={3}>
        {steps.map((s, i) => (
          <TextInput key={s.step} label={t(`playbook.step.${s.step}` as MessageKey)} hint={t("playbook.targetHint")} value={s.target} onChange={(e) => setSteps(steps.map((x, j) => (j === i ? { ...x, target: e.currentTarget.value } : x)))} />
        ))}
        <TextInput label={t("playbook.cadence")} hint={t("playbook.targetHint")} value={cadence} onChange={(e) => setCadence(e.currentTarget.value)} />
      </SimpleGrid>
      <TextInput label={t("playbook.remedies")} value={remedies} onChange={(e) => setRemedies(e.currentTarget.value)} />
      <ErrorAlert error={m.error} />
      <Button type="submit" variant="primary" loading={m.isPending}>
        {t("common.save")}
      </Button>
    </form>
  );
}
