/** Who may manage users and tokens: admins manage users; staff see them; everyone keeps their own tokens. */
import type { TokenAbility, UserAbility } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { ADMINS, ALL_ROLES, STAFF_ROLES, authorizer, roleAllows, type RoleTable } from "../../platform/policies.js";

export type UserAction = "user.create" | "user.list" | "user.update" | "token.manage_own";

const ROLES: RoleTable<UserAction> = {
  "user.create": ADMINS,
  "user.list": STAFF_ROLES,
  "user.update": ADMINS,
  "token.manage_own": ALL_ROLES,
};

export const authorize = authorizer(ROLES);

/** What `actor` may do to `user` now (the answer's `abilities`): the same rules the routes apply. */
export function userAbilities(actor: Actor, user: { id: string }): UserAbility[] {
  if (!roleAllows(ROLES, actor, "user.update")) return [];
  const self = "userId" in actor && actor.userId === user.id;
  const abilities: UserAbility[] = ["user.update"];
  if (!self) abilities.push("user.change_role", "user.set_active");
  return abilities;
}

/** What the caller may do to one of their own tokens now. */
export const tokenAbilities = (token: { revoked_at: Date | null }): TokenAbility[] => (token.revoked_at ? [] : ["token.revoke"]);
