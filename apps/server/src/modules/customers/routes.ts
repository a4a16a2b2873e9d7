import { z } from "zod";
import { createCustomerBody, customerQuery, id, timelineQuery, type TimelineEntry } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import type { UserActor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { authorize, can, caseScope } from "../../platform/policies.js";
import { mutate } from "../../platform/idempotency.js";
import { badRequest, notFound } from "../../platform/errors.js";
import { decodeCursor, encodeCursor, isoRequired } from "../../platform/pagination.js";
import { createCustomer } from "./commands/create-customer.js";
import { IdentityError, normaliseIdentity, normalisePhone, parseIdentityQuery } from "./domain/identity.js";
import { customerVisible, findCustomer, findHolders, identitiesOf, presentCustomer, searchCustomers, timeline, type CustomerRow } from "./repository.js";

const params = z.strictObject({ id });

export async function presentCustomers(db: Queryable, actor: UserActor, customers: CustomerRow[]) {
  const identities = await identitiesOf(db, customers.map((c) => c.id));
  const see = can(actor, "customer.see_contact_details");
  return customers.map((c) => presentCustomer(c, identities.filter((i) => i.customer_id === c.id), see));
}

export function customerRoutes(app: RouteApp): void {
  app.post("/api/v1/customers", { schema: { tags: ["customers"], summary: "Create a customer with their identities", body: createCustomerBody } }, async (req, reply) => {
    const actor = authorize(req.actor, "customer.create");
    await mutate(app.db, req, reply, 201, async (tx) => {
      const { customer, identities } = await createCustomer(tx, req.body, app.env.secret);
      return presentCustomer(customer, identities, can(actor, "customer.see_contact_details"));
    });
  });

  app.get(
    "/api/v1/customers",
    { schema: { tags: ["customers"], summary: "Find the customer holding an identity (?identity=kind:value), or search (?q=)", querystring: customerQuery } },
    async (req) => {
      const actor = authorize(req.actor, "customer.read");
      if (req.query.identity !== undefined) {
        const parsed = parseIdentityQuery(req.query.identity);
        if (!parsed) throw badRequest("identity must be written kind:value, e.g. phone:13812345678.", [{ path: "querystring.identity", message: "expected kind:value" }]);
        let normalised;
        try {
          normalised = normaliseIdentity(parsed.kind, parsed.value, app.env.secret);
        } catch (error) {
          if (error instanceof IdentityError) throw badRequest(error.message, [{ path: "querystring.identity", message: error.message }]);
          throw error;
        }
        const [holder] = await findHolders(app.db, [normalised]);
        if (!holder || !(await customerVisible(app.db, holder.customer_id, caseScope(actor)))) throw notFound("Customer with this identity");
        const [customer] = await presentCustomers(app.db, actor, [(await findCustomer(app.db, holder.customer_id))!]);
        return customer;
      }
      authorize(actor, "customer.list");
      const text = req.query.q ?? "";
      if (!text) throw badRequest("Give ?identity=kind:value to look up one customer, or ?q= to search.", [{ path: "querystring", message: "identity or q is required" }]);
      const candidates = identityCandidates(text, app.env.secret);
      const rows = await searchCustomers(app.db, { text, identityValues: candidates, limit: req.query.limit });
      return { items: await presentCustomers(app.db, actor, rows), nextCursor: null };
    },
  );

  app.get("/api/v1/customers/:id", { schema: { tags: ["customers"], summary: "A customer with their identities", params } }, async (req) => {
    const actor = authorize(req.actor, "customer.read");
    const customer = await findCustomer(app.db, req.params.id);
    if (!customer || !(await customerVisible(app.db, customer.id, caseScope(actor)))) throw notFound("Customer");
    return (await presentCustomers(app.db, actor, [customer]))[0];
  });

  app.get(
    "/api/v1/customers/:id/timeline",
    { schema: { tags: ["customers"], summary: "Every interaction, case and case event of the customer the caller may see, newest first", params, querystring: timelineQuery } },
    async (req) => {
      const actor = authorize(req.actor, "customer.read");
      const scope = caseScope(actor);
      if (!(await findCustomer(app.db, req.params.id)) || !(await customerVisible(app.db, req.params.id, scope))) throw notFound("Customer");
      const after = decodeCursor(req.query.cursor, ["time", "uuid"]) as [string, string] | null;
      const rows = await timeline(app.db, req.params.id, scope, { limit: req.query.limit, after });
      const items = rows.slice(0, req.query.limit).map((r) => presentTimelineRow(req.params.id, r));
      const last = rows.length > req.query.limit ? rows[req.query.limit - 1] : undefined;
      return { items, nextCursor: last ? encodeCursor([isoRequired(last.at), last.id]) : null };
    },
  );
}

function identityCandidates(text: string, secret: string): { kind: string; value: string }[] {
  const out: { kind: string; value: string }[] = [];
  const phone = normalisePhone(text);
  if (phone) out.push({ kind: "phone", value: phone });
  for (const kind of ["email", "member_id", "national_id"]) {
    try {
      out.push(normaliseIdentity(kind, text, secret));
    } catch {
      /* not this kind */
    }
  }
  return out;
}

function presentTimelineRow(customerId: string, r: { type: string; id: string; at: Date; payload: Record<string, unknown> }): TimelineEntry {
  const at = isoRequired(r.at);
  const p = r.payload;
  if (r.type === "interaction") {
    return {
      type: "interaction",
      id: r.id,
      at,
      interaction: {
        id: r.id,
        customerId,
        channel: p.channel as string,
        direction: p.direction as "inbound" | "outbound",
        organizationId: (p.organizationId as string | null) ?? null,
        organizationName: (p.organizationName as string | null) ?? null,
        caseId: (p.caseId as string | null) ?? null,
        body: p.body as string,
        occurredAt: at,
        createdAt: isoRequired(p.createdAt as string),
      },
    };
  }
  if (r.type === "case") {
    return { type: "case", id: r.id, at, case: { id: r.id, number: p.number as string, subject: p.subject as string, status: p.status as string, kind: p.kind as string, channel: p.channel as string } };
  }
  return {
    type: "case_event",
    id: r.id,
    at,
    event: {
      id: r.id,
      caseId: p.caseId as string,
      caseNumber: p.caseNumber as string,
      type: p.type as string,
      actor: { type: p.actorType as string, id: (p.actorId as string | null) ?? null, name: (p.actorName as string | null) ?? null },
      data: (p.data as Record<string, unknown>) ?? {},
    },
  };
}
