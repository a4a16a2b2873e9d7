/**
 * Who may do what with outreach. Every signed-in user plans, lists and reads contacts on the
 * cases they may see (a partner desk on the cases shared with it; the rest is 404). Marking a
 * contact sent or cancelling it is for its own party: the planning organisation's users, or the
 * case owner's staff. Customers' consents and time zone: anyone who may see the customer. The
 * contact policy of an organisation: admins change it; admins and supervisors read it.
 */
import type { OutreachAbility } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { ADMINS, ALL_ROLES, authorizer, type RoleTable } from "../../platform/policies.js";

export type OutreachAction = "outreach.plan" | "outreach.read" | "outreach.settings.read" | "outreach.settings.write" | "customer.consent" | OutreachAbility;

const ROLES: RoleTable<OutreachAction> = {
  "outreach.plan": ALL_ROLES,
  "outreach.read": ALL_ROLES,
  "outreach.send": ALL_ROLES,
  "outreach.cancel": ALL_ROLES,
  "customer.consent": ALL_ROLES,
  "outreach.settings.read": ["admin", "supervisor"],
  "outreach.settings.write": ADMINS,
};

export const authorize = authorizer(ROLES);

/** What the caller may do with one contact now: only a scheduled one is sent or cancelled, by its own party or the case's owner. */
export function outreachAbilities(actor: Actor, row: { status: string; organization_id: string }, caseOwnerOrganizationId: string): OutreachAbility[] {
  if (row.status !== "scheduled" || !("organizationId" in actor)) return [];
  const own = actor.organizationId === row.organization_id || (actor.type === "user" && actor.organizationId === caseOwnerOrganizationId) || (actor.type === "user" && actor.role === "admin");
  return own ? ["outreach.send", "outreach.cancel"] : [];
}
