/** Serves the built console at / and the customer portal at /portal, when they have been built. */
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import { APPS_DIR as APPS } from "./paths.js";

export async function serveConsole(app: FastifyInstance): Promise<void> {
  const consoleDir = path.join(APPS, "console/dist");
  const portalDir = path.join(APPS, "portal/dist");
  if (fs.existsSync(path.join(portalDir, "index.html"))) {
    await app.register(fastifyStatic, { root: portalDir, prefix: "/portal/", decorateReply: false, wildcard: false });
    app.get("/portal", (_req, reply) => reply.type("text/html").send(fs.createReadStream(path.join(portalDir, "index.html"))));
  }
  if (fs.existsSync(path.join(consoleDir, "index.html"))) {
    await app.register(fastifyStatic, { root: consoleDir, prefix: "/", wildcard: false });
    const index = () => fs.createReadStream(path.join(consoleDir, "index.html"));
    // Client-side routes of the console all load its index page.
    app.get("/*", (req, reply) => {
      if (req.url.startsWith("/api/")) return reply.callNotFound();
      return reply.type("text/html").send(index());
    });
  } else {
    app.get("/", (_req, reply) =>
      reply.type("text/html").send(`<!doctype html><meta charset="utf-8"><title>Tandem</title><h1>Tandem</h1><p>The console is not built. Run <code>npm run build</code>. The API is at <a href="/api/docs">/api/docs</a>.</p>`),
    );
  }
}
