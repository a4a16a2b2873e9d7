/**
 * Ctrl+K (⌘K): jump to a case by its number or subject, or to a customer, from anywhere — Mantine's
 * spotlight over the same server search as the header's find box (one short page of each).
 */
import { Spotlight, spotlight } from "@mantine/spotlight";
import "@mantine/spotlight/styles.css";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import type { Case, Customer, Page } from "@tandem/contracts";
import { useState } from "react";
import { get } from "../../lib/api";
import { queryKeys } from "../../lib/queryClient";
import { navigate } from "../../lib/router";
import { useI18n } from "../../i18n";
import { StatusBadge } from "../../ui";
import { Icon } from "../../ui/icons";

export const openJump = () => spotlight.open();

export function Jump({ canSearchCustomers }: { canSearchCustomers: boolean }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const [typed] = useDebouncedValue(query.trim(), 200);
  const enabled = typed.length > 0;
  const cases = useQuery({ queryKey: [...queryKeys.findCases(typed), "jump"], queryFn: ({ signal }) => get<Page<Case>>("/api/v1/cases", { q: typed, limit: 6, status: "open,waiting_on_customer,waiting_on_party,resolved,closed" }, signal), enabled });
  const customers = useQuery({ queryKey: queryKeys.findCustomers(typed), queryFn: ({ signal }) => get<Page<Customer>>("/api/v1/customers", { q: typed, limit: 6 }, signal), enabled: enabled && canSearchCustomers });
  const go = (to: string) => {
    navigate(to);
    spotlight.close();
  };
  const caseItems = cases.data?.items ?? [];
  const customerItems = customers.data?.items ?? [];
  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={["mod + K"]} clearQueryOnClose scrollable maxHeight={420} attributes={{ content: { "aria-label": t("jump.label") } }}>
      <Spotlight.Search
        placeholder={t("jump.placeholder")}
        aria-label={t("jump.label")}
        leftSection={<Icon name="search" size={18} />}
        data-testid="jump-input"
        onKeyDown={(e) => {
          // Enter with nothing chosen by the arrows goes to the first match (a typed case number).
          if (e.key !== "Enter" || document.querySelector("[data-testid=jump-results] [data-selected]")) return;
          const first = caseItems[0] ? `/cases/${caseItems[0].id}` : customerItems[0] ? `/customers/${customerItems[0].id}` : null;
          if (first) go(first);
        }}
      />
      <Spotlight.ActionsList data-testid="jump-results">
        {caseItems.length ? (
          <Spotlight.ActionsGroup label={t("jump.cases")}>
            {caseItems.map((c) => (
              <Spotlight.Action key={c.id} onClick={() => go(`/cases/${c.id}`)} data-testid="jump-case">
                <span className="mono">{c.number}</span>&nbsp; {c.subject}&nbsp; <StatusBadge status={c.status} />
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {customerItems.length ? (
          <Spotlight.ActionsGroup label={t("jump.customers")}>
            {customerItems.map((c) => (
              <Spotlight.Action key={c.id} onClick={() => go(`/customers/${c.id}`)} data-testid="jump-customer">
                {c.name}
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {enabled && !cases.isFetching && !customers.isFetching && !caseItems.length && !customerItems.length ? <Spotlight.Empty>{t("jump.none")}</Spotlight.Empty> : null}
        {!enabled ? <Spotlight.Empty>{t("jump.hint")}</Spotlight.Empty> : null}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
