import { z } from "zod";
import { answers, calendarPreviewQuery, calendarPreviewSchema, calendarSchema, createCalendarBody, id, listCalendarsQuery, pageOf, updateCalendarBody } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command } from "../../platform/context.js";
import { badRequest, notFound } from "../../platform/errors.js";
import { authorize } from "./policies.js";
import { changeCalendar, createCalendar } from "./calendar-commands.js";
import { findCalendarRow, listCalendars, toBusinessCalendar } from "./repository.js";
import { presentCalendar } from "./presenters.js";
import { addBusinessDuration, BusinessTimeError } from "./domain/business-time.js";

const oneCalendar = answers({ 200: calendarSchema });
const params = z.strictObject({ id });

export function calendarRoutes(app: RouteApp): void {
  app.post(
    "/api/v1/calendars",
    { schema: { tags: ["calendars"], summary: "Create a business calendar (time zone, opening intervals, holidays, make-up working days); names are unique", body: createCalendarBody, response: answers({ 201: calendarSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "calendar.create");
      await command(req, reply, 201, actor, async (ctx) => presentCalendar(await createCalendar(ctx, req.body), actor));
    },
  );

  app.get("/api/v1/calendars", { schema: { tags: ["calendars"], summary: "List business calendars by name (search with q)", querystring: listCalendarsQuery, response: answers({ 200: pageOf(calendarSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "calendar.read");
    const result = await listCalendars(app.db, req.query);
    return { items: result.items.map((r) => presentCalendar(r, actor)), nextCursor: result.nextCursor };
  });

  app.get("/api/v1/calendars/:id", { schema: { tags: ["calendars"], summary: "Get a business calendar", params, response: oneCalendar } }, async (req) => {
    const actor = authorize(req.actor, "calendar.read");
    const row = await findCalendarRow(app.db, req.params.id);
    if (!row) throw notFound("Calendar");
    return presentCalendar(row, actor);
  });

  app.patch("/api/v1/calendars/:id", { schema: { tags: ["calendars"], summary: "Change a business calendar; each field given replaces the whole field", params, body: updateCalendarBody, response: oneCalendar } }, async (req, reply) => {
    const actor = authorize(req.actor, "calendar.update");
    await command(req, reply, 200, actor, async (ctx) => presentCalendar(await changeCalendar(ctx, req.params.id, req.body), actor));
  });

  app.get(
    "/api/v1/calendars/:id/preview",
    { schema: { tags: ["calendars"], summary: "When a deadline of `duration` counted from `from` in this calendar would be due", params, querystring: calendarPreviewQuery, response: answers({ 200: calendarPreviewSchema }) } },
    async (req) => {
      authorize(req.actor, "calendar.read");
      const row = await findCalendarRow(app.db, req.params.id);
      if (!row) throw notFound("Calendar");
      try {
        return { dueAt: addBusinessDuration(toBusinessCalendar(row), new Date(req.query.from), req.query.duration).toISOString() };
      } catch (e) {
        if (e instanceof BusinessTimeError) throw badRequest(e.message, [{ path: "query.duration", message: e.message }]);
        throw e;
      }
    },
  );
}
