/**
 * Who may do what with remedies. Staff ask for remedies and read ledgers; supervisors and admins
 * approve, decline, override and clear flags; admins edit the catalogue and record what older
 * systems granted. Partners and customers have no part in remedies: they never see a ledger.
 */
import type { RemedyAbility, RemedyStatus } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { ADMINS, STAFF_ROLES, authorizer, roleAllows, type RoleTable } from "../../platform/policies.js";

export type RemedyAction = RemedyAbility | "remedy.request" | "remedy.read" | "remedy.queue" | "goodwill.read" | "goodwill.record" | "catalogue.read" | "catalogue.edit" | "customer.clear_flag";

const APPROVERS = ["admin", "supervisor"] as const;

const ROLES: RoleTable<RemedyAction> = {
  "remedy.request": STAFF_ROLES,
  "remedy.read": STAFF_ROLES,
  "remedy.queue": APPROVERS,
  "remedy.approve": APPROVERS,
  "remedy.decline": APPROVERS,
  "goodwill.read": STAFF_ROLES,
  "goodwill.record": ADMINS,
  "catalogue.read": STAFF_ROLES,
  "catalogue.edit": ADMINS,
  "customer.clear_flag": APPROVERS,
};

export const authorize = authorizer(ROLES);
export const can = (actor: Actor, action: RemedyAction): boolean => roleAllows(ROLES, actor, action);

/** What the caller may do with a remedy now: approve a pending or declined one (an override), decline a pending one. */
export function remedyAbilities(actor: Actor, status: RemedyStatus): RemedyAbility[] {
  const out: RemedyAbility[] = [];
  if (status !== "granted" && can(actor, "remedy.approve")) out.push("remedy.approve");
  if (status === "pending_approval" && can(actor, "remedy.decline")) out.push("remedy.decline");
  return out;
}
