/** The user and organisation pickers: both search the server as you type. */
import type { Organization, User } from "@tandem/contracts";
import { useI18n } from "../../i18n";
import { searchOrganizations, searchUsers } from "./search";
import { ServerPicker, type PickerProps } from "./ServerPicker";

export function UserPicker({ keep, ...props }: PickerProps<User> & { keep?: (u: User) => boolean }) {
  return <ServerPicker<User> {...props} queryKey="users" search={searchUsers} idOf={(u) => u.id} labelOf={(u) => `${u.name} · ${u.organizationName ?? ""}`} keep={keep} />;
}

export function OrganizationPicker({ keep, ...props }: PickerProps<Organization> & { keep?: (o: Organization) => boolean }) {
  const { t } = useI18n();
  return <ServerPicker<Organization> {...props} queryKey="organizations" search={searchOrganizations} idOf={(o) => o.id} labelOf={(o) => `${o.name} (${t(`orgKind.${o.kind}`)})`} keep={keep} />;
}
