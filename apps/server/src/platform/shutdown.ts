/**
 * Graceful shutdown of the web: stop accepting, let the requests in flight finish (each answer
 * sent with `Connection: close`), and only cut the connections still busy after `graceMs`.
 * A request whose transaction committed therefore always gets its answer, unless it is still
 * running when the grace runs out. Live streams are ended first by their module (a preClose hook):
 * they never finish on their own.
 */
import type { FastifyInstance } from "fastify";
import type { Log } from "./context.js";

/** Something that runs beside the web and must stop in order: the outbox relay, the scheduler. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** Requests being answered now, per app: what a shutdown waits for. */
const inFlight = new WeakMap<FastifyInstance, { count: number }>();

/**
 * Makes `app` drain on close instead of cutting its connections: requests in flight are counted,
 * and once closing starts every answer tells the client to close the connection, so keep-alive
 * clients move to a process that still serves.
 */
export function drainOnClose(app: FastifyInstance): void {
  const state = { count: 0, closing: false };
  inFlight.set(app, state);
  app.addHook("onRequest", async (_req, reply) => {
    state.count++;
    reply.raw.once("close", () => state.count--);
    // A request that arrives (on a kept-alive connection) once closing has started is not begun:
    // the client is told to try again, and, with `Connection: close`, reaches another process.
    if (state.closing) {
      return reply
        .code(503)
        .header("retry-after", "1")
        .send({ error: { code: "shutting_down", message: "The server is restarting or stopping; try again in a moment.", details: [] } });
    }
  });
  app.addHook("preClose", async () => {
    state.closing = true;
  });
  app.addHook("onSend", async (_req, reply, payload) => {
    if (state.closing) reply.header("connection", "close");
    return payload;
  });
}

/** Closes `app` gracefully (see the top of this file); after `graceMs` the connections still open are cut. */
export async function closeWithin(app: FastifyInstance, graceMs: number, log: Log): Promise<void> {
  const busy = inFlight.get(app)?.count ?? 0;
  if (busy > 0) log.info({ requestsInFlight: busy, graceMs }, "stopping: finishing the requests in flight");
  const timer = setTimeout(() => {
    log.warn({ requestsInFlight: inFlight.get(app)?.count ?? 0, graceMs }, "stopping: the grace period is over; closing the connections still open");
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

/** Stops each in turn, logging (not throwing) a failure so that the next still stops. */
export async function stopInOrder(services: readonly (Stoppable | null)[], log: Log): Promise<void> {
  for (const service of services) {
    try {
      await service?.stop();
    } catch (error) {
      log.error({ err: error }, "stopping: a service failed to stop cleanly");
    }
  }
}
