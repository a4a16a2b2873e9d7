import { z } from "zod";
import { id, line, text } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import type { Actor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { authorize } from "../../platform/policies.js";
import { mutate } from "../../platform/idempotency.js";
import { forbidden, notFound, unauthorized } from "../../platform/errors.js";
import { actorRef } from "../../platform/actor.js";
import { recordCaseEvent } from "../../platform/events.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { addMessage, changeStatus, findCase, loadCaseFor, type CaseRow } from "../cases/index.js";
import { DEFAULT_LINK_DAYS, insertLink, linkCase, revokeLink } from "./links.js";

type CustomerActor = Extract<Actor, { type: "customer" }>;

function requireCustomer(actor: Actor | null): CustomerActor {
  if (!actor) throw unauthorized("Open the link we sent you.");
  if (actor.type !== "customer") throw forbidden("These routes are for the customer's link.");
  return actor;
}

/** The owner's first name: what a customer is told ("Li Na is looking after your case"). */
export function firstName(name: string | null): string | null {
  if (!name) return null;
  return name.trim().split(/\s+/)[0] ?? null;
}

async function portalView(db: Queryable, kase: CaseRow) {
  const messages = await db.query<{ id: string; actor_type: string; actor_name: string | null; data: { body: string }; at: Date }>(
    `SELECT * FROM (SELECT id, actor_type, actor_name, data, at FROM case_events
       WHERE case_id = $1 AND type = 'message.added' AND data->>'visibility' = 'public' ORDER BY at DESC, id DESC LIMIT 200) m
     ORDER BY at, id`,
    [kase.id],
  );
  const customer = (await db.query<{ name: string; locale: string | null }>(`SELECT name, locale FROM customers WHERE id = $1`, [kase.customer_id]))[0]!;
  return {
    case: {
      number: kase.number,
      subject: kase.subject,
      status: kase.status,
      kind: kase.kind,
      ownerFirstName: firstName(kase.owner_user_name),
      nextStep: kase.next_step,
      deadlines: [] as { kind: string; dueAt: string; status: string }[],
      createdAt: isoRequired(kase.created_at),
      updatedAt: isoRequired(kase.updated_at),
      resolvedAt: iso(kase.resolved_at),
      resolution: kase.resolution,
      resolvedBy: kase.resolved_by,
    },
    customer: { name: customer.name, locale: customer.locale },
    messages: messages.map((m) => ({
      id: m.id,
      body: m.data.body,
      from: m.actor_type === "customer" ? ("customer" as const) : ("agent" as const),
      authorName: m.actor_type === "customer" ? m.actor_name : firstName(m.actor_name),
      at: isoRequired(m.at),
    })),
  };
}

export function portalRoutes(app: RouteApp): void {
  const tags = ["customer's side"];

  app.post(
    "/api/v1/cases/:id/customer-link",
    { schema: { tags, summary: "A link the customer opens without an account; it opens only this case, expires and can be revoked", params: z.strictObject({ id }), body: z.strictObject({ expiresInDays: z.number().int().min(1).max(365).optional() }).optional() } },
    async (req, reply) => {
      const actor = authorize(req.actor, "case.create_customer_link");
      await mutate(app.db, req, reply, 201, async (tx) => {
        const kase = await loadCaseFor(tx, actor, req.params.id, "case.create_customer_link", true);
        const link = await insertLink(tx, { caseId: kase.id, customerId: kase.customer_id, createdBy: actor.userId, days: req.body?.expiresInDays ?? DEFAULT_LINK_DAYS, secret: app.env.secret });
        await recordCaseEvent(tx, { caseId: kase.id, customerId: kase.customer_id, type: "customer_link.created", actor: actorRef(actor), data: { linkId: link.id, expiresAt: link.expiresAt.toISOString() } });
        return { id: link.id, url: `${app.env.publicUrl}/portal/#${link.token}`, token: link.token, expiresAt: link.expiresAt.toISOString() };
      });
    },
  );

  app.post("/api/v1/customer-links/:id/revoke", { schema: { tags, summary: "Withdraw a customer link", params: z.strictObject({ id }) } }, async (req) => {
    const actor = authorize(req.actor, "case.create_customer_link");
    return app.db.transaction(async (tx) => {
      const caseId = await linkCase(tx, req.params.id);
      if (!caseId) throw notFound("Link");
      const kase = await loadCaseFor(tx, actor, caseId, "case.create_customer_link", true);
      const revoked = (await revokeLink(tx, req.params.id))!;
      await recordCaseEvent(tx, { caseId: kase.id, customerId: kase.customer_id, type: "customer_link.revoked", actor: actorRef(actor), data: { linkId: revoked.id } });
      return { id: revoked.id, revokedAt: isoRequired(revoked.revoked_at) };
    });
  });

  app.get("/api/v1/portal/case", { schema: { tags, summary: "The customer's case: status, owner's first name, next step, deadlines, public messages", security: [{ bearer: [] }] } }, async (req) => {
    const actor = requireCustomer(req.actor);
    const kase = await findCase(app.db, actor.caseId);
    if (!kase) throw notFound("Case");
    return portalView(app.db, kase);
  });

  app.post("/api/v1/portal/case/messages", { schema: { tags, summary: "The customer writes on their case", body: z.strictObject({ body: text(5000) }) } }, async (req, reply) => {
    const actor = requireCustomer(req.actor);
    await mutate(app.db, req, reply, 201, async (tx) => {
      const message = await addMessage(tx, actor, actor.caseId, { visibility: "public", body: req.body.body });
      return { id: message.id, body: message.body, from: "customer" as const, authorName: actor.name, at: message.createdAt };
    });
  });

  app.post("/api/v1/portal/case/resolve", { schema: { tags, summary: "\"I solved it myself\": the customer resolves their case", body: z.strictObject({ note: line(1000).optional() }).optional() } }, async (req, reply) => {
    const actor = requireCustomer(req.actor);
    await mutate(app.db, req, reply, 200, async (tx) => {
      const note = req.body?.note;
      // The customer's own words are the resolution; "resolved by the customer" is said by resolvedBy, in each reader's language.
      const kase = await changeStatus(tx, actor, actor.caseId, "resolved", { action: "case.resolve", ...(note ? { resolution: note } : {}), resolvedBy: "customer", data: { resolvedBy: "customer", ...(note ? { resolution: note, note } : {}) } });
      return portalView(tx, kase);
    });
  });
}
