/**
 * Who may do what with tasks. Every signed-in role may reach the routes (partners work through
 * the same API); the case's visibility rule decides which tasks a caller sees (404 for the rest),
 * and domain/rules.ts who may give, do and close each one.
 */
import type { Actor } from "../../platform/actor.js";
import { ALL_ROLES, authorizer, type RoleTable } from "../../platform/policies.js";
import { caseAccess } from "../cases/index.js";
import type { TaskRow } from "./repository.js";

export type TaskAction = "task.create" | "task.read" | "task.list" | "task.complete" | "task.close";

const ROLES: RoleTable<TaskAction> = {
  "task.create": ALL_ROLES,
  "task.read": ALL_ROLES,
  "task.list": ALL_ROLES,
  "task.complete": ALL_ROLES,
  "task.close": ALL_ROLES,
};

export const authorize = authorizer(ROLES);

/** May the caller see this task? Exactly when they may see its case. */
export const canSeeTask = (actor: Actor, t: Pick<TaskRow, "case_id" | "case_owner_organization_id" | "case_party_organization_ids">): boolean =>
  caseAccess(actor, { id: t.case_id, ownerOrganizationId: t.case_owner_organization_id, parties: t.case_party_organization_ids.map((organizationId) => ({ organizationId, access: "view" as const })) }) !== null;
