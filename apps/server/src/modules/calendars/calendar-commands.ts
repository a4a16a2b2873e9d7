/** Creating and changing calendars: validated as a whole, names unique (ignoring case), every write audited with before and after. */
import type { CreateCalendarBody, UpdateCalendarBody } from "@tandem/contracts";
import type { Ctx } from "../../platform/context.js";
import { badRequest, conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { audit } from "../audit/index.js";
import { type CalendarValue, validateCalendar, type CalendarInput } from "./domain/business-time.js";
import { type CalendarRow, findCalendarByName, findCalendarRow, insertCalendar, lockCalendarName, toBusinessCalendar, updateCalendar } from "./repository.js";

function valid(input: CalendarInput): CalendarValue {
  const result = validateCalendar(input);
  if (!result.ok) {
    const first = result.problems[0]!;
    const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : "";
    throw badRequest(`${first.message}${more}`, result.problems.map((p) => ({ path: `body.${p.path}`, message: p.message })));
  }
  return result.value;
}

async function assertNameFree(ctx: Ctx, name: string, self: string | null): Promise<void> {
  await lockCalendarName(ctx.tx, name);
  const existing = await findCalendarByName(ctx.tx, name);
  if (existing && existing.id !== self) throw conflict("calendar_name_taken", `There is already a calendar named "${existing.name}".`, [{ id: existing.id, name: existing.name }]);
}

const audited = (r: CalendarRow) => {
  const { id: _id, ...rest } = toBusinessCalendar(r);
  return rest;
};

export async function createCalendar(ctx: Ctx, input: CreateCalendarBody): Promise<CalendarRow> {
  const value = valid(input);
  await assertNameFree(ctx, value.name, null);
  const row = await insertCalendar(ctx.tx, newId(ctx.now.getTime()), value, ctx.now);
  await audit(ctx, { action: "calendar.created", subject: { type: "calendar", id: row.id }, after: audited(row), organizationId: null });
  return row;
}

export async function changeCalendar(ctx: Ctx, id: string, patch: UpdateCalendarBody): Promise<CalendarRow> {
  const before = await findCalendarRow(ctx.tx, id, { forUpdate: true });
  if (!before) throw notFound("Calendar");
  const current = toBusinessCalendar(before);
  const value = valid({ ...current, ...patch });
  if (value.name.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(ctx, value.name, id);
  const after = await updateCalendar(ctx.tx, id, value, ctx.now);
  await audit(ctx, { action: "calendar.updated", subject: { type: "calendar", id }, before: audited(before), after: audited(after), organizationId: null });
  return after;
}
