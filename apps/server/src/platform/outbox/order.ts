/**
 * Per-aggregate order, as a pure function: which claimed events a relay may hand over now.
 */

/** Where an event stands: its aggregate and its place in that aggregate's commit order. */
export interface Placed {
  seq: number;
  aggregateType: string;
  aggregateId: string;
}

const aggregateKey = (e: Placed) => `${e.aggregateType}:${e.aggregateId}`;

/**
 * The claimed events that may be delivered now, in seq order. `blockers` are the unpublished
 * events, read after the claim, that belong to the claimed events' aggregates, come before one
 * of them, and are not claimed by this relay: another relay holds them (SKIP LOCKED passed them
 * over) or its batch rolled back after the claim skipped them. An aggregate's claimed events are
 * delivered up to its first blocker and no further, so no event goes out before an earlier one
 * of its aggregate; the rest wait for a later batch.
 */
export function deliverable<T extends Placed>(claimed: readonly T[], blockers: readonly Placed[]): T[] {
  const firstBlocker = new Map<string, number>();
  for (const b of blockers) {
    const key = aggregateKey(b);
    firstBlocker.set(key, Math.min(b.seq, firstBlocker.get(key) ?? Infinity));
  }
  return claimed.filter((e) => e.seq < (firstBlocker.get(aggregateKey(e)) ?? Infinity)).sort((a, b) => a.seq - b.seq);
}
