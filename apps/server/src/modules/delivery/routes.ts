import { z } from "zod";
import { answers, deliveryPageSchema, deliverySchema, id, listDeliveriesQuery } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command, readCtx } from "../../platform/context.js";
import { caseAbilities, caseFacts, loadCaseFor } from "../cases/index.js";
import { authorize } from "./policies.js";
import { presentDelivery } from "./presenters.js";
import { deliveriesOfCase } from "./repository.js";
import { retryDelivery } from "./retry-delivery.js";

const tags = ["cases"];

export function deliveryRoutes(app: RouteApp): void {
  app.get(
    "/api/v1/cases/:id/deliveries",
    { schema: { tags, summary: "How each public message of the case went out to the customer: channel, status (sent, logged only, failed, undeliverable), attempts", params: z.strictObject({ id }), querystring: listDeliveriesQuery, response: answers({ 200: deliveryPageSchema }) } },
    async (req) => {
      const actor = authorize(req.actor, "delivery.read");
      const kase = await loadCaseFor(readCtx(req, actor), req.params.id, "case.read");
      const mayMessage = caseAbilities(actor, caseFacts(kase)).includes("case.message");
      const result = await deliveriesOfCase(app.db, kase.id, req.query);
      return { items: result.items.map((row) => presentDelivery(row, actor, mayMessage)), nextCursor: result.nextCursor };
    },
  );

  app.post(
    "/api/v1/deliveries/:id/retry",
    { schema: { tags, summary: "Send a failed (parked) or logged-only delivery again, now", params: z.strictObject({ id }), response: answers({ 200: deliverySchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "delivery.retry");
      await command(req, reply, 200, actor, async (ctx) => presentDelivery(await retryDelivery(ctx, req.params.id), actor, true));
    },
  );
}
