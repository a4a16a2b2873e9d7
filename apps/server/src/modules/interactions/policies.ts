/**
 * Who may record contacts. Every signed-in role may; a partner desk only on a case shared with
 * it with `contribute` access (the cases module's `case.record_contact`), for its own
 * organisation, and for a customer it can already see.
 */
import type { InteractionAbility } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { ALL_ROLES, authorizer, roleAllows, type RoleTable } from "../../platform/policies.js";

export type InteractionAction = "interaction.create" | "interaction.attach";

const ROLES: RoleTable<InteractionAction> = {
  "interaction.create": ALL_ROLES,
  "interaction.attach": ALL_ROLES,
};

export const authorize = authorizer(ROLES);

/** The facts about a contact that decide what may be done with it. */
export interface ContactFacts {
  caseId: string | null;
  organizationId: string | null;
}

/**
 * `interaction.attach` while the contact is on no case (attaching is done once), for staff, and
 * for a partner desk on the contacts its own organisation recorded. Whether the chosen case takes
 * it is decided when attaching (the case's `case.record_contact`).
 */
export function interactionAbilities(actor: Actor, contact: ContactFacts): InteractionAbility[] {
  if (contact.caseId !== null || !roleAllows(ROLES, actor, "interaction.attach")) return [];
  if (actor.type === "partner" && contact.organizationId !== actor.organizationId) return [];
  return ["interaction.attach"];
}
