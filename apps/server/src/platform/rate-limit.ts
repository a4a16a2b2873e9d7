/**
 * The general rate limit (TANDEM_RATE_LIMIT requests per minute; 0 turns it off): every /api
 * request counts against its bearer token or session cookie, or against its address when it has
 * neither. Counted in memory, in fixed one-minute windows — in the process itself, or, under
 * `tandem serve --workers N`, in the primary, which every worker asks over the cluster's IPC
 * channel, so the limit holds across workers. Over the limit: 429 with Retry-After.
 */
import cluster, { type Worker } from "node:cluster";
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { SESSION_COOKIE } from "./headers.js";

const WINDOW_MS = 60_000;

export interface Count {
  /** Requests of this key in the current window, this one included. */
  count: number;
  /** When the window ends (epoch ms). */
  resetAt: number;
}

/** Counts hits per key in fixed windows; the whole map is dropped when the window turns. */
export class WindowCounter {
  #window = -1;
  #counts = new Map<string, number>();

  hit(key: string, nowMs: number): Count {
    const window = Math.floor(nowMs / WINDOW_MS);
    if (window !== this.#window) {
      this.#window = window;
      this.#counts.clear();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return { count, resetAt: (window + 1) * WINDOW_MS };
  }
}

export type Counter = (key: string, nowMs: number) => Count | Promise<Count>;

/** Pure: whether a request over `count` is refused, and the Retry-After to send. */
export function overLimit(limit: number, { count, resetAt }: Count, nowMs: number): { refused: false } | { refused: true; retryAfterSeconds: number } {
  if (limit <= 0 || count <= limit) return { refused: false };
  return { refused: true, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - nowMs) / 1000)) };
}

/** What a request is counted against: its token (hashed: secrets are not kept as map keys) or its address. */
export function rateKey(req: FastifyRequest): string {
  const header = req.headers.authorization;
  const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : req.cookies?.[SESSION_COOKIE];
  if (token) return `t:${createHash("sha256").update(token).digest("base64url").slice(0, 22)}`;
  return `a:${req.ip}`;
}

interface RateAsk {
  tandem: "rate";
  id: number;
  key: string;
  now: number;
}
interface RateAnswer extends Count {
  tandem: "rate";
  id: number;
}

/** The counter a process uses: its own, or in a cluster worker the primary's. */
export function processCounter(): Counter {
  if (!cluster.isWorker) {
    const counter = new WindowCounter();
    return (key, nowMs) => counter.hit(key, nowMs);
  }
  let next = 0;
  const waiting = new Map<number, (count: Count) => void>();
  process.on("message", (msg: RateAnswer) => {
    if (msg?.tandem !== "rate") return;
    waiting.get(msg.id)?.({ count: msg.count, resetAt: msg.resetAt });
    waiting.delete(msg.id);
  });
  process.on("disconnect", () => {
    for (const resolve of waiting.values()) resolve({ count: 0, resetAt: 0 });
    waiting.clear();
  });
  return (key, nowMs) =>
    new Promise<Count>((resolve) => {
      const id = ++next;
      // Without the primary (it is stopping), the request is let through.
      if (!process.connected) return resolve({ count: 0, resetAt: nowMs });
      waiting.set(id, resolve);
      process.send!({ tandem: "rate", id, key, now: nowMs } satisfies RateAsk);
    });
}

const primaryCounter = new WindowCounter();

/** In the primary: answers a worker's counting requests. */
export function serveRateCounts(worker: Worker): void {
  worker.on("message", (msg: RateAsk) => {
    if (msg?.tandem !== "rate" || !worker.isConnected()) return;
    worker.send({ tandem: "rate", id: msg.id, ...primaryCounter.hit(msg.key, msg.now) } satisfies RateAnswer);
  });
}
