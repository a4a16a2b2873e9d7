import { z } from "zod";
import {
  answers,
  consentBody,
  customerSchema,
  customerTimeZoneBody,
  id,
  listOutreachQuery,
  outreachCancelBody,
  outreachSchema,
  outreachSentBody,
  outreachSettingsBody,
  outreachSettingsSchema,
  pageOf,
  planOutreachBody,
  type Outreach,
} from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command, readCtx } from "../../platform/context.js";
import { forbidden, notFound } from "../../platform/errors.js";
import { decodeCursor, encodeCursor, isoRequired } from "../../platform/pagination.js";
import { loadCaseFor, visibilityOrg } from "../cases/index.js";
import { findCustomer, presentCustomers } from "../customers/index.js";
import { authorize } from "./policies.js";
import { presentOutreach } from "./presenters.js";
import { listOutreach, findOutreach, casesSeenBy } from "./repository.js";
import { planOutreach } from "./commands/plan-outreach.js";
import { cancelOutreach, markOutreachSent } from "./commands/carry-out.js";
import { changeTimeZone, recordConsent } from "./commands/contact-preferences.js";
import { readSettings, writeSettings } from "./settings.js";

const tags = ["outreach"];
const params = z.strictObject({ id });
const one = answers({ 200: outreachSchema });

export function outreachRoutes(app: RouteApp): void {
  app.post(
    "/api/v1/outreach",
    {
      schema: {
        tags,
        summary: "Plan a contact with the case's customer through the contact guard: 201 scheduled (perhaps moved out of quiet hours), or 200 suppressed with the reason",
        body: planOutreachBody,
        response: answers({ 201: outreachSchema, 200: outreachSchema }),
      },
    },
    async (req, reply) => {
      const actor = authorize(req.actor, "outreach.plan");
      await command(
        req,
        reply,
        (body: Outreach) => (body.status === "scheduled" ? 201 : 200),
        actor,
        async (ctx) => (await presentOutreach(ctx.tx, actor, [(await planOutreach(ctx, req.body)).outreach]))[0]!,
      );
    },
  );

  app.get(
    "/api/v1/outreach",
    { schema: { tags, summary: "Planned contacts, newest first, on the cases the caller may see (filter by case, customer, status)", querystring: listOutreachQuery, response: answers({ 200: pageOf(outreachSchema) }) } },
    async (req) => {
      const actor = authorize(req.actor, "outreach.read");
      if (req.query.caseId) await loadCaseFor(readCtx(req, actor), req.query.caseId, "case.read");
      const after = decodeCursor(req.query.cursor, ["time", "uuid"]) as [string, string] | null;
      const rows = await listOutreach(app.db, { caseId: req.query.caseId, customerId: req.query.customerId, status: req.query.status, visibleToOrganization: visibilityOrg(actor), limit: req.query.limit, after });
      const items = rows.slice(0, req.query.limit);
      const last = rows.length > req.query.limit ? items[items.length - 1] : undefined;
      return { items: await presentOutreach(app.db, actor, items), nextCursor: last ? encodeCursor([isoRequired(last.created_at), last.id]) : null };
    },
  );

  app.get("/api/v1/outreach/:id", { schema: { tags, summary: "A planned contact and the guard's decision", params, response: one } }, async (req) => {
    const actor = authorize(req.actor, "outreach.read");
    const row = await findOutreach(app.db, req.params.id);
    if (!row || !(await casesSeenBy(app.db, [row.case_id], visibilityOrg(actor))).has(row.case_id)) throw notFound("Outreach");
    return (await presentOutreach(app.db, actor, [row]))[0];
  });

  app.post("/api/v1/outreach/:id/sent", { schema: { tags, summary: "Record that the contact was made: an outbound interaction on the case by the caller", params, body: outreachSentBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "outreach.send");
    await command(req, reply, 200, actor, async (ctx) => (await presentOutreach(ctx.tx, actor, [await markOutreachSent(ctx, req.params.id, req.body, app.env.secret)]))[0]!);
  });

  app.post("/api/v1/outreach/:id/cancel", { schema: { tags, summary: "Call off a scheduled contact, with a reason", params, body: outreachCancelBody, response: one } }, async (req, reply) => {
    const actor = authorize(req.actor, "outreach.cancel");
    await command(req, reply, 200, actor, async (ctx) => (await presentOutreach(ctx.tx, actor, [await cancelOutreach(ctx, req.params.id, req.body.reason)]))[0]!);
  });

  app.get(
    "/api/v1/organizations/:id/outreach-settings",
    { schema: { tags, summary: "The organisation's contact policy: window, daily cap, quiet hours, default time zone (admins and supervisors)", params, response: answers({ 200: outreachSettingsSchema }) } },
    async (req) => {
      authorize(req.actor, "outreach.settings.read");
      return readSettings(app.db, req.params.id);
    },
  );

  app.put(
    "/api/v1/organizations/:id/outreach-settings",
    { schema: { tags, summary: "Set the organisation's contact policy (admins); it applies to contacts about the cases it owns", params, body: outreachSettingsBody, response: answers({ 200: outreachSettingsSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "outreach.settings.write");
      await command(req, reply, 200, actor, (ctx) => writeSettings(ctx, req.params.id, req.body));
    },
  );

  app.post(
    "/api/v1/customers/:id/consents",
    { schema: { tags: ["customers"], summary: "Record the customer's word on a channel (opted_out stops outreach on it), with how it was given", params, body: consentBody, response: answers({ 200: customerSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.consent");
      await command(req, reply, 200, actor, async (ctx) => {
        await recordConsent(ctx, req.params.id, req.body);
        return (await presentCustomers(ctx.tx, actor, [(await findCustomer(ctx.tx, req.params.id))!]))[0]!;
      });
    },
  );

  app.put(
    "/api/v1/customers/:id/time-zone",
    { schema: { tags: ["customers"], summary: "Set the customer's own time zone (IANA), or null to take it from their phone again", params, body: customerTimeZoneBody, response: answers({ 200: customerSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.consent");
      if (actor.type === "partner") throw forbidden("Partners do not change a customer's time zone.");
      await command(req, reply, 200, actor, async (ctx) => {
        await changeTimeZone(ctx, req.params.id, req.body.timeZone);
        return (await presentCustomers(ctx.tx, actor, [(await findCustomer(ctx.tx, req.params.id))!]))[0]!;
      });
    },
  );
}
