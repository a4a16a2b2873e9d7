import { createInteractionBody } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { authorize } from "../../platform/policies.js";
import { mutate } from "../../platform/idempotency.js";
import { recordInteraction } from "./record-interaction.js";

export function interactionRoutes(app: RouteApp): void {
  app.post(
    "/api/v1/interactions",
    { schema: { tags: ["interactions"], summary: "Record one contact on one channel; the customer is found by any identity, or created", body: createInteractionBody } },
    async (req, reply) => {
      const actor = authorize(req.actor, "interaction.create");
      await mutate(app.db, req, reply, 201, (tx) => recordInteraction(tx, actor, req.body, app.env.secret));
    },
  );
}
