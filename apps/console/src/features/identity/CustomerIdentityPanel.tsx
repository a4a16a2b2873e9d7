/** On the customer page: profile values with their sources, the customers merged into this one (each can be undone), and merging another in. */
import { useState } from "react";
import type { Customer, TimelineEntry } from "@tandem/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { Link } from "../../lib/router";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, ErrorAlert, FormModal, TextInput, toast } from "../../ui";
import { Icon } from "../../ui/icons";
import { identityKeys, mergeCustomers, searchCustomers, unmerge } from "./api";
import { RecordsSideBySide } from "./RecordsSideBySide";
import classes from "./identity.module.css";

const PROFILE: { key: string; value: (c: Customer) => string | null; source: string }[] = [
  { key: "givenName", value: (c) => c.profile.givenName, source: "givenName" },
  { key: "familyName", value: (c) => c.profile.familyName, source: "familyName" },
  { key: "birthDate", value: (c) => c.profile.birthDate, source: "birthDate" },
  {
    key: "address",
    value: (c) => [c.profile.address.line1, c.profile.address.line2, c.profile.address.locality, c.profile.address.region, c.profile.address.postcode, c.profile.address.country].filter(Boolean).join(", ") || null,
    source: "address.line1",
  },
];

export function CustomerIdentityPanel({ customer, canMerge }: { customer: Customer; canMerge: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [merging, setMerging] = useState(false);
  const refresh = (ids: string[]) => {
    for (const id of ids) {
      invalidate(queryKeys.customer(id));
      invalidate(queryKeys.timeline(id));
    }
    invalidate(identityKeys.suggestions());
  };
  const undo = useMutation({ mutationFn: unmerge, onSuccess: (m) => (toast(t("identity.unmerged")), refresh([m.survivorId, m.mergedId])) });
  const values = PROFILE.map((p) => ({ ...p, text: p.value(customer) })).filter((p) => p.text);
  return (
    <section className={classes.panel} data-testid="customer-profile">
      {values.length ? (
        <dl className="identities">
          {values.map((p) => (
            <div key={p.key} className="identity" data-field={p.key}>
              <dt>{t(`identity.field.${p.key}` as MessageKey)}</dt>
              <dd>
                {p.text}
                {customer.profile.sources[p.source] ? <span className="muted small"> · {t("identity.from", { source: customer.profile.sources[p.source]!.source })}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {customer.mergedFrom.length ? (
        <div data-testid="merged-from">
          <h3 className="h3">{t("identity.mergedFrom")}</h3>
          <ul className="plain">
            {customer.mergedFrom.map((m) => (
              <li key={m.mergeId} className="row-gap" data-testid="merged-from-item">
                <Link to={`/customers/${m.customerId}`}>{m.name}</Link>
                <span className="muted small">{fmt.dateTime(m.at)}</span>
                {canMerge ? (
                  <Button variant="subtle" onClick={() => undo.mutate(m.mergeId)} loading={undo.isPending && undo.variables === m.mergeId} data-testid="unmerge">
                    {t("identity.unmerge")}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          <ErrorAlert error={undo.error} />
        </div>
      ) : null}
      {canMerge ? (
        <Button icon="link" variant="subtle" onClick={() => setMerging(true)} data-testid="customer-merge">
          {t("identity.mergeWith")}
        </Button>
      ) : null}
      {merging ? <MergeModal customer={customer} onClose={() => setMerging(false)} onMerged={refresh} /> : null}
    </section>
  );
}

function MergeModal({ customer, onClose, onMerged }: { customer: Customer; onClose: () => void; onMerged: (ids: string[]) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const [other, setOther] = useState<Customer | null>(null);
  const [survivor, setSurvivor] = useState(customer.id);
  const [reason, setReason] = useState("");
  const found = useQuery({ queryKey: identityKeys.search(q), queryFn: ({ signal }) => searchCustomers(q, signal), enabled: q.trim().length >= 2 && !other });
  const merge = useMutation({
    mutationFn: () => mergeCustomers(customer.id, other!.id, survivor, reason.trim() || undefined),
    onSuccess: (m) => {
      toast(t("identity.merged"));
      onMerged([m.survivorId, m.mergedId]);
      onClose();
    },
  });
  return (
    <FormModal title={t("identity.mergeTitle", { name: customer.name })} testId="merge-modal" onClose={onClose} onSubmit={() => other && merge.mutate()} submitLabel={t("identity.mergeSubmit")} submitTestId="merge-submit" pending={merge.isPending} error={merge.error} wide>
      {other ? (
        <>
          <RecordsSideBySide left={customer} right={other} />
          <fieldset className="stack">
            <legend>{t("identity.survivor")}</legend>
            {[customer, other].map((c) => (
              <label key={c.id} className="row-gap">
                <input type="radio" name="survivor" value={c.id} checked={survivor === c.id} onChange={() => setSurvivor(c.id)} data-testid={`survivor-${c.id === customer.id ? "this" : "other"}`} />
                {t("identity.keepRecordOf", { name: c.name })}
              </label>
            ))}
          </fieldset>
          <TextInput label={t("identity.reason")} hint={t("common.optional")} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          <Button variant="subtle" onClick={() => setOther(null)}>
            {t("identity.chooseAnother")}
          </Button>
        </>
      ) : (
        <>
          <TextInput label={t("identity.findOther")} autoFocus value={q} onChange={(e) => setQ(e.target.value)} data-testid="merge-search" />
          <ErrorAlert error={found.error} />
          <ul className="plain">
            {(found.data?.items ?? [])
              .filter((c) => c.id !== customer.id)
              .map((c) => (
                <li key={c.id}>
                  <Button variant="subtle" onClick={() => setOther(c)} data-testid="merge-candidate">
                    <Icon name="user" size={14} /> {c.name}
                  </Button>
                </li>
              ))}
          </ul>
        </>
      )}
    </FormModal>
  );
}

/** A merge or unmerge on the customer's timeline. */
export function MergeTimelineEntry({ entry, time }: { entry: Extract<TimelineEntry, { type: "merge" }>; time: React.ReactNode }) {
  const { t } = useI18n();
  const m = entry.merge;
  return (
    <li className="ctl-item ctl-event" data-testid="customer-timeline-entry" data-type="merge">
      <span className="ctl-icon">
        <Icon name="link" size={16} />
      </span>
      <div className="ctl-body">
        <div className="ev-head">
          <span className="ev-title">
            {t(m.action === "merged" ? "identity.timeline.merged" : "identity.timeline.unmerged", { name: m.mergedName, actor: m.actorName ?? t("identity.someone") })}
          </span>
          {time}
        </div>
      </div>
    </li>
  );
}
