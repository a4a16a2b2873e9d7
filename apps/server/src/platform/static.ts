/**
 * Serves the built console at / and the customer portal at /portal/. Hashed assets are read
 * from disk on each request (a rebuild needs no restart) and cached for good by browsers; the
 * index pages are never cached, and every other path outside /api loads the console's index
 * (its client-side routes).
 */
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";
import { APPS_DIR } from "./paths.js";

const IMMUTABLE = "public, max-age=31536000, immutable";

function sendIndex(reply: FastifyReply, file: string) {
  if (!fs.existsSync(file)) return reply.code(503).type("text/plain").send("This page is being rebuilt; try again in a moment.");
  return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(fs.createReadStream(file));
}

export async function serveConsole(app: FastifyInstance): Promise<void> {
  const consoleDir = path.join(APPS_DIR, "console/dist");
  const portalDir = path.join(APPS_DIR, "portal/dist");

  await app.register(fastifyStatic, { root: path.join(portalDir, "assets"), prefix: "/portal/assets/", decorateReply: false, wildcard: true, cacheControl: false, setHeaders: (res) => res.header("cache-control", IMMUTABLE) });
  app.get("/portal", (_req, reply) => reply.redirect("/portal/"));
  app.get("/portal/", (_req, reply) => sendIndex(reply, path.join(portalDir, "index.html")));

  await app.register(fastifyStatic, { root: path.join(consoleDir, "assets"), prefix: "/assets/", decorateReply: false, wildcard: true, cacheControl: false, setHeaders: (res) => res.header("cache-control", IMMUTABLE) });
  const consoleIndex = path.join(consoleDir, "index.html");
  const fallback = (req: { url: string }, reply: FastifyReply) => {
    if (req.url.startsWith("/api/") || req.url.startsWith("/portal/")) return reply.callNotFound();
    if (!fs.existsSync(consoleIndex)) {
      return reply
        .type("text/html; charset=utf-8")
        .send(`<!doctype html><meta charset="utf-8"><title>Tandem</title><h1>Tandem</h1><p>The console is not built: run <code>npm run build</code>. The API documentation is at <a href="/api/docs">/api/docs</a>.</p>`);
    }
    return sendIndex(reply, consoleIndex);
  };
  app.get("/", fallback);
  app.get("/*", fallback);
}
