/**
 * Who may do what with customers. Staff work with every customer; a partner desk sees a customer
 * only through a case shared with its organisation (the cases module's visibility rule), sees
 * their contact details masked, and neither creates customers nor opens cases for them.
 */
import type { CustomerAbility } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { ADMINS, ALL_ROLES, STAFF_ROLES, authorizer, roleAllows, type RoleTable } from "../../platform/policies.js";

export type CustomerAction = CustomerAbility | "customer.create" | "customer.read" | "customer.list" | "customer.import" | "customer.review_identity";

const ROLES: RoleTable<CustomerAction> = {
  "customer.create": STAFF_ROLES,
  // A partner searches too, among the customers of the cases its organisation may see (the search filters).
  "customer.list": ALL_ROLES,
  "customer.read": ALL_ROLES,
  "customer.see_contact_details": STAFF_ROLES,
  "customer.open_case": STAFF_ROLES,
  "customer.record_contact": STAFF_ROLES,
  // One customer per person: admins import; admins and supervisors review suggestions, merge and unmerge. Partners never.
  "customer.import": ADMINS,
  "customer.review_identity": ["admin", "supervisor"],
  "customer.merge": ["admin", "supervisor"],
};

const ABILITIES: readonly CustomerAbility[] = ["customer.see_contact_details", "customer.open_case", "customer.record_contact", "customer.merge"];

export const authorize = authorizer(ROLES);

export const can = (actor: Actor, action: CustomerAction): boolean => roleAllows(ROLES, actor, action);

/** What the caller may do with a customer they can see. */
export const customerAbilities = (actor: Actor): CustomerAbility[] => ABILITIES.filter((a) => can(actor, a));
