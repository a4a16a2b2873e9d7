/** A partner desk's inbox: its organisation's open tasks across the cases shared with it, soonest due first. */
import { useQuery } from "@tanstack/react-query";
import { useFormat } from "../../lib/format";
import { Link } from "../../lib/router";
import { useI18n } from "../../i18n";
import { ErrorAlert } from "../../ui";
import { fetchOpenTasks, taskKeys } from "./api";

const dueOrder = (a: { dueAt: string | null }, b: { dueAt: string | null }) => (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999");

export function OrganizationTasks({ organizationId }: { organizationId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const tasks = useQuery({ queryKey: taskKeys.openOf(organizationId), queryFn: ({ signal }) => fetchOpenTasks(organizationId, signal) });
  const items = [...(tasks.data?.items ?? [])].sort(dueOrder);
  return (
    <section className="card" data-testid="organization-tasks" aria-labelledby="organization-tasks-title">
      <h2 id="organization-tasks-title" className="h3">
        {t("tasks.mine")}
      </h2>
      <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      {tasks.data && items.length === 0 ? <p className="muted small">{t("tasks.mineNone")}</p> : null}
      {items.length ? (
        <ul className="plain">
          {items.map((x) => (
            <li key={x.id} className="small" data-testid="organization-task">
              <Link to={`/cases/${x.caseId}`} className="mono">
                {x.caseNumber}
              </Link>{" "}
              {x.title}
              {x.dueAt ? <span className="muted"> · {t("tasks.due", { time: fmt.dateTime(x.dueAt) })}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
