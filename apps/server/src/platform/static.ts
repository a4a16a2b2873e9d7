/**
 * Serves the built console at / and the customer portal at /portal/. Hashed assets are read
 * from disk on each request (a rebuild needs no restart) and cached for good by browsers; the
 * index pages are never cached, and every other path outside /api loads the console's index
 * (its client-side routes).
 *
 * The build writes a Brotli and a gzip copy beside each text file (tools/precompress.ts);
 * @fastify/static's `preCompressed` sends the best one the browser accepts (br, then gzip,
 * else the file itself) with `Vary: Accept-Encoding`, the original's content type, and an ETag
 * of its own. Index pages go through the same path via `reply.sendFile`.
 */
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";
import { APPS_DIR } from "./paths.js";

/** The `dist` directories of the built apps. */
export interface BuiltApps {
  console: string;
  portal: string;
}

const BUILT: BuiltApps = { console: path.join(APPS_DIR, "console/dist"), portal: path.join(APPS_DIR, "portal/dist") };
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Registers the hashed assets of one built app under `prefix` in its own scope (each scope gets
 * its own `reply.sendFile`), then `routes` in that scope.
 */
async function serveBuilt(app: FastifyInstance, dir: string, prefix: string, routes: (scope: FastifyInstance) => void): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: path.join(dir, "assets"),
      prefix,
      wildcard: true,
      preCompressed: true,
      maxAge: ONE_YEAR_MS,
      immutable: true,
    });
    routes(scope);
  });
}

function sendIndex(reply: FastifyReply, dir: string) {
  if (!fs.existsSync(path.join(dir, "index.html"))) return reply.code(503).type("text/plain").send("This page is being rebuilt; try again in a moment.");
  return reply.header("cache-control", "no-cache").sendFile("index.html", dir, { cacheControl: false });
}

export async function serveConsole(app: FastifyInstance, built: BuiltApps = BUILT): Promise<void> {
  await serveBuilt(app, built.portal, "/portal/assets/", (scope) => {
    scope.get("/portal", (_req, reply) => reply.redirect("/portal/"));
    scope.get("/portal/", (_req, reply) => sendIndex(reply, built.portal));
  });

  await serveBuilt(app, built.console, "/assets/", (scope) => {
    const fallback = (req: { url: string }, reply: FastifyReply) => {
      if (req.url.startsWith("/api/") || req.url.startsWith("/portal/")) return reply.callNotFound();
      if (!fs.existsSync(path.join(built.console, "index.html"))) {
        return reply
          .type("text/html; charset=utf-8")
          .send(`<!doctype html><meta charset="utf-8"><title>Tandem</title><h1>Tandem</h1><p>The console is not built: run <code>npm run build</code>. The API documentation is at <a href="/api/docs">/api/docs</a>.</p>`);
      }
      return sendIndex(reply, built.console);
    };
    scope.get("/", fallback);
    scope.get("/*", fallback);
  });
}
