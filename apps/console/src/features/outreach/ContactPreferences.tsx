/** On the customer's page: their time zone (and where it comes from) and their word per channel, with an opt-out (or opt-in) action. */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Badge, Group } from "@mantine/core";
import { CHANNELS } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { useFormat } from "../../lib/format";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { Button, FormModal, Loading, Select, TextInput } from "../../ui";
import { fetchCustomer } from "../customers/api";
import { recordConsent } from "./api";

export function ContactPreferences({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const customer = useQuery({ queryKey: queryKeys.customer(customerId), queryFn: ({ signal }) => fetchCustomer(customerId, signal) });
  const [open, setOpen] = useState(false);
  const c = customer.data;
  if (!c) return customer.isLoading ? <Loading /> : null;
  return (
    <section className="card" data-testid="contact-preferences" aria-labelledby="contact-prefs-title">
      <div className="section-head">
        <h2 className="h3" id="contact-prefs-title">
          {t("consent.title")}
        </h2>
        <Button variant="subtle" onClick={() => setOpen(true)} data-testid="consent-record">
          {t("consent.record")}
        </Button>
      </div>
      <p className="small" data-testid="customer-time-zone">
        {c.timeZone ? t(c.timeZoneSource === "phone" ? "consent.zoneFromPhone" : "consent.zoneOwn", { zone: c.timeZone }) : t("consent.zoneNone")}
      </p>
      {c.consents.length === 0 ? <p className="small muted">{t("consent.none")}</p> : null}
      <ul className="stack" aria-label={t("consent.title")}>
        {c.consents.map((k) => (
          <li key={k.channel} data-testid="consent-item">
            <Group gap="xs">
              <strong>{t(`outreach.channel.${k.channel}` as MessageKey)}</strong>
              <Badge variant="outline" color={k.status === "opted_out" ? "#991b1b" : "#166534"} tt="none">
                {t(`consent.status.${k.status}` as MessageKey)}
              </Badge>
            </Group>
            <p className="small muted">{t("consent.how", { how: k.how, at: fmt.dateTime(k.at) })}</p>
          </li>
        ))}
      </ul>
      {open ? <ConsentModal customerId={customerId} onClose={() => setOpen(false)} /> : null}
    </section>
  );
}

function ConsentModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ channel: "sms", status: "opted_out" as "opted_out" | "opted_in", how: "" });
  const m = useMutation({ mutationFn: () => recordConsent(customerId, { ...form, how: form.how.trim() }) });
  return (
    <FormModal
      title={t("consent.record")}
      testId="consent-modal"
      onClose={onClose}
      onSubmit={() => m.mutate(undefined, { onSuccess: () => (invalidate(queryKeys.customer(customerId)), onClose()) })}
      submitLabel={t("common.save")}
      submitTestId="consent-submit"
      pending={m.isPending}
      error={m.error}
    >
      <Select label={t("outreach.channel")} value={form.channel} onChange={(e) => setForm({ ...form, channel: e.currentTarget.value })} options={CHANNELS.map((c) => ({ value: c, label: t(`outreach.channel.${c}` as MessageKey) }))} data-testid="consent-channel" />
      <Select
        label={t("consent.statusLabel")}
        value={form.status}
        onChange={(e) => setForm({ ...form, status: e.currentTarget.value as "opted_out" | "opted_in" })}
        options={[
          { value: "opted_out", label: t("consent.status.opted_out") },
          { value: "opted_in", label: t("consent.status.opted_in") },
        ]}
        data-testid="consent-status"
      />
      <TextInput label={t("consent.howLabel")} hint={t("consent.howHint")} value={form.how} onChange={(e) => setForm({ ...form, how: e.currentTarget.value })} maxLength={300} required data-testid="consent-how" />
    </FormModal>
  );
}
