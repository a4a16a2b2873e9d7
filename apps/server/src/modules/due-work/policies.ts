/** Who may see and retry the platform's due work: admins only (payloads name cases and people). */
import { ADMINS, authorizer, type RoleTable } from "../../platform/policies.js";

export type DueWorkAction = "due_work.list" | "due_work.retry";

const ROLES: RoleTable<DueWorkAction> = {
  "due_work.list": ADMINS,
  "due_work.retry": ADMINS,
};

export const authorize = authorizer(ROLES);
