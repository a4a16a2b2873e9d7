import { z } from "zod";
import { answers, caseSchema, createCommitmentBody, createSlaPolicyBody, id, pageOf, slaPolicySchema, updateSlaPolicyBody } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command, readCtx } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { authorizeCase, presentCase } from "../cases/index.js";
import { addCommitment, changePolicy, createPolicy } from "./commands.js";
import { authorize } from "./policies.js";
import { presentPolicy } from "./presenters.js";
import { findPolicy, listPolicies } from "./repository.js";

const params = z.strictObject({ id });
const tags = ["deadlines"];

export function slaRoutes(app: RouteApp): void {
  app.get("/api/v1/sla-policies", { schema: { tags, summary: "The SLA policies in the order they are tried (first match wins; the one with no conditions is the default)", response: answers({ 200: pageOf(slaPolicySchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "sla_policy.read");
    const rows = await listPolicies(readCtx(req, actor).tx);
    return { items: rows.map((r) => presentPolicy(r, actor)), nextCursor: null };
  });

  app.get("/api/v1/sla-policies/:id", { schema: { tags, summary: "One SLA policy", params, response: answers({ 200: slaPolicySchema }) } }, async (req) => {
    const actor = authorize(req.actor, "sla_policy.read");
    const row = await findPolicy(readCtx(req, actor).tx, req.params.id);
    if (!row) throw notFound("SLA policy");
    return presentPolicy(row, actor);
  });

  app.post("/api/v1/sla-policies", { schema: { tags, summary: "Add an SLA policy (admins); open cases it now applies to take it at once", body: createSlaPolicyBody, response: answers({ 201: slaPolicySchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "sla_policy.create");
    await command(req, reply, 201, actor, async (ctx) => presentPolicy(await createPolicy(ctx, req.body), actor));
  });

  app.patch("/api/v1/sla-policies/:id", { schema: { tags, summary: "Change an SLA policy (admins); open cases take the new targets from then on", params, body: updateSlaPolicyBody, response: answers({ 200: slaPolicySchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "sla_policy.update");
    await command(req, reply, 200, actor, async (ctx) => presentPolicy(await changePolicy(ctx, req.params.id, req.body), actor));
  });

  app.post("/api/v1/cases/:id/commitments", { schema: { tags: ["cases", ...tags], summary: "Record a promise to the customer with its due time: a commitment milestone that warns and breaches", params, body: createCommitmentBody, response: answers({ 201: caseSchema }) } }, async (req, reply) => {
    const actor = authorizeCase(req.actor, "case.update");
    await command(req, reply, 201, actor, async (ctx) => presentCase(await addCommitment(ctx, req.params.id, req.body), actor));
  });
}
