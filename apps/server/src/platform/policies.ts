/**
 * The machinery of policies. Each module declares its own (`modules/<name>/policies.ts`): which
 * roles may take which of its actions, and — for resources with a state, like a case — what the
 * resource's state and the caller's share allow. Routes ask the module's `authorize`.
 */
import { ROLES, type Role } from "@tandem/contracts";
import type { Actor, UserActor } from "./actor.js";
import { forbidden, unauthorized } from "./errors.js";

/** For each action of a module, the roles that may take it at all. */
export type RoleTable<A extends string> = Readonly<Record<A, readonly Role[]>>;

export const ALL_ROLES: readonly Role[] = ROLES;
export const STAFF_ROLES: readonly Role[] = ["admin", "supervisor", "agent"];
export const ADMINS: readonly Role[] = ["admin"];

/** Whether the actor's role may take the action (signed-in users only). */
export function roleAllows<A extends string>(table: RoleTable<A>, actor: Actor, action: A): actor is UserActor {
  return (actor.type === "user" || actor.type === "partner") && table[action].includes(actor.role);
}

/** A module's `authorize`: 401 with no actor, 403 when the role may not; returns the user. */
export function authorizer<A extends string>(table: RoleTable<A>) {
  return (actor: Actor | null | undefined, action: A): UserActor => {
    if (!actor) throw unauthorized();
    if (!roleAllows(table, actor, action)) throw forbidden();
    return actor;
  };
}
