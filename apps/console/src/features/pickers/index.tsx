/** The user and organisation pickers: both search the server as you type. */
import type { Case, Organization, User } from "@tandem/contracts";
import { useI18n } from "../../i18n";
import { searchCases, searchOrganizations, searchUsers } from "./search";
import { ServerPicker, type PickerProps } from "./ServerPicker";

export function UserPicker({ keep, ...props }: PickerProps<User> & { keep?: (u: User) => boolean }) {
  return <ServerPicker<User> {...props} queryKey="users" search={searchUsers} idOf={(u) => u.id} labelOf={(u) => `${u.name} · ${u.organizationName ?? ""}`} keep={keep} />;
}

export function OrganizationPicker({ keep, ...props }: PickerProps<Organization> & { keep?: (o: Organization) => boolean }) {
  const { t } = useI18n();
  return <ServerPicker<Organization> {...props} queryKey="organizations" search={searchOrganizations} idOf={(o) => o.id} labelOf={(o) => `${o.name} (${t(`orgKind.${o.kind}`)})`} keep={keep} />;
}

/** Finds a case by its number or subject. */
export function CasePicker({ keep, ...props }: PickerProps<Case> & { keep?: (c: Case) => boolean }) {
  return <ServerPicker<Case> {...props} queryKey="cases" search={searchCases} idOf={(c) => c.id} labelOf={(c) => `${c.number} · ${c.subject}`} keep={keep} />;
}
