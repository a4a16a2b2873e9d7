/** The audit log (admins): actions outside a case's own history, newest first, filtered, a page at a time. */
import { useState } from "react";
import type { AuditEntry } from "@tandem/contracts";
import { useFormat } from "../../lib/format";
import { usePaged } from "../../lib/paged";
import { queryKeys } from "../../lib/queryClient";
import { useI18n } from "../../i18n";
import { Button, DataTable, ErrorAlert, Loading, type Column } from "../../ui";
import { actorName } from "../cases/Timeline";
import { auditChanges, auditQuery, fetchAuditPage, NO_AUDIT_FILTERS, type AuditFilters } from "./audit";
import { AuditFiltersForm } from "./AuditFiltersForm";
import classes from "./AuditTab.module.css";

export function AuditTab() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [filters, setFilters] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const query = auditQuery(filters);
  const list = usePaged<AuditEntry>(queryKeys.audit(query), (cursor, signal) => fetchAuditPage(query, cursor, signal));
  const columns: Column<AuditEntry>[] = [
    { key: "at", header: t("audit.at"), className: "small nowrap", cell: (e) => <time dateTime={e.at}>{fmt.dateTime(e.at)}</time> },
    { key: "actor", header: t("audit.actor"), cell: (e) => actorName(t, e.actor) },
    { key: "action", header: t("audit.action"), cell: (e) => <code className={classes.code} data-testid="audit-action">{e.action}</code> },
    { key: "subject", header: t("audit.subject"), className: "small", cell: (e) => <span className={classes.subject}>{e.subject.id ? `${e.subject.type} · ${e.subject.id}` : e.subject.type}</span> },
    { key: "changes", header: t("audit.changes"), className: "small", cell: (e) => <Changes entry={e} /> },
  ];
  return (
    <div className="stack">
      <section className="card">
        <AuditFiltersForm onApply={setFilters} />
      </section>
      <section className="card stack">
        {list.isLoading ? <Loading /> : null}
        <ErrorAlert error={list.error} onRetry={list.refetch} />
        {list.data ? <DataTable caption={t("audit.title")} columns={columns} rows={list.items} rowKey={(e) => e.id} empty={t("audit.empty")} testId="audit-log" rowProps={(e) => ({ "data-testid": "audit-row", "data-action": e.action })} /> : null}
        {list.hasMore ? (
          <Button onClick={() => void list.loadMore()} loading={list.loadingMore} data-testid="audit-more">
            {t("common.loadMore")}
          </Button>
        ) : null}
      </section>
    </div>
  );
}

function Changes({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const changes = auditChanges(entry.before, entry.after);
  return (
    <div className={classes.changes}>
      {changes.map((c) => (
        <div key={c.field}>
          {c.field ? <span className={classes.field}>{c.field}: </span> : null}
          {c.before !== null ? <del>{c.before}</del> : null}
          {c.before !== null && c.after !== null ? " → " : null}
          {c.after !== null ? <ins>{c.after}</ins> : null}
        </div>
      ))}
      {entry.reason ? <div className={classes.reason}>{t("audit.reason", { reason: entry.reason })}</div> : null}
    </div>
  );
}
