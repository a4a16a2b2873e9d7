/**
 * Who hears about outbox events: in-process handlers that the relay calls, one event at a time,
 * inside the transaction that claims the events and marks them published.
 */
import type { Queryable } from "../db.js";
import type { ActorRef } from "../actor.js";
import type { Audience } from "../events.js";

/** An outbox row as subscribers see it. */
export interface OutboxEvent {
  id: string;
  /** Commit order within one aggregate; no meaning across aggregates. */
  seq: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  actor: ActorRef;
  payload: Record<string, unknown>;
  /** Who may hear of it besides staff (events.ts). */
  audience: Audience;
  createdAt: Date;
}

/**
 * Runs inside the relay's transaction: what it writes with `tx` (a webhook delivery row, say)
 * commits together with the event's "published" mark, and a throw rolls the whole batch back
 * to be retried. Work outside the database belongs in a later step that reads those rows, not
 * here: a rolled-back batch is handed over again.
 */
export type OutboxSubscriber = (tx: Queryable, event: OutboxEvent) => Promise<void>;

/** A subscriber's failure, naming the subscriber and the event. */
export class SubscriberError extends Error {
  constructor(
    readonly subscriber: string,
    readonly event: Pick<OutboxEvent, "id" | "type" | "aggregateType" | "aggregateId">,
    cause: unknown,
  ) {
    super(`Outbox subscriber "${subscriber}" failed on ${event.type} ${event.id}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** The registry: named subscribers, called in the order they were added. */
export class OutboxSubscribers {
  private readonly entries: { name: string; handle: OutboxSubscriber }[] = [];

  add(name: string, handle: OutboxSubscriber): void {
    if (this.entries.some((e) => e.name === name)) throw new Error(`An outbox subscriber named "${name}" is already registered.`);
    this.entries.push({ name, handle });
  }

  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  async deliver(tx: Queryable, event: OutboxEvent): Promise<void> {
    for (const { name, handle } of this.entries) {
      try {
        await handle(tx, event);
      } catch (error) {
        throw new SubscriberError(name, event, error);
      }
    }
  }
}
