/** Who is signed in, as a menu: their notification settings, and signing out. */
import { Menu, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { useI18n, type MessageKey } from "../../i18n";
import { Icon } from "../../ui/icons";
import { useMe, useSession } from "../auth/session";
import { NotificationSettings } from "../notifications/NotificationSettings";

export function UserMenu() {
  const { t } = useI18n();
  const me = useMe();
  const { logout } = useSession();
  const [settings, setSettings] = useState(false);
  const roleName = t(`role.${me.role}` as MessageKey);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <UnstyledButton className="me" data-testid="current-user" title={t("header.user", { name: me.name, role: roleName, organization: me.organizationName ?? "" })}>
            <Icon name="user" size={22} className="me-icon" />
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
          <Menu.Divider />
          <Menu.Item leftSection={<Icon name="logout" size={16} />} onClick={() => void logout()} data-testid="logout">
            {t("header.logout")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {settings ? <NotificationSettings onClose={() => setSettings(false)} /> : null}
    </>
  );
}
