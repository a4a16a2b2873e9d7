import { z } from "zod";
import { answers, createCustomerBody, customerQuery, customerSchema, id, pageOf, timelineEntrySchema, timelineQuery } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command, readCtx } from "../../platform/context.js";
import { badRequest, notFound } from "../../platform/errors.js";
import { decodeCursor, encodeCursor, isoRequired } from "../../platform/pagination.js";
import { eventReader, visibilityOrg } from "../cases/index.js";
import { authorize } from "./policies.js";
import { createCustomer } from "./commands/create-customer.js";
import { compact, normaliseIdentity, normalisePhone } from "./domain/identity.js";
import { customerVisible, findCustomer, mergeGroups, searchCustomers, survivorOf, timeline } from "./repository.js";
import { LookupLimited, lookUpByIdentity } from "./commands/look-up-by-identity.js";
import { presentCustomer, presentCustomers, presentTimelineRow } from "./presenters.js";
import { identityRoutes } from "./identity-routes.js";

const params = z.strictObject({ id });

export function customerRoutes(app: RouteApp): void {
  identityRoutes(app);
  app.post("/api/v1/customers", { schema: { tags: ["customers"], summary: "Create a customer with their identities", body: createCustomerBody, response: answers({ 201: customerSchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "customer.create");
    await command(req, reply, 201, actor, async (ctx) => {
      const { customer, identities } = await createCustomer(ctx, req.body, app.env.secret);
      return presentCustomer(customer, identities, actor);
    });
  });

  app.get(
    "/api/v1/customers",
    { schema: { tags: ["customers"], summary: "Find the customer holding an identity (?identity=kind:value), or search (?q=) by name, identity or a phone's last digits", querystring: customerQuery, response: answers({ 200: z.union([customerSchema, pageOf(customerSchema)]) }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.read");
      if (req.query.identity !== undefined) {
        try {
          return await lookUpByIdentity(app.db, readCtx(req, actor), req.query.identity, app.env.secret);
        } catch (error) {
          if (error instanceof LookupLimited) reply.header("retry-after", String(error.retryAfterSeconds));
          throw error;
        }
      }
      authorize(actor, "customer.list");
      const text = req.query.q ?? "";
      if (!text) throw badRequest("Give ?identity=kind:value to look up one customer, or ?q= to search.", [{ path: "querystring", message: "identity or q is required" }]);
      const rows = await searchCustomers(app.db, { text, ...searchKeys(text, app.env.secret), limit: req.query.limit, visibleOrg: visibilityOrg(actor) });
      return { items: await presentCustomers(app.db, actor, rows), nextCursor: null };
    },
  );

  app.get("/api/v1/customers/:id", { schema: { tags: ["customers"], summary: "A customer with their identities", params, response: answers({ 200: customerSchema }) } }, async (req) => {
    const actor = authorize(req.actor, "customer.read");
    const asked = await findCustomer(app.db, req.params.id);
    if (!asked || !(await customerVisible(app.db, asked.id, visibilityOrg(actor)))) throw notFound("Customer");
    // A merged customer's record is the survivor's (the merge is a mapping that reads follow).
    const customer = asked.merged_into ? ((await findCustomer(app.db, await survivorOf(app.db, asked.id))) ?? asked) : asked;
    return (await presentCustomers(app.db, actor, [customer]))[0];
  });

  app.get(
    "/api/v1/customers/:id/timeline",
    { schema: { tags: ["customers"], summary: "Every interaction, case and case event of the customer the caller may see, newest first", params, querystring: timelineQuery, response: answers({ 200: pageOf(timelineEntrySchema) }) } },
    async (req) => {
      const actor = authorize(req.actor, "customer.read");
      const org = visibilityOrg(actor);
      if (!(await findCustomer(app.db, req.params.id)) || !(await customerVisible(app.db, req.params.id, org))) throw notFound("Customer");
      const after = decodeCursor(req.query.cursor, ["time", "uuid"]) as [string, string] | null;
      const group = (await mergeGroups(app.db, [await survivorOf(app.db, req.params.id)])).values().next().value!;
      const rows = await timeline(app.db, group, org, { limit: req.query.limit, after, reader: eventReader(actor) });
      const items = rows.slice(0, req.query.limit).map((r) => presentTimelineRow(r, actor));
      const last = rows.length > req.query.limit ? rows[req.query.limit - 1] : undefined;
      return { items, nextCursor: last ? encodeCursor([isoRequired(last.at), last.id]) : null };
    },
  );
}

/** The ways a search text may name an identity: as typed, without separators, a phone's last digits. */
function searchKeys(text: string, secret: string) {
  const identityValues: { kind: string; value: string }[] = [];
  const phone = normalisePhone(text);
  if (phone) identityValues.push({ kind: "phone", value: phone });
  for (const kind of ["email", "member_id", "national_id"]) {
    try {
      identityValues.push(normaliseIdentity(kind, text, secret));
    } catch {
      /* not this kind */
    }
  }
  const key = compact(text);
  const digits = text.replace(/[\s\-().·+]/g, "");
  return { identityValues, compact: key.length >= 3 ? key : null, phoneSuffix: /^\d{4,15}$/.test(digits) ? digits : null };
}
