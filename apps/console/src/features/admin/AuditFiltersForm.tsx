/** The audit log's filters: who, what, on what, which organisation, when (on the user's clock). */
import { Group, TextInput as MantineTextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { Button } from "../../ui";
import { DateTimeField } from "../../ui/DateTimeField";
import { OrganizationPicker, UserPicker } from "../pickers";
import { AUDIT_SUBJECT_TYPES, auditFilterErrors, NO_AUDIT_FILTERS, type AuditFilters } from "./audit";
import classes from "./AuditTab.module.css";

export function AuditFiltersForm({ onApply }: { onApply: (f: AuditFilters) => void }) {
  const { t } = useI18n();
  const [f, setF] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [tried, setTried] = useState(false);
  const errors = tried ? auditFilterErrors(f) : {};
  const err = (k: keyof AuditFilters) => (errors[k] ? t(errors[k]) : undefined);
  const set = <K extends keyof AuditFilters>(k: K, v: AuditFilters[K]) => setF((x) => ({ ...x, [k]: v }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(auditFilterErrors(f)).length === 0) onApply(f);
  };
  const clear = () => {
    setF(NO_AUDIT_FILTERS);
    setTried(false);
    onApply(NO_AUDIT_FILTERS);
  };
  return (
    <form className={classes.filters} onSubmit={apply} noValidate data-testid="audit-filters">
      <UserPicker label={t("audit.actor")} value={f.actorId} onChange={(id) => set("actorId", id)} testId="audit-filter-actor" />
      <MantineTextInput label={t("audit.action")} placeholder="user.role_changed" value={f.action} onChange={(e) => set("action", e.currentTarget.value)} error={err("action")} data-testid="audit-filter-action" />
      <MantineTextInput
        label={t("audit.subjectType")}
        placeholder={AUDIT_SUBJECT_TYPES.slice(0, 3).join(", ")}
        value={f.subjectType}
        onChange={(e) => set("subjectType", e.currentTarget.value)}
        error={err("subjectType")}
        data-testid="audit-filter-subject-type"
      />
      <MantineTextInput label={t("audit.subjectId")} value={f.subjectId} onChange={(e) => set("subjectId", e.currentTarget.value)} error={err("subjectId")} data-testid="audit-filter-subject-id" />
      <OrganizationPicker label={t("audit.organization")} value={f.organizationId} onChange={(id) => set("organizationId", id)} testId="audit-filter-organization" />
      <DateTimeField label={t("audit.from")} value={f.from} onChange={(v) => set("from", v)} testId="audit-filter-from" />
      <DateTimeField label={t("audit.to")} value={f.to} onChange={(v) => set("to", v)} error={err("to")} testId="audit-filter-to" />
      <Group gap="xs" align="flex-end" className={classes.buttons}>
        <Button type="submit" variant="primary" icon="search" data-testid="audit-apply">
          {t("audit.apply")}
        </Button>
        <Button onClick={clear} data-testid="audit-clear">
          {t("audit.clear")}
        </Button>
      </Group>
    </form>
  );
}
