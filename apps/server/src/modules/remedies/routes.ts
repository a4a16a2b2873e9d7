import { z } from "zod";
import {
  answers,
  clearFlagBody,
  createRemedyBody,
  decideRemedyBody,
  goodwillLedgerSchema,
  id,
  kindParams,
  listQuery,
  listRemediesQuery,
  pageOf,
  patchKindBody,
  patchSettingsBody,
  putAuthorityBody,
  putReasonBody,
  reasonParams,
  recordGoodwillBody,
  remedyCatalogueSchema,
  remedyDecisionSchema,
  remedySchema,
  CUSTOMER_FLAGS,
  caseSchema,
  contactOutcomeBody,
  satisfactionBody,
  satisfactionSchema,
  satisfactionSummarySchema,
  casePlaybookSchema,
  playbookBody,
  playbookParams,
  playbookSchema,
} from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command, readCtx } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { customerVisible, findCustomer, flagsOf } from "../customers/index.js";
import { loadCaseFor, presentCase, visibilityOrg } from "../cases/index.js";
import { endContact } from "./commands/end-contact.js";
import { answerSatisfaction, satisfactionSummary } from "./commands/satisfaction.js";
import { casePlaybook, presentPlaybook, putPlaybook } from "./commands/playbooks.js";
import { listPlaybooks } from "./repository.js";
import { forbidden, unauthorized } from "../../platform/errors.js";
import { authorize } from "./policies.js";
import { presentCatalogue } from "./catalogue.js";
import { presentRemedy } from "./presenters.js";
import { listCaseRemedies, listLedger, listRemedies, loadCatalogue, findRemedy } from "./repository.js";
import { previewRemedy, requestRemedy } from "./commands/request-remedy.js";
import { decideOnRemedy } from "./commands/decide-approval.js";
import { recordGoodwill } from "./commands/record-goodwill.js";
import { clearFlag } from "./commands/clear-flag.js";
import { patchKind, patchSettings, putAuthority, putReason } from "./commands/edit-catalogue.js";
import { toApi } from "./domain/money.js";

const tags = ["remedies"];
const params = z.strictObject({ id });
const one = answers({ 200: remedySchema });
const catalogue = answers({ 200: remedyCatalogueSchema });

export function remedyRoutes(app: RouteApp): void {
  app.post(
    "/api/v1/cases/:id/remedies",
    { schema: { tags, summary: "Ask for a remedy: decided at once by the catalogue's rules (granted, pending_approval or declined), with an explanation to read out", params, body: createRemedyBody, response: answers({ 201: remedySchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "remedy.request");
      await command(req, reply, 201, actor, async (ctx) => {
        const { remedy, catalogue: rows } = await requestRemedy(ctx, req.params.id, req.body);
        return presentRemedy(remedy, rows.reasons, actor);
      });
    },
  );

  app.post(
    "/api/v1/cases/:id/remedies/preview",
    { schema: { tags, summary: "The decision a remedy request would get now, with its explanation; nothing is written", params, body: createRemedyBody, response: answers({ 200: remedyDecisionSchema }) } },
    async (req) => {
      const actor = authorize(req.actor, "remedy.request");
      const { decision, value } = await app.db.transaction((tx) => previewRemedy({ ...readCtx(req, actor), tx }, req.params.id, req.body));
      return {
        status: decision.status,
        settlement: decision.settlement,
        value: toApi(value),
        explanation: decision.explanation.en,
        explanations: { "zh-CN": decision.explanation.zh, en: decision.explanation.en },
        rules: decision.rules,
        beyondLimit: decision.beyondLimit,
        approverRole: decision.approverRole,
        serialClaimant: decision.serialClaimant,
      };
    },
  );

  app.get("/api/v1/cases/:id/remedies", { schema: { tags, summary: "The case's remedies, oldest first", params, response: answers({ 200: pageOf(remedySchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "remedy.read");
    await loadCaseFor(readCtx(req, actor), req.params.id, "case.read");
    const [rows, cat] = await Promise.all([listCaseRemedies(app.db, req.params.id), loadCatalogue(app.db)]);
    return { items: rows.map((r) => presentRemedy(r, cat.reasons, actor)), nextCursor: null };
  });

  app.get("/api/v1/remedies", { schema: { tags, summary: "Remedies by status, oldest first: ?status=pending_approval is the approvals queue (supervisors and admins)", querystring: listRemediesQuery, response: answers({ 200: pageOf(remedySchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "remedy.queue");
    const [result, cat] = await Promise.all([listRemedies(app.db, req.query), loadCatalogue(app.db)]);
    return { items: result.items.map((r) => presentRemedy(r, cat.reasons, actor)), nextCursor: result.nextCursor };
  });

  app.get("/api/v1/remedies/:id", { schema: { tags, summary: "A remedy with its decision and explanation", params, response: one } }, async (req) => {
    const actor = authorize(req.actor, "remedy.read");
    const remedy = await findRemedy(app.db, req.params.id);
    if (!remedy) throw notFound("Remedy");
    return presentRemedy(remedy, (await loadCatalogue(app.db)).reasons, actor);
  });

  for (const action of ["approve", "decline"] as const) {
    app.post(
      `/api/v1/remedies/:id/${action}`,
      {
        schema: {
          tags,
          summary: action === "approve" ? "Approve a pending remedy, or override a declined one, with a written reason (supervisors and admins)" : "Decline a pending remedy with a written reason (supervisors and admins)",
          params,
          body: decideRemedyBody,
          response: one,
        },
      },
      async (req, reply) => {
        const actor = authorize(req.actor, action === "approve" ? "remedy.approve" : "remedy.decline");
        await command(req, reply, 200, actor, async (ctx) => presentRemedy(await decideOnRemedy(ctx, req.params.id, action, req.body.reason), (await loadCatalogue(ctx.tx)).reasons, actor));
      },
    );
  }

  app.get(
    "/api/v1/customers/:id/goodwill",
    { schema: { tags, summary: "The customer's goodwill ledger: every remedy, granted, declined or pending, newest first, and their flags (staff)", params, querystring: z.strictObject({ ...listQuery }), response: answers({ 200: goodwillLedgerSchema }) } },
    async (req) => {
      const actor = authorize(req.actor, "goodwill.read");
      const customer = await findCustomer(app.db, req.params.id);
      if (!customer || !(await customerVisible(app.db, customer.id, visibilityOrg(actor)))) throw notFound("Customer");
      const [result, cat] = await Promise.all([listLedger(app.db, customer.id, req.query), loadCatalogue(app.db)]);
      return { customerId: customer.id, flags: flagsOf(customer), items: result.items.map((r) => presentRemedy(r, cat.reasons, actor)), nextCursor: result.nextCursor };
    },
  );

  app.post(
    "/api/v1/customers/:id/goodwill",
    { schema: { tags, summary: "Record a remedy an older system granted (admins and integrations); it counts toward limits", params, body: recordGoodwillBody, response: answers({ 201: remedySchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "goodwill.record");
      await command(req, reply, 201, actor, async (ctx) => presentRemedy(await recordGoodwill(ctx, req.params.id, req.body), (await loadCatalogue(ctx.tx)).reasons, actor));
    },
  );

  app.post(
    "/api/v1/customers/:id/flags/:flag/clear",
    { schema: { tags, summary: "Clear a customer's flag with a reason (supervisors and admins)", params: z.strictObject({ id, flag: z.enum(CUSTOMER_FLAGS) }), body: clearFlagBody, response: answers({ 200: goodwillLedgerSchema.pick({ customerId: true, flags: true }) }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.clear_flag");
      await command(req, reply, 200, actor, async (ctx) => {
        await clearFlag(ctx, req.params.id, req.params.flag, req.body.reason);
        const customer = (await findCustomer(ctx.tx, req.params.id))!;
        return { customerId: customer.id, flags: flagsOf(customer) };
      });
    },
  );

  app.post(
    "/api/v1/cases/:id/contact-outcome",
    { schema: { tags, summary: "Record that the decision was explained and the contact ended (left out of handling-time and satisfaction figures)", params, body: contactOutcomeBody, response: answers({ 200: caseSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "remedy.request");
      await command(req, reply, 200, actor, async (ctx) => presentCase(await endContact(ctx, req.params.id, req.body.note), actor));
    },
  );

  app.post(
    "/api/v1/portal/case/satisfaction",
    { schema: { tags: ["portal"], summary: "The customer says how it went (1–5 and a comment), once per resolution; it never reopens the case", body: satisfactionBody, response: answers({ 201: satisfactionSchema }) } },
    async (req, reply) => {
      const actor = req.actor;
      if (!actor) throw unauthorized();
      if (actor.type !== "customer") throw forbidden("Only the customer, through their link, answers this.");
      await command(req, reply, 201, actor, (ctx) => answerSatisfaction(ctx, req.body));
    },
  );

  app.get(
    "/api/v1/satisfaction",
    { schema: { tags, summary: "Satisfaction per agent, reason, remedy outcome and category over the last ?days= (default 30); contacts ended after an explanation are left out (supervisors)", querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(366).default(30) }), response: answers({ 200: satisfactionSummarySchema }) } },
    async (req) => {
      authorize(req.actor, "remedy.queue");
      return satisfactionSummary(app.db, app.clock(), req.query.days);
    },
  );

  app.get("/api/v1/playbooks", { schema: { tags, summary: "The playbooks per complaint category (* for every other case) (staff)", response: answers({ 200: pageOf(playbookSchema) }) } }, async (req) => {
    authorize(req.actor, "catalogue.read");
    return { items: (await listPlaybooks(app.db)).map(presentPlaybook), nextCursor: null };
  });

  app.put("/api/v1/playbooks/:category", { schema: { tags, summary: "Add or change the playbook of a category (admins)", params: playbookParams, body: playbookBody, response: answers({ 200: playbookSchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "catalogue.edit");
    await command(req, reply, 200, actor, (ctx) => putPlaybook(ctx, req.params.category, req.body));
  });

  app.get("/api/v1/cases/:id/playbook", { schema: { tags, summary: "The case's playbook: each step with its due time and whether it is done, the next step, the next update due, a suggested gesture", params, response: answers({ 200: casePlaybookSchema.nullable() }) } }, async (req) => {
    const actor = authorize(req.actor, "remedy.read");
    const result = await app.db.transaction((tx) => casePlaybook({ ...readCtx(req, actor), tx }, req.params.id));
    if (!result) return null;
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      ...result,
      steps: result.steps.map((s) => ({ ...s, dueAt: iso(s.dueAt) })),
      next: result.next ? { step: result.next.step, dueAt: iso(result.next.dueAt) } : null,
      nextUpdateDueAt: iso(result.nextUpdateDueAt),
    };
  });

  app.get("/api/v1/remedy-catalogue", { schema: { tags, summary: "The remedy catalogue: kinds and their value per unit, reasons and limits, the authority matrix, the settings (staff)", response: catalogue } }, async (req) => {
    authorize(req.actor, "catalogue.read");
    return presentCatalogue(await loadCatalogue(app.db));
  });

  app.put("/api/v1/remedy-catalogue/reasons/:code", { schema: { tags, summary: "Add or change a reason: its words, kinds and limit (admins)", params: reasonParams, body: putReasonBody, response: catalogue } }, async (req, reply) => {
    const actor = authorize(req.actor, "catalogue.edit");
    await command(req, reply, 200, actor, async (ctx) => presentCatalogue(await putReason(ctx, req.params.code, req.body)));
  });

  app.patch("/api/v1/remedy-catalogue/kinds/:kind", { schema: { tags, summary: "Change the value per unit of points or a free service (admins)", params: kindParams, body: patchKindBody, response: catalogue } }, async (req, reply) => {
    const actor = authorize(req.actor, "catalogue.edit");
    await command(req, reply, 200, actor, async (ctx) => presentCatalogue(await patchKind(ctx, req.params.kind, req.body)));
  });

  app.put("/api/v1/remedy-catalogue/authority", { schema: { tags, summary: "Set what a role may grant at once, for a reason or for every reason (*) (admins)", body: putAuthorityBody, response: catalogue } }, async (req, reply) => {
    const actor = authorize(req.actor, "catalogue.edit");
    await command(req, reply, 200, actor, async (ctx) => presentCatalogue(await putAuthority(ctx, req.body)));
  });

  app.patch("/api/v1/remedy-catalogue/settings", { schema: { tags, summary: "Change the goodwill cap and the approval deadline (admins)", body: patchSettingsBody, response: catalogue } }, async (req, reply) => {
    const actor = authorize(req.actor, "catalogue.edit");
    await command(req, reply, 200, actor, async (ctx) => presentCatalogue(await patchSettings(ctx, req.body)));
  });
}
