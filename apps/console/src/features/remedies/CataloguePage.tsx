/** The remedy catalogue for admins: reasons and their limits, the authority matrix, values per unit, the settings. */
import { useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Checkbox, Group, SimpleGrid, Table } from "@mantine/core";
import { REMEDY_KINDS, type RemedyCatalogue, type RemedyReason } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { invalidate } from "../../lib/queryClient";
import { Button, ErrorAlert, FormModal, Loading, Select, TextInput, toast } from "../../ui";
import { fetchCatalogue, patchKind, patchSettings, putAuthority, putReason, remedyKeys } from "./api";
import { inLanguage } from "./words";
import { PlaybooksCard } from "./PlaybooksCard";

const saved = (t: (k: MessageKey) => string) => {
  invalidate(remedyKeys.catalogue());
  toast(t("common.saved"));
};
const money = (amount: string, currency: string) => (amount.trim() === "" ? null : { amount: amount.trim(), currency });

export default function CataloguePage() {
  const { t, lang } = useI18n();
  const catalogue = useQuery({ queryKey: remedyKeys.catalogue(), queryFn: ({ signal }) => fetchCatalogue(signal) });
  const [editing, setEditing] = useState<RemedyReason | "new" | null>(null);
  useEffect(() => {
    document.title = `${t("catalogue.title")} · ${t("app.name")}`;
  }, [t]);
  const c = catalogue.data;
  return (
    <div className="page" data-testid="catalogue-page">
      <div className="page-head">
        <h1>{t("catalogue.title")}</h1>
        <Button icon="plus" onClick={() => setEditing("new")} data-testid="catalogue-new-reason">
          {t("catalogue.newReason")}
        </Button>
      </div>
      {catalogue.isLoading ? <Loading /> : null}
      <ErrorAlert error={catalogue.error} onRetry={() => void catalogue.refetch()} />
      {c ? (
        <>
          <section className="card">
            <h2 className="h3">{t("catalogue.reasons")}</h2>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("remedy.reason")}</Table.Th>
                  <Table.Th>{t("remedy.kind")}</Table.Th>
                  <Table.Th>{t("catalogue.limit")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.reasons.map((r) => (
                  <Table.Tr key={r.code} data-testid="catalogue-reason">
                    <Table.Td>
                      {inLanguage(r.labels, lang)} <span className="mono muted small">{r.code}</span> {r.active ? null : <span className="muted">({t("catalogue.inactive")})</span>}
                    </Table.Td>
                    <Table.Td>{r.kinds.map((k) => t(`remedy.kind.${k}` as MessageKey)).join(t("common.listSeparator"))}</Table.Td>
                    <Table.Td>{r.limit ? t("catalogue.limitText", { count: r.limit.count, days: r.limit.windowDays, beyond: t(`remedy.status.${r.limit.beyond}` as MessageKey) }) : t("common.none")}</Table.Td>
                    <Table.Td>
                      <Button variant="subtle" onClick={() => setEditing(r)}>
                        {t("catalogue.edit")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
          <AuthorityCard c={c} />
          <KindsAndSettingsCard c={c} />
          <PlaybooksCard />
        </>
      ) : null}
      {editing && c ? <ReasonModal reason={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function ReasonModal({ reason, onClose }: { reason: RemedyReason | null; onClose: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({
    code: reason?.code ?? "",
    zh: reason?.labels["zh-CN"] ?? "",
    en: reason?.labels.en ?? "",
    kinds: reason?.kinds ?? ["voucher"],
    count: reason?.limit ? String(reason.limit.count) : "",
    days: reason?.limit ? String(reason.limit.windowDays) : "",
    beyond: reason?.limit?.beyond ?? "declined",
    active: reason?.active ?? true,
  });
  const m = useMutation({
    mutationFn: () =>
      putReason(f.code.trim(), {
        labels: { "zh-CN": f.zh, en: f.en },
        kinds: f.kinds,
        limit: f.count && f.days ? { count: Number(f.count), windowDays: Number(f.days), appliesToAll: reason?.limit?.appliesToAll ?? false, beyond: f.beyond } : null,
        active: f.active,
      }),
  });
  return (
    <FormModal title={reason ? t("catalogue.edit") : t("catalogue.newReason")} testId="reason-modal" onClose={onClose} onSubmit={() => m.mutate(undefined, { onSuccess: () => (saved(t), onClose()) })} submitLabel={t("common.save")} submitTestId="reason-save" pending={m.isPending} error={m.error}>
      <TextInput label={t("catalogue.code")} value={f.code} disabled={Boolean(reason)} onChange={(e) => setF({ ...f, code: e.currentTarget.value })} data-testid="reason-code" />
      <SimpleGrid cols={2}>
        <TextInput label={t("catalogue.labelZh")} value={f.zh} onChange={(e) => setF({ ...f, zh: e.currentTarget.value })} />
        <TextInput label={t("catalogue.labelEn")} value={f.en} onChange={(e) => setF({ ...f, en: e.currentTarget.value })} />
      </SimpleGrid>
      <Group gap="sm">
        {REMEDY_KINDS.map((k) => (
          <Checkbox key={k} label={t(`remedy.kind.${k}` as MessageKey)} checked={f.kinds.includes(k)} onChange={(e) => setF({ ...f, kinds: e.currentTarget.checked ? [...f.kinds, k] : f.kinds.filter((x) => x !== k) })} />
        ))}
      </Group>
      <SimpleGrid cols={3}>
        <TextInput label={t("catalogue.limitCount")} hint={t("common.optional")} value={f.count} inputMode="numeric" onChange={(e) => setF({ ...f, count: e.currentTarget.value })} data-testid="reason-count" />
        <TextInput label={t("catalogue.limitDays")} value={f.days} inputMode="numeric" onChange={(e) => setF({ ...f, days: e.currentTarget.value })} data-testid="reason-days" />
        <Select label={t("catalogue.beyond")} value={f.beyond} onChange={(e) => setF({ ...f, beyond: e.currentTarget.value as "declined" | "pending_approval" })} options={[{ value: "declined", label: t("remedy.status.declined") }, { value: "pending_approval", label: t("remedy.status.pending_approval") }]} />
      </SimpleGrid>
      <Checkbox label={t("catalogue.active")} checked={f.active} onChange={(e) => setF({ ...f, active: e.currentTarget.checked })} />
    </FormModal>
  );
}

function AuthorityCard({ c }: { c: RemedyCatalogue }) {
  const { t } = useI18n();
  const [rows, setRows] = useState(() => c.authority.map((a) => ({ ...a, company: a.companyFault?.amount ?? "", other: a.otherFault?.amount ?? "" })));
  const m = useMutation({ mutationFn: async () => Promise.all(rows.map((r) => putAuthority({ role: r.role, reason: r.reason, companyFault: money(r.company, c.settings.currency), otherFault: money(r.other, c.settings.currency) }))) });
  return (
    <section className="card" data-testid="catalogue-authority">
      <h2 className="h3">{t("catalogue.authority")}</h2>
      <p className="muted small">{t("catalogue.authorityHint")}</p>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("catalogue.role")}</Table.Th>
            <Table.Th>{t("remedy.reason")}</Table.Th>
            <Table.Th>{t("catalogue.companyFault", { currency: c.settings.currency })}</Table.Th>
            <Table.Th>{t("catalogue.otherFault", { currency: c.settings.currency })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={`${r.role}:${r.reason}`}>
              <Table.Td>{t(`role.${r.role}` as MessageKey)}</Table.Td>
              <Table.Td className="mono">{r.reason}</Table.Td>
              {(["company", "other"] as const).map((k) => (
                <Table.Td key={k}>
                  <TextInput label={t(k === "company" ? "catalogue.companyFault" : "catalogue.otherFault", { currency: c.settings.currency })} aria-label={`${r.role} ${k}`} value={r[k]} inputMode="decimal" onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, [k]: e.currentTarget.value } : x)))} data-testid={`authority-${r.role}-${k}`} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ErrorAlert error={m.error} />
      <Button variant="primary" loading={m.isPending} onClick={() => m.mutate(undefined, { onSuccess: () => saved(t) })} data-testid="authority-save">
        {t("common.save")}
      </Button>
    </section>
  );
}

function KindsAndSettingsCard({ c }: { c: RemedyCatalogue }) {
  const { t } = useI18n();
  const unit = (k: string) => c.kinds.find((x) => x.kind === k)?.unitValue?.amount ?? "";
  const [f, setF] = useState({ points: unit("points"), service: unit("free_service"), cap: c.settings.goodwillCap?.amount ?? "", capDays: String(c.settings.goodwillCapWindowDays), minutes: String(c.settings.approvalMinutes) });
  const cur = c.settings.currency;
  const m = useMutation({
    mutationFn: async () => {
      await patchKind("points", money(f.points, cur));
      await patchKind("free_service", money(f.service, cur));
      return patchSettings({ goodwillCap: money(f.cap, cur), goodwillCapWindowDays: Number(f.capDays), approvalMinutes: Number(f.minutes) });
    },
  });
  return (
    <section className="card" data-testid="catalogue-settings">
      <h2 className="h3">{t("catalogue.settings")}</h2>
      <SimpleGrid cols={3}>
        <TextInput label={t("catalogue.pointValue", { currency: cur })} value={f.points} onChange={(e) => setF({ ...f, points: e.currentTarget.value })} />
        <TextInput label={t("catalogue.serviceValue", { currency: cur })} value={f.service} onChange={(e) => setF({ ...f, service: e.currentTarget.value })} />
        <TextInput label={t("catalogue.cap", { currency: cur })} hint={t("common.optional")} value={f.cap} onChange={(e) => setF({ ...f, cap: e.currentTarget.value })} data-testid="settings-cap" />
        <TextInput label={t("catalogue.capDays")} value={f.capDays} inputMode="numeric" onChange={(e) => setF({ ...f, capDays: e.currentTarget.value })} />
        <TextInput label={t("catalogue.approvalMinutes")} value={f.minutes} inputMode="numeric" onChange={(e) => setF({ ...f, minutes: e.currentTarget.value })} data-testid="settings-minutes" />
      </SimpleGrid>
      <ErrorAlert error={m.error} />
      <Button variant="primary" loading={m.isPending} onClick={() => m.mutate(undefined, { onSuccess: () => saved(t) })} data-testid="settings-save">
        {t("common.save")}
      </Button>
    </section>
  );
}
