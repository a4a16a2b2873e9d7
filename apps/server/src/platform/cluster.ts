/**
 * `tandem serve --workers N` (or TANDEM_WORKERS): the web role in N processes on one port, with
 * node:cluster. The primary sets the database up (migrations, first-start bootstrap) before
 * forking, runs the other roles once, restarts a worker that dies (backing off, and reporting a
 * crash loop instead of spinning in it) and stops the workers gracefully on SIGTERM or SIGINT.
 * The workers share the listening socket: the primary accepts and hands connections round-robin.
 *
 * On PostgreSQL the default is one worker per core; the embedded PGlite database is one
 * connection inside one process, so there it is one process and more are refused.
 */
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { parseWorkers, type Env } from "./env.js";
import { serveRateCounts } from "./rate-limit.js";

/** Whether this process is a web worker forked by a `tandem serve` primary. */
export const isWebWorker = cluster.isWorker;

/**
 * How many web processes `tandem serve` runs: `--workers`, else TANDEM_WORKERS, else one per core
 * on PostgreSQL and one on PGlite. A refusal is a message for the command line.
 */
export function resolveWorkers(flag: string | undefined, env: Pick<Env, "workers" | "databaseUrl">, roles: readonly string[], cores = os.availableParallelism()): { workers: number } | { problem: string } {
  let requested = env.workers;
  let from = "TANDEM_WORKERS";
  if (flag !== undefined) {
    const parsed = parseWorkers(flag, "--workers", env.databaseUrl !== null);
    if (typeof parsed === "string") return { problem: parsed };
    requested = parsed;
    from = "--workers";
  }
  if (!roles.includes("web")) {
    if (requested !== null && requested > 1) return { problem: `${from}=${requested} needs the web role: workers serve the web; the other roles run once.` };
    return { workers: 1 };
  }
  return { workers: requested ?? (env.databaseUrl ? cores : 1) };
}

/** In a clustered worker, every answer names the process that gave it (`x-tandem-worker: <pid>`). */
export function tagAnswers(app: FastifyInstance): void {
  const pid = String(process.pid);
  app.addHook("onRequest", (_req, reply, done) => {
    reply.header("x-tandem-worker", pid);
    done();
  });
}

/**
 * In a worker: runs `stop` once when the primary asks (SIGTERM) or is gone (the IPC channel
 * closes), then lets the process end. SIGINT is left to the primary, which receives it too when
 * Ctrl-C is pressed and then stops the workers in order.
 */
export function untilPrimaryStops(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onStop = () => {
      if (stopping) return;
      stopping = true;
      void stop().finally(() => {
        if (process.connected) process.disconnect();
        resolve();
      });
    };
    process.on("SIGTERM", onStop);
    process.on("SIGINT", () => undefined);
    process.on("disconnect", onStop);
  });
}

export interface WorkerPool {
  readonly size: number;
  /** Stops every worker gracefully (SIGTERM; SIGKILL after `graceMs`) and restarts none. */
  stop(): Promise<void>;
}

export interface PoolOptions {
  /** Delay before the first restart of a worker; doubled for each further exit within a minute. */
  restartMs?: number;
  maxRestartMs?: number;
  /** Exits of one worker within a minute that make a crash loop (logged as an error). */
  crashLoop?: number;
  graceMs?: number;
}

const WINDOW_MS = 60_000;

/**
 * After a worker's exit at `now`, given its earlier exits: the exits that still count (those of
 * the last minute), how long to wait before starting its successor (doubling with each, up to
 * `maxRestartMs`), and whether that is a crash loop to report.
 */
export function nextRestart(exits: readonly number[], now: number, options: Required<Pick<PoolOptions, "restartMs" | "maxRestartMs" | "crashLoop">>): { exits: number[]; delayMs: number; crashLoop: boolean } {
  const recent = [...exits.filter((at) => now - at < WINDOW_MS), now];
  return {
    exits: recent,
    delayMs: Math.min(options.maxRestartMs, options.restartMs * 2 ** (recent.length - 1)),
    crashLoop: recent.length >= options.crashLoop,
  };
}

interface Slot {
  index: number;
  worker: Worker | null;
  exits: number[];
  timer: NodeJS.Timeout | null;
}

/**
 * Forks `count` web workers and resolves once every one listens. A worker that exits before the
 * pool is up fails the start (the others are stopped): the same fault would only repeat.
 */
export function startWorkers(count: number, log: Logger, options: PoolOptions = {}): Promise<WorkerPool> {
  const restartMs = options.restartMs ?? 500;
  const maxRestartMs = options.maxRestartMs ?? 30_000;
  const crashLoop = options.crashLoop ?? 5;
  const graceMs = options.graceMs ?? 10_000;
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({ index, worker: null, exits: [], timer: null }));
  let up = false;
  let stopping = false;

  const stop = async () => {
    stopping = true;
    await Promise.all(
      slots.map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        const worker = slot.worker;
        if (!worker || worker.isDead()) return;
        const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
        worker.process.kill("SIGTERM");
        const kill = setTimeout(() => worker.process.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(kill);
      }),
    );
  };

  return new Promise((resolve, reject) => {
    let listening = 0;
    const fork = (slot: Slot) => {
      slot.timer = null;
      const worker = cluster.fork();
      slot.worker = worker;
      serveRateCounts(worker);
      worker.once("listening", () => {
        if (!up && ++listening === count) {
          up = true;
          resolve({ size: count, stop });
        }
      });
      worker.once("exit", (code, signal) => {
        if (stopping) return;
        const how = signal ? `signal ${signal}` : `code ${code}`;
        if (!up) {
          log.error({ workerPid: worker.process.pid, code, signal }, "a web worker exited while starting");
          void stop().then(() => reject(new Error(`A web worker (pid ${worker.process.pid}) exited with ${how} before it listened; see its output above.`)));
          return;
        }
        const next = nextRestart(slot.exits, Date.now(), { restartMs, maxRestartMs, crashLoop });
        slot.exits = next.exits;
        const facts = { workerPid: worker.process.pid, code, signal, exitsInLastMinute: next.exits.length, restartInMs: next.delayMs };
        if (next.crashLoop) log.error(facts, `web worker ${slot.index + 1} is crash-looping (${next.exits.length} exits within a minute); restarts are spaced out`);
        else log.warn(facts, `web worker ${slot.index + 1} exited with ${how}; starting a new one`);
        slot.timer = setTimeout(() => fork(slot), next.delayMs);
      });
    };
    for (const slot of slots) fork(slot);
  });
}
