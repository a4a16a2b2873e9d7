import { z } from "zod";
import { addPartyBody, handoffBody, partyAssigneeBody, answers, caseLinkSchema, createCaseLinkBody, updateCaseBody, assignBody, caseEventSchema, caseMessageSchema, caseSchema, createCaseBody, id, listCasesQuery, listQuery, messageBody, pageOf, reopenBody, resolveBody, statusBody } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command, readCtx } from "../../platform/context.js";
import { authorize, eventReader, visibilityOrg } from "./policies.js";
import { createCase } from "./commands/create-case.js";
import { addMessage } from "./commands/add-message.js";
import { assignCase } from "./commands/assign-case.js";
import { handoffCase } from "./commands/handoff-case.js";
import { setPartyAssigneeOnCase } from "./commands/set-party-assignee.js";
import { addParty } from "./commands/add-party.js";
import { updateCaseDetails } from "./commands/update-case.js";
import { changeStatus } from "./commands/change-status.js";
import { defaultResolvedBy, loadCaseFor } from "./commands/case-command.js";
import { linkCases, unlinkCases } from "./commands/link-cases.js";
import { listCaseEvents, listCases } from "./repository.js";
import { presentCase, presentEvent, presentLinks } from "./presenters.js";

const params = z.strictObject({ id });
const tags = ["cases"];
const created = answers({ 201: caseSchema });
const one = answers({ 200: caseSchema });

export function caseRoutes(app: RouteApp): void {
  app.post("/api/v1/cases", { schema: { tags, summary: "Open a case for a customer; whoever opens it owns it unless ownerId or organizationId says otherwise", body: createCaseBody, response: created } }, async (req, reply) => {
    const actor = authorize(req.actor, "case.create");
    await command(req, reply, 201, actor, async (ctx) => presentCase(await createCase(ctx, req.body), actor));
  });

  app.get("/api/v1/cases", { schema: { tags, summary: "List the cases the caller may see, with filters (comma-separated lists allowed)", querystring: listCasesQuery, response: answers({ 200: pageOf(caseSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "case.list");
    const ownerId = req.query.ownerId === "me" ? actor.userId : req.query.ownerId;
    const result = await listCases(app.db, visibilityOrg(actor), { ...req.query, ownerId });
    return { items: result.items.map((r) => presentCase(r, actor)), nextCursor: result.nextCursor };
  });

  app.get("/api/v1/cases/:id", { schema: { tags, summary: "A case, with the caller's abilities on it", params, response: one } }, async (req) => {
    const actor = authorize(req.actor, "case.read");
    return presentCase(await loadCaseFor(readCtx(req, actor), req.params.id, "case.read"), actor);
  });

  app.patch("/api/v1/cases/:id", { schema: { tags, summary: "Change the subject, priority, category or the next step the customer is told", params, body: updateCaseBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "case.update");
    await command(req, reply, 200, actor, async (ctx) => presentCase(await updateCaseDetails(ctx, req.params.id, req.body), actor));
  });

  app.get("/api/v1/cases/:id/events", { schema: { tags, summary: "The case's events, oldest first, each with its actor", params, querystring: z.strictObject({ ...listQuery }), response: answers({ 200: pageOf(caseEventSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "case.read");
    await loadCaseFor(readCtx(req, actor), req.params.id, "case.read");
    const result = await listCaseEvents(app.db, req.params.id, { ...req.query, visibility: "all", reader: eventReader(actor) });
    return { items: result.items.map(presentEvent), nextCursor: result.nextCursor };
  });

  app.post("/api/v1/cases/:id/messages", { schema: { tags, summary: "A message: public (the customer and everyone on the case), parties (every organisation on the case) or internal (the writer's organisation only)", params, body: messageBody, response: answers({ 201: caseMessageSchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "case.message");
    await command(req, reply, 201, actor, async (ctx) => {
      const { followUp: _none, ...message } = await addMessage(ctx, req.params.id, req.body);
      return message;
    });
  });

  app.post("/api/v1/cases/:id/assign", { schema: { tags, summary: "Make a user the case's one accountable owner", params, body: assignBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "case.assign");
    await command(req, reply, 200, actor, async (ctx) => presentCase(await assignCase(ctx, req.params.id, req.body.userId), actor));
  });

  app.post("/api/v1/cases/:id/handoff", { schema: { tags, summary: "Hand the case off to another organisation (or one of its users) with a note the new owner reads first; the previous owner stays a party", params, body: handoffBody, response: one } }, async (req, reply) => {
    // Role and case are checked together by the command, so that a case not theirs is 404 to a partner.
    const actor = authorize(req.actor, "case.read");
    await command(req, reply, 200, actor, async (ctx) => presentCase(await handoffCase(ctx, req.params.id, req.body), actor));
  });

  app.post(
    "/api/v1/cases/:id/parties/:organizationId/assignee",
    { schema: { tags, summary: "Name (or clear) a party organisation's own assignee on the case; the case then counts among that user's own", params: z.strictObject({ id, organizationId: id }), body: partyAssigneeBody, response: one } },
    async (req, reply) => {
      const actor = authorize(req.actor, "case.read");
      await command(req, reply, 200, actor, async (ctx) => presentCase(await setPartyAssigneeOnCase(ctx, req.params.id, req.params.organizationId, req.body.userId), actor));
    },
  );

  app.post("/api/v1/cases/:id/parties", { schema: { tags, summary: "Share the case with a department or partner", params, body: addPartyBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "case.share");
    await command(req, reply, 200, actor, async (ctx) => presentCase(await addParty(ctx, req.params.id, req.body), actor));
  });

  app.post("/api/v1/cases/:id/resolve", { schema: { tags, summary: "Resolve the case; open tasks refuse it (422 open_tasks) unless the owner's staff closes them with closeOpenTasks, or the customer says it is solved", params, body: resolveBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "case.resolve");
    const resolvedBy = req.body.resolvedBy ?? defaultResolvedBy(actor);
    await command(req, reply, 200, actor, async (ctx) =>
      presentCase(await changeStatus(ctx, req.params.id, "resolved", { action: "case.resolve", resolution: req.body.resolution, resolvedBy, closeOpenTasks: req.body.closeOpenTasks, data: { resolution: req.body.resolution, resolvedBy } }), actor),
    );
  });

  app.post("/api/v1/cases/:id/reopen", { schema: { tags, summary: "Reopen a resolved case", params, body: reopenBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "case.reopen");
    await command(req, reply, 200, actor, async (ctx) =>
      presentCase(await changeStatus(ctx, req.params.id, "open", { action: "case.reopen", eventType: "case.reopened", data: { reason: req.body.reason } }), actor),
    );
  });

  app.post("/api/v1/cases/:id/status", { schema: { tags, summary: "Wait on the customer or a party, back to open, or close a resolved case", params, body: statusBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "case.set_status");
    await command(req, reply, 200, actor, async (ctx) =>
      presentCase(await changeStatus(ctx, req.params.id, req.body.status, { action: "case.set_status", data: req.body.note ? { note: req.body.note } : {} }), actor),
    );
  });

  app.get("/api/v1/cases/:id/links", { schema: { tags, summary: "The case's links to other cases the caller may see", params, response: answers({ 200: pageOf(caseLinkSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "case.read");
    const kase = await loadCaseFor(readCtx(req, actor), req.params.id, "case.read");
    return { items: presentLinks(kase.links, actor), nextCursor: null };
  });

  app.post(
    "/api/v1/cases/:id/links",
    { schema: { tags, summary: "Link the case to another: related, duplicate_of, follow_up_of, parent_of (or their other sides); shown on both cases", params, body: createCaseLinkBody, response: answers({ 201: caseLinkSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "case.link");
      await command(req, reply, 201, actor, async (ctx) => {
        const { link, kase } = await linkCases(ctx, req.params.id, req.body);
        return presentLinks(kase.links, actor).find((l) => l.id === link.id)!;
      });
    },
  );

  app.delete(
    "/api/v1/cases/:id/links/:linkId",
    { schema: { tags, summary: "Remove a link between two cases (from either of them)", params: z.strictObject({ id, linkId: id }), response: answers({ 204: z.null().describe("Removed: no content") }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "case.link");
      await command(req, reply, 204, actor, async (ctx) => {
        await unlinkCases(ctx, req.params.id, req.params.linkId);
        return null;
      });
    },
  );
}
