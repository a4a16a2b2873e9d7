/** Who may see the dashboards: a supervisor's home is for supervisors and admins. */
import { authorizer, type RoleTable } from "../../platform/policies.js";

export type DashboardAction = "dashboard.supervisor";

const ROLES: RoleTable<DashboardAction> = {
  "dashboard.supervisor": ["admin", "supervisor"],
};

export const authorize = authorizer(ROLES);
