/** Everyone signed in reads and marks their own notifications, and no one else's. */
import { ALL_ROLES, authorizer, type RoleTable } from "../../platform/policies.js";

export type NotificationAction = "notification.own";

const ROLES: RoleTable<NotificationAction> = {
  "notification.own": ALL_ROLES,
};

export const authorize = authorizer(ROLES);
