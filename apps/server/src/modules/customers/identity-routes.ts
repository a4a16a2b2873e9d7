/**
 * Import and identity over the API: `POST /api/v1/imports` (the CSV streamed as a `text/csv`
 * body, spooled to a temporary file within its own size limit, answered at once with the import,
 * then resolved in the background), `GET /api/v1/imports/:id` (progress, counts, errors), the
 * review of suggestions, merge and unmerge.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform, type Readable } from "node:stream";
import { z } from "zod";
import { acceptSuggestionBody, answers, id, importQuery, importSchema, mergeBody, mergeSchema, pageOf, rejectSuggestionBody, suggestionSchema, suggestionsQuery } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command } from "../../platform/context.js";
import { AppError, badRequest, notFound } from "../../platform/errors.js";
import { decodeCursor, encodeCursor } from "../../platform/pagination.js";
import { actorRef } from "../../platform/actor.js";
import { authorize } from "./policies.js";
import { MappingError, parseMapping } from "./domain/import-mapping.js";
import { decideSuggestion, findImport, findSuggestionForUpdate, insertImport, markInterruptedImports, openSuggestions, type SuggestionRow } from "./identity-repository.js";
import type { Queryable } from "../../platform/db.js";
import { mergeCustomers, unmergeCustomers } from "./commands/merge-customers.js";
import { presentImport, presentMerge, presentSuggestions } from "./identity-presenters.js";
import { runImport } from "./import/run-import.js";
import { findCustomer } from "./repository.js";

const params = z.strictObject({ id });

/** Imports running in the background in this process (the app waits for them on close). */
const running = new Map<string, Promise<unknown>>();

/**
 * An import's worker writes a heartbeat after every batch (a second or so); one silent for this
 * long, and not running in this process, has lost its worker (a server stop or crash).
 */
export const IMPORT_STALE_MS = 2 * 60_000;

/** Resolves when the import running here has finished (tests wait on it instead of polling). */
export function importSettled(importId: string): Promise<unknown> {
  return running.get(importId) ?? Promise.resolve();
}

export function identityRoutes(app: RouteApp): void {
  // The CSV body reaches the route as a stream: it is never held in memory.
  app.addContentTypeParser("text/csv", (_req, payload, done) => done(null, payload));
  app.addHook("onClose", async () => {
    await Promise.allSettled(running.values());
  });
  // Imports left running by a server that stopped are marked interrupted at start (and on read).
  const sweep = (onlyId?: string) => {
    const now = app.clock();
    return markInterruptedImports(app.db, new Date(now.getTime() - IMPORT_STALE_MS), now, [...running.keys()], onlyId);
  };
  app.addHook("onReady", async () => {
    await sweep();
  });

  app.post(
    "/api/v1/imports",
    { schema: { tags: ["identity"], summary: "Import another system's customer export: the CSV as a text/csv body, the mapping as JSON in ?mapping=", querystring: importQuery, response: answers({ 201: importSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.import");
      if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("text/csv")) throw new AppError(415, "unsupported_media_type", "Send the export as a text/csv body.");
      let mapping;
      try {
        const raw: unknown = JSON.parse(req.query.mapping);
        if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new MappingError("mapping must be a JSON object of FIELD: \"COLUMN[+COLUMN…]\".");
        mapping = parseMapping(raw as Record<string, string>);
      } catch (error) {
        const message = error instanceof MappingError ? error.message : "mapping must be JSON, e.g. {\"name\":\"Full name\",\"identity.phone\":\"Tel\"}.";
        throw badRequest(message, [{ path: "querystring.mapping", message }]);
      }
      const file = path.join(os.tmpdir(), `tandem-import-${crypto.randomUUID()}.csv`);
      const { bytes, sha256 } = await spool(req.body as Readable, file, app.env.importMaxBytes);
      const q = req.query;
      // What the Idempotency-Key's fingerprint covers: the file's digest, not the stream.
      req.body = { sha256 };
      let started: string | null = null;
      try {
        await command(req, reply, 201, actor, async (ctx) => {
          const row = await insertImport(ctx.tx, { source: q.source, keyColumn: q.key, mapping, dateFormat: q.dateFormat, dryRun: q.dryRun === "true", bytesTotal: bytes, createdById: actorRef(actor).id }, ctx.now);
          started = row.id;
          return presentImport(row);
        });
      } finally {
        if (!started) fs.rmSync(file, { force: true });
      }
      if (started) {
        const importId: string = started;
        const job = runImport(
          { db: app.db, actor, clock: app.clock, log: req.log, secret: app.env.secret, importId },
          { source: q.source, keyColumn: q.key, mapping, dateFormat: q.dateFormat, dryRun: q.dryRun === "true", encoding: q.encoding },
          fs.createReadStream(file),
        )
          .catch(() => undefined)
          .finally(() => {
            fs.rmSync(file, { force: true });
            running.delete(importId);
          });
        running.set(importId, job);
      }
    },
  );

  app.get("/api/v1/imports/:id", { schema: { tags: ["identity"], summary: "An import: progress, counts and errors with their line numbers", params, response: answers({ 200: importSchema }) } }, async (req) => {
    authorize(req.actor, "customer.import");
    await sweep(req.params.id);
    const row = await findImport(app.db, req.params.id);
    if (!row) throw notFound("Import");
    return presentImport(row);
  });

  app.get(
    "/api/v1/identity/suggestions",
    { schema: { tags: ["identity"], summary: "Open suggestions for review, most probable first: two records side by side with the fields that agreed", querystring: suggestionsQuery, response: answers({ 200: pageOf(suggestionSchema) }) } },
    async (req) => {
      const actor = authorize(req.actor, "customer.review_identity");
      const after = decodeCursor(req.query.cursor, ["text", "uuid"]);
      const score = after ? Number(after[0]) : null;
      if (after && !Number.isFinite(score)) throw badRequest("The cursor is not valid; use the nextCursor of a previous page.", [{ path: "cursor", message: "invalid cursor" }]);
      const rows = await openSuggestions(app.db, { limit: req.query.limit, after: after ? [score!, after[1] as string] : null });
      const items = await presentSuggestions(app.db, actor, rows.slice(0, req.query.limit));
      const last = rows.length > req.query.limit ? rows[req.query.limit - 1] : undefined;
      return { items, nextCursor: last ? encodeCursor([String(last.score), last.id]) : null };
    },
  );

  app.post(
    "/api/v1/identity/suggestions/:id/accept",
    { schema: { tags: ["identity"], summary: "Accept a suggestion: the two customers are merged (the candidate's record survives unless survivor says otherwise)", params, body: acceptSuggestionBody, response: answers({ 200: suggestionSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.review_identity");
      await command(req, reply, 200, actor, async (ctx) => {
        const s = await openSuggestion(ctx.tx, req.params.id);
        const survivorId = req.body.survivor === "customer" ? s.customer_id : s.candidate_id;
        const merge = await mergeCustomers(ctx, { customerId: s.customer_id, otherId: s.candidate_id, survivorId, reason: `suggestion ${s.id}` });
        const decided = await decideSuggestion(ctx.tx, s.id, "accepted", actorRef(actor).id, ctx.now, merge.id);
        return (await presentSuggestions(ctx.tx, actor, [decided]))[0];
      });
    },
  );

  app.post(
    "/api/v1/identity/suggestions/:id/reject",
    { schema: { tags: ["identity"], summary: "Reject a suggestion: the two stay separate customers", params, body: rejectSuggestionBody, response: answers({ 200: suggestionSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.review_identity");
      await command(req, reply, 200, actor, async (ctx) => {
        const s = await openSuggestion(ctx.tx, req.params.id);
        const decided = await decideSuggestion(ctx.tx, s.id, "rejected", actorRef(actor).id, ctx.now, null);
        return (await presentSuggestions(ctx.tx, actor, [decided]))[0];
      });
    },
  );

  app.post(
    "/api/v1/customers/:id/merge",
    { schema: { tags: ["identity"], summary: "Merge another customer with this one, choosing whose record survives", params, body: mergeBody, response: answers({ 200: mergeSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.merge");
      await command(req, reply, 200, actor, async (ctx) => {
        if (!(await findCustomer(ctx.tx, req.params.id))) throw notFound("Customer");
        if (!(await findCustomer(ctx.tx, req.body.otherId))) throw badRequest("otherId is not a customer.", [{ path: "body.otherId", message: "unknown customer" }]);
        const merge = await mergeCustomers(ctx, { customerId: req.params.id, otherId: req.body.otherId, survivorId: req.body.survivor, reason: req.body.reason });
        return presentMerge(ctx.tx, actor, merge);
      });
    },
  );

  app.post(
    "/api/v1/merges/:id/unmerge",
    { schema: { tags: ["identity"], summary: "Undo a merge: both customers as they were, with their identities, profile values, contacts and cases", params, body: rejectSuggestionBody, response: answers({ 200: mergeSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "customer.merge");
      await command(req, reply, 200, actor, async (ctx) => presentMerge(ctx.tx, actor, await unmergeCustomers(ctx, req.params.id)));
    },
  );
}

/** The suggestion, locked, if it is still open: 404 when there is none, 409 when it was already decided. */
async function openSuggestion(tx: Queryable, id: string): Promise<SuggestionRow> {
  const s = await findSuggestionForUpdate(tx, id);
  if (!s) throw notFound("Suggestion");
  if (s.status !== "open") throw new AppError(409, "suggestion_decided", `This suggestion was already ${s.status}.`);
  return s;
}

/** Copies the request's CSV to a file, refusing more than `limit` bytes; says its size and digest. */
async function spool(body: Readable, file: string, limit: number): Promise<{ bytes: number; sha256: string }> {
  if (!body || typeof body.pipe !== "function") throw badRequest("Send the export as the request body.");
  let bytes = 0;
  const hash = createHash("sha256");
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limit) return done(new AppError(413, "payload_too_large", `The file is larger than the import limit of ${Math.round(limit / 1024 / 1024)} MB (TANDEM_IMPORT_MAX_MB).`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, fs.createWriteStream(file));
  } catch (error) {
    fs.rmSync(file, { force: true });
    if (error instanceof AppError) {
      body.resume();
      throw error;
    }
    throw badRequest("The upload did not complete.");
  }
  if (bytes === 0) {
    fs.rmSync(file, { force: true });
    throw badRequest("The file is empty.", [{ path: "body", message: "empty" }]);
  }
  return { bytes, sha256: hash.digest("hex") };
}
