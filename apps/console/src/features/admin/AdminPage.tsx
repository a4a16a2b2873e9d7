/** Administration: organizations, users, the signed-in user's API tokens, business calendars, SLA policies, the audit log and webhooks, one tab each. */
import { useEffect } from "react";
import { Tabs } from "@mantine/core";
import { useSearchParams } from "../../lib/router";
import { useI18n, type MessageKey } from "../../i18n";
import { OrganizationsTab } from "./OrganizationsTab";
import { TokensTab } from "./TokensTab";
import { AuditTab } from "./AuditTab";
import { UsersTab } from "./UsersTab";
import { CalendarsTab } from "../calendars/CalendarsTab";
import { PoliciesTab } from "../sla/PoliciesTab";
import { WebhooksTab } from "../webhooks/WebhooksTab";

type Tab = "organizations" | "users" | "tokens" | "calendars" | "sla" | "audit" | "webhooks";
const TABS: Tab[] = ["organizations", "users", "tokens", "calendars", "sla", "audit", "webhooks"];

export default function AdminPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  useEffect(() => {
    document.title = `${t("admin.title")} · ${t("app.name")}`;
  }, [t]);
  const tab = (TABS as string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "organizations";
  return (
    <div className="page">
      <Tabs value={tab} onChange={(x) => x && setParams({ tab: x })} keepMounted={false}>
        <div className="page-head">
          <h1>{t("admin.title")}</h1>
          <Tabs.List>
            {TABS.map((x) => (
              <Tabs.Tab key={x} value={x} data-testid={`admin-tab-${x}`}>
                {t(`admin.${x}` as MessageKey)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </div>
        <Tabs.Panel value="organizations">
          <OrganizationsTab />
        </Tabs.Panel>
        <Tabs.Panel value="users">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="tokens">
          <TokensTab />
        </Tabs.Panel>
        <Tabs.Panel value="calendars">
          <CalendarsTab />
        </Tabs.Panel>
        <Tabs.Panel value="sla">
          <PoliciesTab />
        </Tabs.Panel>
        <Tabs.Panel value="audit">
          <AuditTab />
        </Tabs.Panel>
        <Tabs.Panel value="webhooks">
          <WebhooksTab />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
