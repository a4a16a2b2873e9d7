/** Who may manage organisations: admins create them; everyone signed in sees the list (to share, to hand over). */
import { ADMINS, ALL_ROLES, authorizer, type RoleTable } from "../../platform/policies.js";

export type OrganizationAction = "organization.create" | "organization.list";

const ROLES: RoleTable<OrganizationAction> = {
  "organization.create": ADMINS,
  "organization.list": ALL_ROLES,
};

export const authorize = authorizer(ROLES);
