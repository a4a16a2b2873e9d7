/** Who may manage users and tokens: admins manage users; staff see them; everyone keeps their own tokens. */
import { ADMINS, ALL_ROLES, STAFF_ROLES, authorizer, type RoleTable } from "../../platform/policies.js";

export type UserAction = "user.create" | "user.list" | "user.update" | "token.manage_own";

const ROLES: RoleTable<UserAction> = {
  "user.create": ADMINS,
  "user.list": STAFF_ROLES,
  "user.update": ADMINS,
  "token.manage_own": ALL_ROLES,
};

export const authorize = authorizer(ROLES);
