import { z } from "zod";
import { answers, customerLinkSchema, id, line, portalMessageSchema, portalViewSchema, revokedLinkSchema, text } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import type { Actor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { command, readCtx } from "../../platform/context.js";
import { forbidden, notFound, unauthorized } from "../../platform/errors.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { addMessage, authorizeCase, recordCaseEvent, caseAbilities, caseFacts, changeStatus, latestPublicMessages, loadCaseFor, type CaseRow } from "../cases/index.js";
import { findCustomer } from "../customers/index.js";
import { audit } from "../audit/index.js";
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

/** The customer's page shows at most this many of the latest public messages. */
const PORTAL_MESSAGES = 200;

async function portalView(db: Queryable, actor: CustomerActor, kase: CaseRow) {
  const messages = await latestPublicMessages(db, kase.id, PORTAL_MESSAGES);
  const customer = (await findCustomer(db, kase.customer_id))!;
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
    /** What the customer may do now: write (`case.message`), say they solved it (`case.resolve`). */
    abilities: caseAbilities(actor, caseFacts(kase)),
    messages: messages.map((m) => ({
      id: m.id,
      body: m.body,
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
    { schema: { tags, summary: "A link the customer opens without an account; it opens only this case, expires and can be revoked", params: z.strictObject({ id }), body: z.strictObject({ expiresInDays: z.number().int().min(1).max(365).optional() }).optional(), response: answers({ 201: customerLinkSchema }) } },
    async (req, reply) => {
      const actor = authorizeCase(req.actor, "case.create_customer_link");
      await command(req, reply, 201, actor, async (ctx) => {
        const { tx } = ctx;
        const kase = await loadCaseFor(ctx, req.params.id, "case.create_customer_link", true);
        const link = await insertLink(tx, { caseId: kase.id, customerId: kase.customer_id, createdBy: actor.userId, days: req.body?.expiresInDays ?? DEFAULT_LINK_DAYS, secret: app.env.secret, now: ctx.now });
        await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type: "customer_link.created", data: { linkId: link.id, expiresAt: link.expiresAt.toISOString() } });
        await audit(ctx, { action: "customer_link.created", subject: { type: "customer_link", id: link.id }, after: { caseId: kase.id, number: kase.number, customerId: kase.customer_id, expiresAt: link.expiresAt.toISOString() }, organizationId: kase.owner_organization_id });
        return { id: link.id, url: `${app.env.publicUrl}/portal/#${link.token}`, token: link.token, expiresAt: link.expiresAt.toISOString() };
      });
    },
  );

  app.post("/api/v1/customer-links/:id/revoke", { schema: { tags, summary: "Withdraw a customer link", params: z.strictObject({ id }), response: answers({ 200: revokedLinkSchema }) } }, async (req, reply) => {
    const actor = authorizeCase(req.actor, "case.create_customer_link");
    await command(req, reply, 200, actor, async (ctx) => {
      const { tx } = ctx;
      const caseId = await linkCase(tx, req.params.id);
      if (!caseId) throw notFound("Link");
      const kase = await loadCaseFor(ctx, caseId, "case.create_customer_link", true);
      const revoked = (await revokeLink(tx, req.params.id, ctx.now))!;
      // Revoking again keeps the first time, and is not recorded again.
      if (revoked.revoked_at.getTime() === ctx.now.getTime()) {
        await audit(ctx, { action: "customer_link.revoked", subject: { type: "customer_link", id: revoked.id }, before: { revokedAt: null }, after: { caseId: kase.id, number: kase.number, revokedAt: ctx.now.toISOString() }, organizationId: kase.owner_organization_id });
      }
      await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type: "customer_link.revoked", data: { linkId: revoked.id } });
      return { id: revoked.id, revokedAt: isoRequired(revoked.revoked_at) };
    });
  });

  app.get("/api/v1/portal/case", { schema: { tags, summary: "The customer's case: status, owner's first name, next step, deadlines, public messages", security: [{ bearer: [] }], response: answers({ 200: portalViewSchema }) } }, async (req) => {
    const actor = requireCustomer(req.actor);
    const kase = await loadCaseFor(readCtx(req, actor), actor.caseId, "case.read");
    return portalView(app.db, actor, kase);
  });

  app.post("/api/v1/portal/case/messages", { schema: { tags, summary: "The customer writes on their case", body: z.strictObject({ body: text(5000) }), response: answers({ 201: portalMessageSchema }) } }, async (req, reply) => {
    const actor = requireCustomer(req.actor);
    await command(req, reply, 201, actor, async (ctx) => {
      const message = await addMessage(ctx, actor.caseId, { visibility: "public", body: req.body.body }, { reopenWithinMs: app.env.reopenWithinMs });
      // On an old or closed case the message opened a follow-up case: the customer is told its number.
      return { id: message.id, body: message.body, from: "customer" as const, authorName: actor.name, at: message.createdAt, followUpCaseNumber: message.followUp?.number ?? null };
    });
  });

  app.post("/api/v1/portal/case/resolve", { schema: { tags, summary: "\"I solved it myself\": the customer resolves their case", body: z.strictObject({ note: line(1000).optional() }).optional(), response: answers({ 200: portalViewSchema }) } }, async (req, reply) => {
    const actor = requireCustomer(req.actor);
    await command(req, reply, 200, actor, async (ctx) => {
      const note = req.body?.note;
      // The customer's own words are the resolution; "resolved by the customer" is said by resolvedBy, in each reader's language.
      const kase = await changeStatus(ctx, actor.caseId, "resolved", { action: "case.resolve", ...(note ? { resolution: note } : {}), resolvedBy: "customer", data: { resolvedBy: "customer", ...(note ? { resolution: note, note } : {}) } });
      return portalView(ctx.tx, actor, kase);
    });
  });
}
