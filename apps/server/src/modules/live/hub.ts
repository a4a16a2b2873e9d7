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
  payload: {
    caseId?: string;
    customerId?: string;
    ownerOrganizationId?: string;
    partyOrganizationIds?: string[];
    status?: string;
    visibility?: string;
    /** A note for one user alone (a notification): it reaches that user's streams and no other. */
    recipientUserId?: string;
    notification?: unknown;
  };
}

/** The server-sent event a note goes out as: `notification.created` for a user's notification, `change` for the rest. */
export const eventName = (note: ChangeNote): string => (note.aggregateType === "notification" ? note.type : "change");

/**
 * Whether a change may be shown to this actor: a user's notification to that user alone; the
 * rest by the cases module's one rule: staff hear of
 * every change; a partner of the cases its organisation owns or shares in; a customer of their
 * own case, and never of an internal note on it.
 */
export function visibleTo(actor: Actor, note: ChangeNote): boolean {
  const p = note.payload;
  if (note.aggregateType === "notification" || p.recipientUserId !== undefined) return "userId" in actor && actor.userId === p.recipientUserId;
  if (actor.type === "user") return true;
  if (!p.caseId || !p.ownerOrganizationId) return false;
  if (actor.type === "customer" && p.visibility === "internal") return false;
  const facts = { id: p.caseId, ownerOrganizationId: p.ownerOrganizationId, parties: (p.partyOrganizationIds ?? []).map((organizationId) => ({ organizationId, access: "view" as const })) };
  return caseAccess(actor, facts) !== null;
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
