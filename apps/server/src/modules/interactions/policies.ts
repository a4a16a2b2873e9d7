/**
 * Who may record contacts. Every signed-in role may; a partner desk only on a case shared with
 * it with `contribute` access (the cases module's `case.record_contact`), for its own
 * organisation, and for a customer it can already see.
 */
import { ALL_ROLES, authorizer, type RoleTable } from "../../platform/policies.js";

export type InteractionAction = "interaction.create" | "interaction.attach";

const ROLES: RoleTable<InteractionAction> = {
  "interaction.create": ALL_ROLES,
  "interaction.attach": ALL_ROLES,
};

export const authorize = authorizer(ROLES);
