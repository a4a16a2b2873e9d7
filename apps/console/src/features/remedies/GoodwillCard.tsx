/** The customer's goodwill ledger and flags, on the case page: every agent sees the same history and the serial-claimant flag. */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Group } from "@mantine/core";
import { useI18n } from "../../i18n";
import { useFormat } from "../../lib/format";
import { Button, ErrorAlert, FormModal, Loading, TextArea, toast } from "../../ui";
import { isSupervisor, useMe } from "../auth/session";
import { clearFlag, fetchLedger, remedyKeys, remediesChanged } from "./api";
import { StatusTag } from "./RemedyPanel";
import { inLanguage } from "./words";

export function GoodwillCard({ customerId }: { customerId: string }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const me = useMe();
  const ledger = useQuery({ queryKey: remedyKeys.ledger(customerId), queryFn: ({ signal }) => fetchLedger(customerId, signal) });
  const [clearing, setClearing] = useState(false);
  const flag = ledger.data?.flags.find((f) => f.flag === "serial_claimant");
  return (
    <section className="card" data-testid="goodwill">
      <h2 className="h3">{t("goodwill.title")}</h2>
      {ledger.isLoading ? <Loading /> : null}
      <ErrorAlert error={ledger.error} onRetry={() => void ledger.refetch()} />
      {flag ? (
        <Alert color="orange" title={t("goodwill.serialClaimant")} data-testid="serial-claimant">
          <p className="small pre">{flag.reason}</p>
          {isSupervisor(me) ? (
            <Button variant="subtle" onClick={() => setClearing(true)} data-testid="clear-flag">
              {t("goodwill.clearFlag")}
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {ledger.data && ledger.data.items.length === 0 ? <p className="muted small">{t("goodwill.empty")}</p> : null}
      <ul className="stack small">
        {ledger.data?.items.map((r) => (
          <li key={r.id} data-testid="goodwill-item">
            <Group gap="xs">
              <StatusTag status={r.status} />
              <span>{format.dateTime(r.at)}</span>
              <strong>
                {r.value.amount} {r.value.currency}
              </strong>
              <span>{inLanguage(r.reasonLabel, lang)}</span>
              {r.source !== "tandem" ? <span className="muted">({r.source})</span> : null}
            </Group>
          </li>
        ))}
      </ul>
      {clearing ? <ClearFlagModal customerId={customerId} onClose={() => setClearing(false)} /> : null}
    </section>
  );
}

function ClearFlagModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const m = useMutation({ mutationFn: () => clearFlag(customerId, reason.trim()) });
  return (
    <FormModal
      title={t("goodwill.clearFlag")}
      testId="clear-flag-modal"
      onClose={onClose}
      onSubmit={() =>
        m.mutate(undefined, {
          onSuccess: () => {
            remediesChanged({ caseId: null, customerId });
            toast(t("action.done"));
            onClose();
          },
        })
      }
      submitLabel={t("goodwill.clearFlag")}
      submitTestId="clear-flag-submit"
      pending={m.isPending}
      error={m.error}
    >
      <TextArea label={t("approvals.reason")} required autoFocus value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={2000} data-testid="clear-flag-reason" />
    </FormModal>
  );
}
