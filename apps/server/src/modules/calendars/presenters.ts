/** Calendars as the API shows them. */
import type { Calendar } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { isoRequired } from "../../platform/pagination.js";
import { calendarAbilities } from "./policies.js";
import { type CalendarRow, toBusinessCalendar } from "./repository.js";

export function presentCalendar(r: CalendarRow, actor: Actor): Calendar {
  const { id, name, timezone, hours, holidays, workingDays } = toBusinessCalendar(r);
  return { id, name, timezone, hours, holidays, workingDays, createdAt: isoRequired(r.created_at), updatedAt: isoRequired(r.updated_at), abilities: calendarAbilities(actor) };
}
