/** Users and tokens as the API shows them. */
import type { ApiToken, User } from "@tandem/contracts";
import { iso, isoRequired } from "../../platform/pagination.js";
import type { TokenRow, UserRow } from "./repository.js";

export const presentUser = (r: UserRow): User => ({
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
});
