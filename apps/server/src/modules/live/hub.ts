/**
 * Live changes for open consoles and customers' pages. Each process LISTENs once on the
 * database's change channel (NOTIFY is sent by the transaction that made the change, at commit),
 * so a change made through any server process reaches the streams open in every process.
 *
 * A stream lasts only as long as what opened it: a revoked session or token, a deactivated user
 * or a withdrawn link closes it at once (the revoking transaction NOTIFYs every process), and
 * every `recheckMs` the streams' tokens and links are checked again, for a notice missed while a
 * process reconnected and for expiry. A reader that does not keep up is dropped once
 * `maxBufferedBytes` wait for it, and a user or link holds a bounded number of streams.
 */
import type { Db } from "../../platform/db.js";
import type { Actor } from "../../platform/actor.js";
import type { StreamLimits } from "../../platform/env.js";
import type { Log } from "../../platform/context.js";
import { CHANGES_CHANNEL, hears, REVOCATIONS_CHANNEL, type ChangeNote, type Revocation } from "../../platform/events.js";
import { tooManyRequests } from "../../platform/errors.js";
import { metrics as processMetrics, type Metrics } from "../../platform/metrics.js";
import { revokedBy, stillAllowed, streamRefusal, type LiveAccess, type StreamActor } from "./rules.js";

export type { ChangeNote };

/** The server-sent event a note goes out as: `notification.created` for a user's notification, `change` for the rest. */
export const eventName = (note: ChangeNote): string => (note.aggregateType === "notification" ? note.type : "change");

/**
 * Whether a change may be shown to this actor: by the audience its module published it with
 * (for a case: staff, the organisations that own or share it, the customer of its link unless
 * the change is an internal note; for a notification: its recipient alone).
 */
export function visibleTo(actor: Actor, note: ChangeNote): boolean {
  return hears(actor, note.audience ?? {});
}

/** What the stream sends of a change: everything but its audience. */
export function streamed(note: ChangeNote): Omit<ChangeNote, "audience"> {
  const { audience: _audience, ...shown } = note;
  return shown;
}

/** Where a stream's bytes go: an HTTP response (or, in tests, any writable). */
export interface StreamSink {
  write(chunk: string): boolean;
  /** Bytes written but not yet taken by the reader. */
  readonly writableLength: number;
  end(): void;
  destroy(): void;
}

/** Why the server closed a stream (sent to the client as `event: closed`, except to a reader too slow to get it). */
export type CloseReason = "revoked" | "slow" | "shutdown";

export const LIVE_METRICS = {
  open: "tandem_live_streams_open",
  refused: "tandem_live_streams_refused_total",
  revoked: "tandem_live_streams_revoked_total",
  slow: "tandem_live_streams_dropped_slow_total",
} as const;

export interface LiveHubOptions {
  limits: StreamLimits;
  /** What of these tokens and links is still live (a periodic check; see the top of this file). */
  checkAccess(tokenIds: string[], linkIds: string[]): Promise<LiveAccess>;
  log: Log;
  heartbeatMs?: number;
  metrics?: Metrics;
}

interface Stream {
  actor: StreamActor;
  sink: StreamSink;
}

export class LiveHub {
  private readonly streams = new Set<Stream>();
  private started: Promise<Array<() => Promise<void>>> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private readonly metrics: Metrics;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly options: LiveHubOptions,
  ) {
    this.metrics = options.metrics ?? processMetrics;
    this.metrics.describe(LIVE_METRICS.open, "Live streams open in this process.");
    this.metrics.describe(LIVE_METRICS.refused, "Live streams refused because their user or link had the most allowed open.");
    this.metrics.describe(LIVE_METRICS.revoked, "Live streams closed because their session, token, user or link was withdrawn or expired.");
    this.metrics.describe(LIVE_METRICS.slow, "Live streams dropped because their reader fell too far behind.");
  }

  /**
   * Opens a stream for `actor` writing to `sink`, or throws 429 when the actor's user or link has
   * as many open as allowed. `ready()` must have resolved, so that the check and the opening
   * happen in one turn of the event loop.
   */
  open(actor: StreamActor, sink: StreamSink): () => void {
    const refusal = streamRefusal([...this.streams].map((s) => s.actor), actor, this.options.limits);
    if (refusal) {
      this.metrics.inc(LIVE_METRICS.refused);
      throw tooManyRequests(refusal);
    }
    const stream: Stream = { actor, sink };
    this.streams.add(stream);
    this.metrics.set(LIVE_METRICS.open, this.streams.size);
    return () => this.forget(stream);
  }

  /**
   * Starts listening (once per process) for changes and revocations, and the periodic checks.
   * Fails (DatabaseUnavailableError) while the database is unreachable; the next call tries again.
   */
  async ready(): Promise<void> {
    const starting = (this.started ??= this.start());
    try {
      await starting;
    } catch (error) {
      if (this.started === starting) this.started = null;
      throw error;
    }
  }

  get size(): number {
    return this.streams.size;
  }

  /** Checks every open stream's token or link again, and closes those no longer allowed. Returns how many it closed. */
  async recheck(): Promise<number> {
    const actors = [...this.streams].map((s) => s.actor);
    if (actors.length === 0) return 0;
    const tokenIds = [...new Set(actors.flatMap((a) => (a.type === "customer" ? [] : [a.tokenId])))];
    const linkIds = [...new Set(actors.flatMap((a) => (a.type === "customer" ? [a.linkId] : [])))];
    const access = await this.options.checkAccess(tokenIds, linkIds);
    let closed = 0;
    for (const stream of this.streams) {
      if (!stillAllowed(stream.actor, access)) {
        this.end(stream, "revoked");
        closed++;
      }
    }
    return closed;
  }

  /** Ends every stream (the clients reconnect, to another process if this one is stopping). */
  closeAll(reason: CloseReason): void {
    for (const stream of this.streams) this.end(stream, reason);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.closeAll("shutdown");
    const unlisteners = (await this.started?.catch(() => null)) ?? [];
    for (const unlisten of unlisteners) await unlisten();
  }

  private async start(): Promise<Array<() => Promise<void>>> {
    // After the LISTEN connection comes back, changes made meanwhile were not heard: every client
    // is told to fetch again. (Revocations missed meanwhile are caught by the periodic check.)
    const resync = () => this.broadcast(() => "event: resync\ndata: {}\n\n");
    const changes = await this.db.listen(CHANGES_CHANNEL, (payload) => this.dispatch(payload), resync);
    let revocations: () => Promise<void>;
    try {
      revocations = await this.db.listen(REVOCATIONS_CHANNEL, (payload) => this.revoke(payload));
    } catch (error) {
      // Half started is not started: the next try LISTENs to both again, so the first must not stay behind.
      await changes().catch(() => undefined);
      throw error;
    }
    const unlisten = [changes, revocations];
    if (!this.closed) {
      const every = (ms: number, fn: () => void) => this.timers.push(setInterval(fn, ms).unref());
      every(this.options.heartbeatMs ?? 20_000, () => this.broadcast(() => ": keep-alive\n\n"));
      every(this.options.limits.recheckMs, () => {
        this.recheck().catch((error: unknown) => this.options.log.warn({ err: error }, "could not check the live streams' sessions again; will retry"));
      });
    }
    return unlisten;
  }

  private dispatch(payload: string): void {
    const note = parse<ChangeNote>(payload);
    if (!note) return;
    const text = `id: ${note.id}\nevent: ${eventName(note)}\ndata: ${JSON.stringify(streamed(note))}\n\n`;
    this.broadcast((actor) => (visibleTo(actor, note) ? text : null));
  }

  private revoke(payload: string): void {
    const revocation = parse<Revocation>(payload);
    if (!revocation) return;
    for (const stream of this.streams) if (revokedBy(stream.actor, revocation)) this.end(stream, "revoked");
  }

  /** Writes to every stream what `textFor` gives it; drops a reader with more than the bound waiting. */
  private broadcast(textFor: (actor: StreamActor) => string | null): void {
    for (const stream of this.streams) {
      const text = textFor(stream.actor);
      if (text === null) continue;
      stream.sink.write(text);
      if (stream.sink.writableLength > this.options.limits.maxBufferedBytes) this.end(stream, "slow");
    }
  }

  private end(stream: Stream, reason: CloseReason): void {
    if (!this.streams.has(stream)) return;
    this.forget(stream);
    if (reason === "slow") {
      this.metrics.inc(LIVE_METRICS.slow);
      stream.sink.destroy(); // what waits would never be read: free it now
      return;
    }
    if (reason === "revoked") this.metrics.inc(LIVE_METRICS.revoked);
    stream.sink.write(`event: closed\ndata: ${JSON.stringify({ reason })}\n\n`);
    stream.sink.end();
  }

  private forget(stream: Stream): void {
    if (this.streams.delete(stream)) this.metrics.set(LIVE_METRICS.open, this.streams.size);
  }
}

function parse<T>(payload: string): T | null {
  try {
    return JSON.parse(payload) as T;
  } catch {
    return null;
  }
}
