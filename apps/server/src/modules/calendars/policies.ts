/** Who may see and change business calendars: admins change them; staff read them (deadlines are shown to agents too); partners do not. */
import type { CalendarAbility } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { ADMINS, authorizer, roleAllows, STAFF_ROLES, type RoleTable } from "../../platform/policies.js";

export type CalendarAction = "calendar.create" | "calendar.update" | "calendar.read";

const ROLES: RoleTable<CalendarAction> = {
  "calendar.create": ADMINS,
  "calendar.update": ADMINS,
  "calendar.read": STAFF_ROLES,
};

export const authorize = authorizer(ROLES);

export const calendarAbilities = (actor: Actor): CalendarAbility[] => (roleAllows(ROLES, actor, "calendar.update") ? ["calendar.update"] : []);
