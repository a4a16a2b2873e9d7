import type { RouteApp } from "../../platform/http.js";
import { unauthorized } from "../../platform/errors.js";
import { metrics } from "../../platform/metrics.js";
import { LiveHub, streamed, visibleTo } from "./hub.js";

const HEARTBEAT_MS = 20_000;

export function liveRoutes(app: RouteApp): void {
  const hub = new LiveHub(app.db);
  app.addHook("onClose", async () => hub.close());

  app.get(
    "/api/v1/stream",
    { schema: { tags: ["live"], summary: "Server-sent events: every change the caller may see (event `change`, data { id, type, aggregateType, aggregateId, payload })" } },
    async (req, reply) => {
      const actor = req.actor;
      if (!actor) throw unauthorized();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write(`retry: 2000\nevent: ready\ndata: {}\n\n`);
      const unsubscribe = await hub.subscribe((note) => {
        if (visibleTo(actor, note)) res.write(`id: ${note.id}\nevent: change\ndata: ${JSON.stringify(streamed(note))}\n\n`);
      });
      metrics.inc("tandem_live_connections_opened_total");
      const heartbeat = setInterval(() => res.write(`: keep-alive\n\n`), HEARTBEAT_MS);
      req.raw.on("close", () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );
}
