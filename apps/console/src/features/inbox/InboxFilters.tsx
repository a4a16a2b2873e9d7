/** The inbox's filters (kept in the address): search, status, priority, kind, channel, organisation (searched on the server), sort. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { Organization } from "@tandem/contracts";
import { get } from "../../lib/api";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, MultiFilter } from "../../ui";
import { Icon } from "../../ui/icons";
import { CASE_KINDS, CASE_STATUSES, CHANNELS, PRIORITIES, SORTS } from "../cases/api";
import { OrganizationPicker } from "../pickers";
import classes from "./InboxPage.module.css";

export function InboxFilters({
  status,
  priority,
  kind,
  channel,
  org,
  sort,
  search,
  onSearch,
  filtered,
  setParams,
}: {
  status: string[];
  priority: string[];
  kind: string[];
  channel: string[];
  /** The organisation filter, or null where the view fixes it (my team). */
  org: string | null;
  sort: string;
  search: string;
  onSearch: (text: string) => void;
  filtered: boolean;
  setParams: (next: Record<string, string | null>) => void;
}) {
  const { t } = useI18n();
  const opts = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  // The picker asks the server; the name of an organisation chosen here is kept for as long as the page is open.
  const [orgName, setOrgName] = useState<string | undefined>(undefined);
  // An organisation that came in the address (a link, a reload) is named by asking the server for it.
  const fromAddress = useQuery({ queryKey: ["organization", org], queryFn: ({ signal }) => get<Organization>(`/api/v1/organizations/${org}`, undefined, signal), enabled: Boolean(org) && orgName === undefined, staleTime: 300_000 });
  const shownName = orgName ?? fromAddress.data?.name;
  const [resets, setResets] = useState(0);
  return (
    <div className={classes.toolbar} role="search" aria-label={t("inbox.filters")}>
      <label className={classes.search}>
        <Icon name="search" />
        <span className="sr-only">{t("inbox.search")}</span>
        <input type="search" value={search} placeholder={t("inbox.searchPlaceholder")} onChange={(e) => onSearch(e.target.value)} data-testid="inbox-search" />
      </label>
      <MultiFilter label={t("inbox.filter.status")} values={status} options={opts(CASE_STATUSES, "status")} onChange={(v) => setParams({ status: v.join(",") || null })} testId="filter-status" />
      <MultiFilter label={t("inbox.filter.priority")} values={priority} options={opts(PRIORITIES, "priority")} onChange={(v) => setParams({ priority: v.join(",") || null })} testId="filter-priority" />
      <MultiFilter label={t("inbox.filter.kind")} values={kind} options={opts(CASE_KINDS, "kind")} onChange={(v) => setParams({ kind: v.join(",") || null })} testId="filter-kind" />
      <MultiFilter label={t("inbox.filter.channel")} values={channel} options={opts(CHANNELS, "channel")} onChange={(v) => setParams({ channel: v.join(",") || null })} testId="filter-channel" />
      {org !== null ? (
        <div className={classes.picker}>
          <OrganizationPicker
            key={`${resets}-${fromAddress.data?.id ?? ""}`}
            label={t("inbox.filter.organization")}
            hideLabel
            placeholder={org ? t("inbox.filter.chosenOrganization") : t("inbox.filter.anyOrganization")}
            value={org}
            initialText={org ? shownName : undefined}
            onChange={(id, o) => {
              setOrgName(o?.name);
              setParams({ org: id || null });
            }}
            testId="filter-organization"
          />
        </div>
      ) : null}
      <label className={classes.sort}>
        <span className="muted">{t("inbox.sort")}</span>
        <select value={sort} onChange={(e) => setParams({ sort: e.target.value === "updated_desc" ? null : e.target.value })} data-testid="inbox-sort">
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`inbox.sort.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {filtered ? (
        <Button
          variant="subtle"
          icon="x"
          onClick={() => {
            setResets((n) => n + 1);
            setParams({ status: null, priority: null, kind: null, channel: null, org: null, q: null });
          }}
        >
          {t("inbox.filter.clear")}
        </Button>
      ) : null}
    </div>
  );
}
