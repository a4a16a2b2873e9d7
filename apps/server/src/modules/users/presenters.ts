/** Users and tokens as the API shows them. */
import type { ApiToken, User } from "@tandem/contracts";
import { iso, isoRequired } from "../../platform/pagination.js";
import type { Actor } from "../../platform/actor.js";
import { tokenAbilities, userAbilities } from "./policies.js";
import type { TokenRow, UserRow } from "./repository.js";

/** The user as the actor of their own sign-in (for the abilities of the answer that signs them in). */
export const asSelf = (r: UserRow): Actor => ({ type: r.role === "partner_agent" ? "partner" : "user", userId: r.id, name: r.name, role: r.role, organizationId: r.organization_id, tokenId: "", viaCookie: false });

/** A user as `actor` sees them, with what `actor` may do to them now. */
export const presentUser = (r: UserRow, actor: Actor): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  organizationId: r.organization_id,
  ...(r.organization_name ? { organizationName: r.organization_name } : {}),
  locale: r.locale,
  timeZone: r.time_zone,
  active: r.active,
  createdAt: isoRequired(r.created_at),
  abilities: userAbilities(actor, r),
});

export const presentToken = (r: TokenRow, token?: string): ApiToken => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  createdAt: isoRequired(r.created_at),
  expiresAt: iso(r.expires_at),
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
  ...(token ? { token } : {}),
  abilities: tokenAbilities(r),
});
