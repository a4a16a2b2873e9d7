import { z } from "zod";
import { answers, closeTaskBody, completeTaskBody, createTaskBody, id, listQuery, listTasksQuery, pageOf, taskSchema } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command, readCtx } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { loadCaseFor, visibilityOrg } from "../cases/index.js";
import { createTask } from "./commands/create-task.js";
import { closeTask, completeTask } from "./commands/finish-task.js";
import { authorize, canSeeTask } from "./policies.js";
import { presentTask } from "./presenters.js";
import { findTask, listTasks, tasksOfCase } from "./repository.js";

const params = z.strictObject({ id });
const tags = ["tasks"];
const one = answers({ 200: taskSchema });

export function taskRoutes(app: RouteApp): void {
  app.post(
    "/api/v1/cases/:id/tasks",
    { schema: { tags: ["cases", ...tags], summary: "Give the owner's organisation or a party on the case a task, with an optional due time (a task milestone) and assignee; a party may record one for itself", params, body: createTaskBody, response: answers({ 201: taskSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "task.create");
      await command(req, reply, 201, actor, async (ctx) => presentTask(await createTask(ctx, req.params.id, req.body), actor));
    },
  );

  app.get("/api/v1/cases/:id/tasks", { schema: { tags: ["cases", ...tags], summary: "The case's tasks, oldest first", params, querystring: z.strictObject({ ...listQuery }), response: answers({ 200: pageOf(taskSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "task.list");
    const ctx = readCtx(req, actor);
    await loadCaseFor(ctx, req.params.id, "case.read");
    return { items: (await tasksOfCase(ctx.tx, req.params.id)).map((t) => presentTask(t, actor)), nextCursor: null };
  });

  app.get("/api/v1/tasks", { schema: { tags, summary: "Tasks on the cases the caller may see, newest first; filter by organisation, case and status (comma-separated)", querystring: listTasksQuery, response: answers({ 200: pageOf(taskSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "task.list");
    const result = await listTasks(app.db, { visibleTo: visibilityOrg(actor), organizationId: req.query.organizationId, caseId: req.query.caseId, status: req.query.status, limit: req.query.limit, cursor: req.query.cursor });
    return { items: result.items.map((t) => presentTask(t, actor)), nextCursor: result.nextCursor };
  });

  app.get("/api/v1/tasks/:id", { schema: { tags, summary: "One task, with the caller's abilities on it", params, response: one } }, async (req) => {
    const actor = authorize(req.actor, "task.read");
    const task = await findTask(app.db, req.params.id);
    if (!task || !canSeeTask(actor, task)) throw notFound("Task");
    return presentTask(task, actor);
  });

  app.post("/api/v1/tasks/:id/complete", { schema: { tags, summary: "Mark the task done (its organisation, or the case's owner); the owner is told", params, body: completeTaskBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "task.complete");
    await command(req, reply, 200, actor, async (ctx) => presentTask(await completeTask(ctx, req.params.id, req.body.note), actor));
  });

  app.post("/api/v1/tasks/:id/close", { schema: { tags, summary: "Close a task that will not be done, with the reason (the case's owner only)", params, body: closeTaskBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "task.close");
    await command(req, reply, 200, actor, async (ctx) => presentTask(await closeTask(ctx, req.params.id, req.body.reason), actor));
  });
}
