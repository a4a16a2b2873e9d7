/** Who is signed in, as a menu: their notification settings (sign-out stays a button beside it). */
import { Menu, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { useI18n, type MessageKey } from "../../i18n";
import { Icon } from "../../ui/icons";
import { useMe } from "../auth/session";
import { NotificationSettings } from "../notifications/NotificationSettings";

export function UserMenu() {
  const { t } = useI18n();
  const me = useMe();
  const [settings, setSettings] = useState(false);
  const roleName = t(`role.${me.role}` as MessageKey);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <UnstyledButton className="me" data-testid="current-user" title={t("header.user", { name: me.name, role: roleName, organization: me.organizationName ?? "" })}>
            <span className="me-name">{me.name}</span>
            <span className="me-sub">
              {roleName} · {me.organizationName}
            </span>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<Icon name="bell" size={16} />} onClick={() => setSettings(true)} data-testid="menu-notification-settings">
            {t("notification.settings")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {settings ? <NotificationSettings onClose={() => setSettings(false)} /> : null}
    </>
  );
}
