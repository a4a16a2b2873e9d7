/** Who may read the audit log: admins. Nobody may change it (the database refuses too). */
import { ADMINS, authorizer, type RoleTable } from "../../platform/policies.js";

export type AuditAction = "audit.read";

const ROLES: RoleTable<AuditAction> = {
  "audit.read": ADMINS,
};

export const authorize = authorizer(ROLES);
