import { z } from "zod";
import { answers, attachInteractionBody, caseSchema, createInteractionBody, id, interactionSchema, recordedInteractionSchema } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command } from "../../platform/context.js";
import { authorize } from "./policies.js";
import { attachInteraction, recordInteraction } from "./record-interaction.js";

export function interactionRoutes(app: RouteApp): void {
  app.post(
    "/api/v1/interactions",
    { schema: { tags: ["interactions"], summary: "Record one contact on one channel; the customer is found by any identity, or created. With caseId it shows on the case's timeline too", body: createInteractionBody, response: answers({ 201: recordedInteractionSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "interaction.create");
      await command(req, reply, 201, actor, (ctx) => recordInteraction(ctx, req.body, app.env.secret));
    },
  );

  app.post(
    "/api/v1/interactions/:id/attach",
    { schema: { tags: ["interactions"], summary: "Attach a recorded contact to one of its customer's cases ({ caseId }), or open a case from it ({ case: { kind, subject, … } })", params: z.strictObject({ id }), body: attachInteractionBody, response: answers({ 200: z.object({ interaction: interactionSchema, case: caseSchema }) }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "interaction.attach");
      await command(req, reply, 200, actor, (ctx) => attachInteraction(ctx, req.params.id, req.body));
    },
  );
}
