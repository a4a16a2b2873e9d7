/** Who may do what with SLA policies and commitments: admins write policies, staff read them. */
import type { Actor } from "../../platform/actor.js";
import { ADMINS, STAFF_ROLES, authorizer, roleAllows, type RoleTable } from "../../platform/policies.js";

export type SlaAction = "sla_policy.read" | "sla_policy.create" | "sla_policy.update";

const ROLES: RoleTable<SlaAction> = {
  "sla_policy.read": STAFF_ROLES,
  "sla_policy.create": ADMINS,
  "sla_policy.update": ADMINS,
};

export const authorize = authorizer(ROLES);

/** The abilities a policy carries for the console. */
export const policyAbilities = (actor: Actor): "sla_policy.update"[] => (roleAllows(ROLES, actor, "sla_policy.update") ? ["sla_policy.update"] : []);
