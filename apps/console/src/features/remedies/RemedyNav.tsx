/** The header's links to the approvals queue (supervisors) and the catalogue (admins). */
import { useI18n } from "../../i18n";
import { Link } from "../../lib/router";
import { Icon, type IconName } from "../../ui/icons";
import { isAdmin, isSupervisor, useMe } from "../auth/session";

export function RemedyNav({ pathname }: { pathname: string }) {
  const { t } = useI18n();
  const me = useMe();
  const link = (to: string, icon: IconName, label: string, testId: string) => (
    <Link to={to} className={pathname === to ? "is-current" : ""} aria-current={pathname === to ? "page" : undefined} data-testid={testId}>
      <Icon name={icon} /> {label}
    </Link>
  );
  return (
    <>
      {isSupervisor(me) ? link("/approvals", "check", t("header.approvals"), "nav-approvals") : null}
      {isAdmin(me) ? link("/remedy-catalogue", "settings", t("header.catalogue"), "nav-catalogue") : null}
    </>
  );
}
