import { z } from "zod";
import { answers, dueWorkSchema, id, listDueWorkQuery, pageOf } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command } from "../../platform/context.js";
import { listDueWork } from "../../platform/due/index.js";
import { decodeCursor, page } from "../../platform/pagination.js";
import { authorize } from "./policies.js";
import { presentDueWork } from "./presenters.js";
import { retryDueWork } from "./retry-due-work.js";

export function dueWorkRoutes(app: RouteApp): void {
  app.get(
    "/api/v1/admin/due-work",
    { schema: { tags: ["admin"], summary: "List due work: parked after failing every attempt (state=failed, the default) or waiting to run (state=pending); admins only", querystring: listDueWorkQuery, response: answers({ 200: pageOf(dueWorkSchema) }) } },
    async (req) => {
      authorize(req.actor, "due_work.list");
      const { state, kind, limit, cursor } = req.query;
      const after = decodeCursor(cursor, ["time", "uuid"]) as [string, string] | null;
      const rows = await listDueWork(app.db, { state, kind, limit: limit + 1, after });
      const result = page(rows, limit, (last) => [last.due_at.toISOString(), last.id]);
      return { items: result.items.map(presentDueWork), nextCursor: result.nextCursor };
    },
  );
  app.post(
    "/api/v1/admin/due-work/:id/retry",
    { schema: { tags: ["admin"], summary: "Retry parked due work now, with a fresh set of attempts; admins only", params: z.strictObject({ id }), response: answers({ 200: dueWorkSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "due_work.retry");
      await command(req, reply, 200, actor, async (ctx) => presentDueWork(await retryDueWork(ctx, req.params.id)));
    },
  );
}
