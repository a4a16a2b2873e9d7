/**
 * What the audit log records of a change to a user: the fields that changed (never a password or
 * its hash, only that it was changed), under the action that matters most — deactivation,
 * reactivation, a role change, a password reset, or any other update.
 */
import type { Role } from "@tandem/contracts";

export interface AuditedUser {
  email: string;
  name: string;
  role: Role;
  organizationId: string;
  active: boolean;
  locale: string;
  timeZone: string;
}

export type UserAuditAction = "user.deactivated" | "user.reactivated" | "user.role_changed" | "user.password_reset" | "user.updated";

export function userChange(before: AuditedUser, after: AuditedUser, passwordChanged: boolean): { action: UserAuditAction; before: Partial<AuditedUser>; after: Partial<AuditedUser> & { passwordChanged?: true } } | null {
  const was: Partial<Record<keyof AuditedUser, unknown>> = {};
  const now: Partial<Record<keyof AuditedUser, unknown>> = {};
  for (const key of Object.keys(after) as (keyof AuditedUser)[]) {
    if (before[key] !== after[key]) {
      was[key] = before[key];
      now[key] = after[key];
    }
  }
  if (Object.keys(now).length === 0 && !passwordChanged) return null;
  const action: UserAuditAction =
    before.active && !after.active
      ? "user.deactivated"
      : !before.active && after.active
        ? "user.reactivated"
        : before.role !== after.role
          ? "user.role_changed"
          : passwordChanged && Object.keys(now).length === 0
            ? "user.password_reset"
            : "user.updated";
  return { action, before: was as Partial<AuditedUser>, after: { ...(now as Partial<AuditedUser>), ...(passwordChanged ? { passwordChanged: true as const } : {}) } };
}
