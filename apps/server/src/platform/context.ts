/**
 * The command context: what every command is given instead of reaching for globals — the
 * transaction it runs in, who is acting, the time it happens at, and where to log. A request
 * builds one (its `now` is read once, from the application's clock); so will the scheduler and
 * the worker; tests and the demo loader build their own with a fixed `now`.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { BaseLogger } from "pino";
import type { Actor } from "./actor.js";
import type { Queryable } from "./db.js";
import { mutate } from "./idempotency.js";

export interface Ctx<A extends Actor = Actor> {
  readonly tx: Queryable;
  readonly actor: A;
  readonly now: Date;
  readonly log: Log;
}

/** The logging a command needs (a request's logger, the process logger, a silent one in tests). */
export type Log = Pick<BaseLogger, "fatal" | "error" | "warn" | "info" | "debug" | "trace">;

/** Where "now" comes from: the wall clock in production, a frozen or stepped clock in tests. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** A context for a read: the database itself, no transaction. */
export function readCtx<A extends Actor>(req: FastifyRequest, actor: A): Ctx<A> {
  return { tx: req.server.db, actor, now: req.server.clock(), log: req.log };
}

/**
 * Runs a command for a request in one transaction (honouring `Idempotency-Key`) and answers
 * `status` (or the status a function of the answer gives) with what it returns.
 */
export function command<A extends Actor, T>(req: FastifyRequest, reply: FastifyReply, status: number | ((body: T) => number), actor: A, fn: (ctx: Ctx<A>) => Promise<T>): Promise<void> {
  return mutate(req.server.db, req, reply, status, (tx) => fn({ tx, actor, now: req.server.clock(), log: req.log }));
}
