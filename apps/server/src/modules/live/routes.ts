import type { RouteApp } from "../../platform/http.js";
import { unauthorized } from "../../platform/errors.js";
import { metrics } from "../../platform/metrics.js";
import { liveTokens } from "../users/index.js";
import { liveLinkIds } from "../portal/index.js";
import { LiveHub } from "./hub.js";
import { isStreamActor } from "./rules.js";

export function liveRoutes(app: RouteApp): void {
  const hub = new LiveHub(app.db, {
    limits: app.env.streams,
    log: app.log,
    async checkAccess(tokenIds, linkIds) {
      const [tokens, links] = await Promise.all([liveTokens(app.db, tokenIds, app.clock()), liveLinkIds(app.db, linkIds, app.clock())]);
      return { tokens: new Map(tokens.map((t) => [t.id, { role: t.role, organizationId: t.organization_id }])), links: new Set(links) };
    },
  });
  // Streams never end on their own: close them before the server waits for its connections to finish.
  app.addHook("preClose", async () => hub.closeAll("shutdown"));
  app.addHook("onClose", async () => hub.close());

  app.get(
    "/api/v1/stream",
    {
      schema: {
        tags: ["live"],
        summary:
          "Server-sent events: every change the caller may see (event `change`, data { id, type, aggregateType, aggregateId, payload }), the caller's own new notifications (event `notification.created`, payload.notification); event `resync` when changes may have been missed (fetch again). The stream ends with event `closed` (data { reason }) when the session, token or link is withdrawn or the server stops; 429 past the open streams allowed per user or per link.",
      },
    },
    async (req, reply) => {
      const actor = req.actor;
      if (!actor || !isStreamActor(actor)) throw unauthorized();
      // Before the stream opens, so that a database outage is a 503 the client can retry.
      await hub.ready();
      const res = reply.raw;
      const forget = hub.open(actor, res);
      res.on("close", forget);
      reply.hijack();
      // The client may have gone while the hub got ready: then there is no close left to hear.
      if (!res.socket || res.socket.destroyed) return forget();
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write(`retry: 2000\nevent: ready\ndata: {}\n\n`);
      metrics.inc("tandem_live_connections_opened_total");
    },
  );
}
