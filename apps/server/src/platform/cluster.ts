/**
 * `tandem serve --workers N` (or TANDEM_WORKERS): the web role in N processes on one port, with
 * node:cluster. The primary sets the database up (migrations, first-start bootstrap) before
 * forking, runs the other roles once, restarts a worker that dies (backing off, and reporting a
 * crash loop instead of spinning in it) and stops the workers gracefully on SIGTERM or SIGINT.
 * The workers share the listening socket: the primary accepts and hands connections round-robin.
 *
 * `GET /metrics`, answered by whichever worker gets the connection, speaks for the whole server:
 * that worker asks the primary, which gathers every process's counts over the IPC channel.
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
import { mergeSnapshots, metrics, type MetricsSnapshot } from "./metrics.js";

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

/** Messages between the primary and its workers about metrics (over the cluster's IPC channel). */
type MetricsMessage =
  | { type: "tandem:metrics:collect"; id: number }
  | { type: "tandem:metrics:report?"; id: number }
  | { type: "tandem:metrics:report"; id: number; snapshot: MetricsSnapshot }
  | { type: "tandem:metrics:merged"; id: number; snapshot: MetricsSnapshot };

const isMetricsMessage = (m: unknown): m is MetricsMessage => typeof m === "object" && m !== null && String((m as { type?: unknown }).type).startsWith("tandem:metrics:");

/** How long a scrape waits for the other processes' counts; one that does not answer is left out. */
const METRICS_WAIT_MS = 2000;

/**
 * In a worker: answers the primary's requests for this process's counts, and returns what
 * `/metrics` serves — the whole server's counts, gathered by the primary (this worker's alone
 * if the primary does not answer in time).
 */
export function clusterMetrics(): () => Promise<string> {
  let next = 0;
  const waiting = new Map<number, (snapshot: MetricsSnapshot) => void>();
  process.on("message", (message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.type === "tandem:metrics:report?") process.send?.({ type: "tandem:metrics:report", id: message.id, snapshot: metrics.snapshot() } satisfies MetricsMessage);
    if (message.type === "tandem:metrics:merged") waiting.get(message.id)?.(message.snapshot);
  });
  return async () => {
    const id = ++next;
    const merged = await new Promise<MetricsSnapshot | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), METRICS_WAIT_MS);
      waiting.set(id, (snapshot) => {
        clearTimeout(timer);
        resolve(snapshot);
      });
      if (!process.send?.({ type: "tandem:metrics:collect", id } satisfies MetricsMessage)) resolve(null);
    });
    waiting.delete(id);
    return metrics.render(merged ?? undefined);
  };
}

/** In the primary: a worker's scrape gathers every live worker's counts and the primary's own. */
function gatherMetrics(slots: readonly Slot[]): void {
  let next = 0;
  const pending = new Map<number, { reports: MetricsSnapshot[]; expected: number; done: () => void }>();
  cluster.on("message", (from: Worker, message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.type === "tandem:metrics:report") {
      const round = pending.get(message.id);
      if (round && round.reports.push(message.snapshot) === round.expected) round.done();
      return;
    }
    if (message.type !== "tandem:metrics:collect") return;
    const id = ++next;
    const workers = slots.map((s) => s.worker).filter((w): w is Worker => w !== null && !w.isDead() && w.isConnected());
    const reports: MetricsSnapshot[] = [];
    const answer = () => {
      clearTimeout(timer);
      pending.delete(id);
      if (from.isConnected()) from.send({ type: "tandem:metrics:merged", id: message.id, snapshot: mergeSnapshots([metrics.snapshot(), ...reports]) } satisfies MetricsMessage);
    };
    const timer = setTimeout(answer, METRICS_WAIT_MS / 2);
    pending.set(id, { reports, expected: workers.length, done: answer });
    for (const w of workers) w.send({ type: "tandem:metrics:report?", id } satisfies MetricsMessage);
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
  gatherMetrics(slots);
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
