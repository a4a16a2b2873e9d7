/** Who may manage organisations: admins create them; everyone signed in sees the list (to share, to hand over); one organisation by id: staff any, a partner only its own. */
import type { UserActor } from "../../platform/actor.js";
import { ADMINS, ALL_ROLES, authorizer, type RoleTable } from "../../platform/policies.js";

export type OrganizationAction = "organization.create" | "organization.list" | "organization.read";

const ROLES: RoleTable<OrganizationAction> = {
  "organization.create": ADMINS,
  "organization.list": ALL_ROLES,
  "organization.read": ALL_ROLES,
};

export const authorize = authorizer(ROLES);

/** Whether the user may read this organisation by id: staff any; a partner only its own (others are "not found" to it). */
export const canReadOrganization = (actor: UserActor, organizationId: string): boolean => actor.role !== "partner_agent" || actor.organizationId === organizationId;
