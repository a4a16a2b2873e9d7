/**
 * Live changes for open consoles. Each process LISTENs once on the database's change channel
 * (NOTIFY is sent by the transaction that made the change, at commit), so a change made
 * through any server process reaches the consoles connected to every process.
 */
import type { Db } from "../../platform/db.js";
import type { Actor } from "../../platform/actor.js";
import { CHANGES_CHANNEL, hears, type ChangeNote } from "../../platform/events.js";

export type { ChangeNote };

/**
 * Whether a change may be shown to this actor: by the audience its module published it with
 * (for a case: staff, the organisations that own or share it, the customer of its link unless
 * the change is an internal note).
 */
export function visibleTo(actor: Actor, note: ChangeNote): boolean {
  return hears(actor, note.audience ?? {});
}

/** What the stream sends of a change: everything but its audience. */
export function streamed(note: ChangeNote): Omit<ChangeNote, "audience"> {
  const { audience: _audience, ...shown } = note;
  return shown;
}

type Subscriber = (note: ChangeNote) => void;

export class LiveHub {
  private subscribers = new Set<Subscriber>();
  private started: Promise<() => Promise<void>> | null = null;

  constructor(private readonly db: Db) {}

  async subscribe(fn: Subscriber): Promise<() => void> {
    this.started ??= this.db.listen(CHANGES_CHANNEL, (payload) => this.dispatch(payload));
    await this.started;
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  get size(): number {
    return this.subscribers.size;
  }

  private dispatch(payload: string): void {
    let note: ChangeNote;
    try {
      note = JSON.parse(payload) as ChangeNote;
    } catch {
      return;
    }
    for (const fn of this.subscribers) fn(note);
  }

  async close(): Promise<void> {
    if (this.started) await (await this.started)();
    this.subscribers.clear();
  }
}
