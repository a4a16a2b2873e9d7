import { z } from "zod";
import { answers, createdWebhookSchema, createWebhookBody, id, listWebhookDeliveriesQuery, listWebhooksQuery, pageOf, updateWebhookBody, webhookDeliverySchema, webhookSchema } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command, readCtx } from "../../platform/context.js";
import { authorize, ownerOrganizationOf, visible } from "./policies.js";
import { presentDelivery, presentWebhook } from "./presenters.js";
import { findWebhook, listDeliveries, listWebhooks } from "./repository.js";
import { assertTarget } from "./target.js";
import { changeWebhook, redeliver, registerWebhook, removeWebhook } from "./webhook-commands.js";

const tags = ["webhooks"];
const params = z.strictObject({ id });
const oneWebhook = answers({ 200: webhookSchema });

export function webhookRoutes(app: RouteApp): void {
  const rules = (publicOnly: boolean) => ({ publicOnly, allowHttp: app.env.webhooks.allowHttp });

  app.post(
    "/api/v1/webhooks",
    {
      schema: {
        tags,
        summary: "Register a webhook: an admin's hears of every event (any address); a partner's, of what its organisation may see (public https addresses only). The secret is shown in this answer only",
        body: createWebhookBody,
        response: answers({ 201: createdWebhookSchema }),
      },
    },
    async (req, reply) => {
      const actor = authorize(req.actor, "webhook.manage");
      await assertTarget(req.body.url, rules(ownerOrganizationOf(actor) !== null));
      await command(req, reply, 201, actor, async (ctx) => {
        const { row, secret } = await registerWebhook(ctx, req.body, app.env.secret);
        return { ...presentWebhook(row, actor), secret };
      });
    },
  );

  app.get("/api/v1/webhooks", { schema: { tags, summary: "List webhooks, oldest first: every one for an admin, a partner's own organisation's for a partner", querystring: listWebhooksQuery, response: answers({ 200: pageOf(webhookSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "webhook.manage");
    const org = ownerOrganizationOf(actor);
    const result = await listWebhooks(app.db, req.query, org ?? undefined);
    return { items: result.items.map((r) => presentWebhook(r, actor)), nextCursor: result.nextCursor };
  });

  app.get("/api/v1/webhooks/:id", { schema: { tags, summary: "Get a webhook (never its secret)", params, response: oneWebhook } }, async (req) => {
    const actor = authorize(req.actor, "webhook.manage");
    return presentWebhook(visible(actor, await findWebhook(app.db, req.params.id)), actor);
  });

  app.patch(
    "/api/v1/webhooks/:id",
    { schema: { tags, summary: "Change a webhook's URL, events or secret; `active: false` pauses it, `active: true` resumes it and sends what waited", params, body: updateWebhookBody, response: oneWebhook } },
    async (req, reply) => {
      const actor = authorize(req.actor, "webhook.manage");
      if (req.body.url !== undefined) {
        const hook = visible(actor, await findWebhook(readCtx(req, actor).tx, req.params.id));
        await assertTarget(req.body.url, rules(hook.organization_id !== null));
      }
      await command(req, reply, 200, actor, async (ctx) => presentWebhook(await changeWebhook(ctx, req.params.id, req.body, app.env.secret), actor));
    },
  );

  app.delete("/api/v1/webhooks/:id", { schema: { tags, summary: "Remove a webhook and its delivery log", params, response: answers({ 204: z.null().describe("Removed: no content") }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "webhook.manage");
    await command(req, reply, 204, actor, async (ctx) => {
      await removeWebhook(ctx, req.params.id);
      return null;
    });
  });

  app.get(
    "/api/v1/webhooks/:id/deliveries",
    { schema: { tags, summary: "A webhook's delivery log, newest first: status, attempts, the last answer or error, times", params, querystring: listWebhookDeliveriesQuery, response: answers({ 200: pageOf(webhookDeliverySchema) }) } },
    async (req) => {
      const actor = authorize(req.actor, "webhook.manage");
      const hook = visible(actor, await findWebhook(app.db, req.params.id));
      const result = await listDeliveries(app.db, hook.id, req.query);
      return { items: result.items.map(presentDelivery), nextCursor: result.nextCursor };
    },
  );

  app.post(
    "/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver",
    { schema: { tags, summary: "Send a delivery again (same event id), with a new day of retries", params: z.strictObject({ id, deliveryId: id }), response: answers({ 202: webhookDeliverySchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "webhook.manage");
      await command(req, reply, 202, actor, async (ctx) => presentDelivery(await redeliver(ctx, req.params.id, req.params.deliveryId)));
    },
  );
}
