/**
 * Live changes for open consoles. Each process LISTENs once on the database's change channel
 * (NOTIFY is sent by the transaction that made the change, at commit), so a change made
 * through any server process reaches the consoles connected to every process.
 */
import type { Db } from "../../platform/db.js";
import type { Actor } from "../../platform/actor.js";
import { CHANGES_CHANNEL } from "../../platform/events.js";
import { caseAccess } from "../cases/index.js";

export interface ChangeNote {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: { caseId?: string; customerId?: string; ownerOrganizationId?: string; partyOrganizationIds?: string[]; status?: string; visibility?: string };
}

/**
 * Whether a change may be shown to this actor, by the cases module's one rule: staff hear of
 * every change; a partner of the cases its organisation owns or shares in; a customer of their
 * own case, and never of an internal note on it.
 */
export function visibleTo(actor: Actor, note: ChangeNote): boolean {
  if (actor.type === "user") return true;
  const p = note.payload;
  if (!p.caseId || !p.ownerOrganizationId) return false;
  if (actor.type === "customer" && p.visibility === "internal") return false;
  const facts = { id: p.caseId, ownerOrganizationId: p.ownerOrganizationId, parties: (p.partyOrganizationIds ?? []).map((organizationId) => ({ organizationId, access: "view" as const })) };
  return caseAccess(actor, facts) !== null;
}

/** What a subscriber is told: a change, or that changes may have been missed (fetch again). */
export interface Subscriber {
  change(note: ChangeNote): void;
  resync(): void;
}

export class LiveHub {
  private subscribers = new Set<Subscriber>();
  private started: Promise<() => Promise<void>> | null = null;

  constructor(private readonly db: Db) {}

  /**
   * LISTENs, once per process. Fails (DatabaseUnavailableError) while the database is
   * unreachable; the next call tries again.
   */
  async start(): Promise<void> {
    const starting = (this.started ??= this.db.listen(
      CHANGES_CHANNEL,
      (payload) => this.dispatch(payload),
      () => this.resync(),
    ));
    try {
      await starting;
    } catch (error) {
      if (this.started === starting) this.started = null;
      throw error;
    }
  }

  /** Adds a subscriber; call `start` first. Returns the function that removes it. */
  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
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
    for (const s of this.subscribers) s.change(note);
  }

  private resync(): void {
    for (const s of this.subscribers) s.resync();
  }

  async close(): Promise<void> {
    const started = this.started;
    this.started = null;
    if (started) await (await started.catch(() => null))?.();
    this.subscribers.clear();
  }
}
