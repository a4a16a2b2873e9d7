/**
 * The inbox: saved views, filters, sorting and search on GET /api/v1/cases, paged by cursor as the
 * list scrolls; j/k move, Enter opens, e resolves, r replies. The filters live in the address.
 */
import { useEffect, useRef, useState } from "react";
import type { Case, Page } from "@tandem/contracts";
import { get } from "../../lib/api";
import { queryKeys } from "../../lib/queryClient";
import { usePaged } from "../../lib/paged";
import { navigate, useSearchParams } from "../../lib/router";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, Empty, ErrorAlert, Loading } from "../../ui";
import { Icon } from "../../ui/icons";
import { isPartner, useMe } from "../auth/session";
import { OrganizationTasks } from "../tasks/OrganizationTasks";
import { SORTS } from "../cases/api";
import { ResolveModal } from "../cases/ResolveModal";
import { CaseRow } from "./InboxRow";
import { InboxFilters } from "./InboxFilters";
import classes from "./InboxPage.module.css";

type View = "mine" | "team" | "unassigned" | "atRisk";
const VIEWS: View[] = ["mine", "team", "unassigned", "atRisk"];

const NEEDS_WORK = ["open", "waiting_on_customer", "waiting_on_party"];
const list = (v: string | null) => (v ? v.split(",").filter(Boolean) : []);

export default function InboxPage() {
  const { t } = useI18n();
  const me = useMe();
  const partner = isPartner(me);
  const [params, setParams] = useSearchParams();
  const view = (VIEWS as string[]).includes(params.get("view") ?? "") ? (params.get("view") as View) : partner ? "team" : "mine";
  // By default the views show the cases that need work; resolved and closed ones on request.
  const status = params.get("status") === null ? NEEDS_WORK : list(params.get("status"));
  const priority = list(params.get("priority"));
  const kind = list(params.get("kind"));
  const channel = list(params.get("channel"));
  const org = params.get("org") ?? "";
  const sort = (SORTS as readonly string[]).includes(params.get("sort") ?? "") ? params.get("sort")! : "updated_desc";
  const q = params.get("q") ?? "";
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    const h = setTimeout(() => search.trim() !== q && setParams({ q: search.trim() || null }), 300);
    return () => clearTimeout(h);
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps

  const query: Record<string, string | string[] | undefined> = {
    status,
    priority,
    kind,
    channel,
    sort,
    q: q || undefined,
    organizationId: view === "team" ? me.organizationId : org || undefined,
    ownerId: view === "mine" ? me.id : view === "unassigned" ? "none" : undefined,
    atRisk: view === "atRisk" ? "true" : undefined,
  };
  const cases = usePaged<Case>(queryKeys.caseList(query), (cursor, signal) => get<Page<Case>>("/api/v1/cases", { ...query, limit: 50, cursor }, signal));

  useEffect(() => {
    document.title = `${t("inbox.title")} · ${t("app.name")}`;
  }, [t]);

  const [selected, setSelected] = useState(0);
  const [resolving, setResolving] = useState<Case | null>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const { items, hasMore, loadMore } = cases;

  useEffect(() => setSelected(0), [JSON.stringify(query)]); // eslint-disable-line react-hooks/exhaustive-deps

  // Load the next page as the end of the list comes into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    }, { rootMargin: "600px" });
    io.observe(el);
    return () => io.disconnect();
  }, [loadMore, hasMore]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.metaKey || e.ctrlKey || e.altKey || resolving) return;
      if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable || target.closest("dialog,details")) return;
      const current = items[selected];
      if (e.key === "j" || e.key === "ArrowDown") {
        e.preventDefault();
        const next = Math.min(selected + 1, items.length - 1);
        setSelected(next);
        if (next >= items.length - 5 && hasMore) void loadMore();
      } else if (e.key === "k" || e.key === "ArrowUp") {
        e.preventDefault();
        setSelected((s) => Math.max(s - 1, 0));
      } else if (e.key === "Enter" && current) {
        e.preventDefault();
        navigate(`/cases/${current.id}`);
      } else if (e.key === "e" && current && !["resolved", "closed"].includes(current.status)) {
        e.preventDefault();
        setResolving(current);
      } else if (e.key === "r" && current) {
        e.preventDefault();
        navigate(`/cases/${current.id}?reply=1`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, selected, resolving, hasMore, loadMore]);

  useEffect(() => {
    tableRef.current?.querySelector<HTMLElement>(`[data-index="${selected}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const filtered = (params.get("status") !== null ? status.length : 0) + priority.length + kind.length + channel.length > 0 || Boolean(org) || Boolean(q);
  const viewLabel = (v: View): string => (v === "team" && partner ? t("inbox.view.shared") : t(`inbox.view.${v}` as MessageKey));
  const emptyText = filtered ? t("inbox.empty.filtered") : view === "team" && partner ? t("inbox.empty.shared") : t(`inbox.empty.${view}` as MessageKey);

  return (
    <div className="page inbox">
      <div className="page-head">
        <h1>{t("inbox.title")}</h1>
        <div className={classes.tabs} role="tablist" aria-label={t("inbox.views")}>
          {VIEWS.filter((v) => !(partner && (v === "mine" || v === "unassigned"))).map((v) => (
            <button key={v} role="tab" type="button" aria-selected={view === v} className={classes.tab} onClick={() => setParams({ view: v })} data-testid={`inbox-view-${v}`}>
              {v === "atRisk" ? <Icon name="clock" size={16} /> : null}
              {viewLabel(v)}
            </button>
          ))}
        </div>
      </div>

      <InboxFilters status={status} priority={priority} kind={kind} channel={channel} org={view !== "team" ? org : null} sort={sort} search={search} onSearch={setSearch} filtered={filtered} setParams={setParams} />

      {partner ? <OrganizationTasks organizationId={me.organizationId} /> : null}
      <ErrorAlert error={cases.data ? null : cases.error} onRetry={() => void cases.refetch()} />
      {cases.isLoading ? <Loading /> : null}
      {cases.data && items.length === 0 ? (
        <Empty icon={view === "atRisk" ? "clock" : "inbox"} testId="inbox-empty">
          {emptyText}
        </Empty>
      ) : null}

      {items.length > 0 ? (
        <div className={classes.wrap}>
          <table className={classes.list} data-testid="inbox-list">
            <thead>
              <tr>
                <th scope="col">{t("inbox.col.number")}</th>
                <th scope="col">{t("inbox.col.subject")}</th>
                <th scope="col">{t("inbox.col.status")}</th>
                <th scope="col">{t("inbox.col.priority")}</th>
                <th scope="col">{t("inbox.col.owner")}</th>
                <th scope="col">{t("inbox.col.updated")}</th>
              </tr>
            </thead>
            <tbody ref={tableRef}>
              {items.map((c, i) => (
                <CaseRow key={c.id} kase={c} index={i} selected={i === selected} onSelect={setSelected} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div ref={sentinel} className="list-foot">
        {items.length > 0 ? <span className="muted small">{cases.hasMore ? t("inbox.countMore", { count: items.length }) : t("inbox.count", { count: items.length })}</span> : null}
        {cases.hasMore ? (
          <Button onClick={() => void cases.loadMore()} loading={cases.loadingMore} data-testid="inbox-load-more">
            {cases.loadingMore ? t("common.loadingMore") : t("common.loadMore")}
          </Button>
        ) : null}
        <ErrorAlert error={cases.moreError} />
      </div>
      <p className={`muted small ${classes.keys}`}>{t("inbox.keys")}</p>
      {resolving ? <ResolveModal kase={resolving} onClose={() => setResolving(null)} /> : null}
    </div>
  );
}
