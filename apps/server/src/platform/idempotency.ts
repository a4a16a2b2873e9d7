/**
 * Every POST runs in one transaction. With an `Idempotency-Key`, the key is claimed in that same
 * transaction and the answer stored with it: a repeat returns the first answer and does nothing,
 * a concurrent repeat waits on the key's row, and a failed attempt leaves no key behind.
 */
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db, Queryable } from "./db.js";
import { k } from "./kysely.js";
import { AppError, badRequest } from "./errors.js";

export interface Outcome<T> {
  status: number;
  body: T;
}

/** `status`: the answer's status code, or a function of the answer (201 created, 200 decided otherwise). */
export async function mutate<T>(db: Db, req: FastifyRequest, reply: FastifyReply, status: number | ((body: T) => number), fn: (tx: Queryable) => Promise<T>): Promise<void> {
  const statusOf = (body: T) => (typeof status === "function" ? status(body) : status);
  const key = header(req, "idempotency-key");
  if (key === undefined) {
    const body = await db.transaction(fn);
    reply.code(statusOf(body)).send(body);
    return;
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw badRequest("Idempotency-Key must be 1-200 visible ASCII characters.");
  const scope = req.actor ? ("userId" in req.actor ? `user:${req.actor.userId}` : "linkId" in req.actor ? `link:${req.actor.linkId}` : "anon") : `anon:${req.ip}`;
  const fingerprint = createHash("sha256").update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`).digest("hex");
  const outcome = await db.transaction(async (tx): Promise<Outcome<unknown>> => {
    const claimed = await k(tx)
      .insertInto("idempotency_keys")
      .values({ scope, key, fingerprint })
      .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
      .returning("key")
      .execute();
    if (claimed.length === 0) {
      const previous = await k(tx)
        .selectFrom("idempotency_keys")
        .select(["fingerprint", "status_code", "response"])
        .where("scope", "=", scope)
        .where("key", "=", key)
        .executeTakeFirst();
      if (!previous || previous.fingerprint !== fingerprint) {
        throw new AppError(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different request.");
      }
      reply.header("idempotent-replayed", "true");
      // The answer is stored in the transaction that claims the key: once the row is visible, it has one.
      return { status: previous.status_code!, body: previous.response };
    }
    const body = await fn(tx);
    const code = statusOf(body);
    await k(tx)
      .updateTable("idempotency_keys")
      .set({ status_code: code, response: JSON.stringify(body) })
      .where("scope", "=", scope)
      .where("key", "=", key)
      .execute();
    return { status: code, body };
  });
  reply.code(outcome.status).send(outcome.body);
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
