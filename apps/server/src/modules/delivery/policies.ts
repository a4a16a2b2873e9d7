/**
 * Who may see and retry deliveries: signed-in staff and partner desks, on the cases they may see
 * (the case's own policy decides which); a partner sees the channel, not the customer's address.
 * Customers do not see how they were reached.
 */
import { ALL_ROLES, authorizer, type RoleTable } from "../../platform/policies.js";

export type DeliveryAction = "delivery.read" | "delivery.retry";

const ROLES: RoleTable<DeliveryAction> = {
  "delivery.read": ALL_ROLES,
  "delivery.retry": ALL_ROLES,
};

export const authorize = authorizer(ROLES);
