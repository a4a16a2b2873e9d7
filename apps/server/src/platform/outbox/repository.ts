/** The relay's SQL on the outbox table. Rows are written by platform/events.ts (`publish`). */
import type { Queryable } from "../db.js";
import type { Placed } from "./order.js";
import type { OutboxEvent } from "./subscribers.js";

const EVENT_COLUMNS = `id, seq, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", actor, payload, audience, created_at AS "createdAt"`;

/**
 * Locks up to `limit` of the oldest unpublished events for this transaction, passing over those
 * another relay has locked (their transaction will publish them or roll back).
 */
export async function claimUnpublished(tx: Queryable, limit: number): Promise<OutboxEvent[]> {
  return tx.query<OutboxEvent>(
    `SELECT ${EVENT_COLUMNS} FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

/**
 * The unpublished events of the claimed events' aggregates that come before the last claimed
 * event and are not among the claimed: read in a statement of its own, so it sees what
 * committed after the claim (in READ COMMITTED each statement takes a fresh snapshot).
 */
export async function blockersOf(tx: Queryable, claimed: readonly OutboxEvent[]): Promise<Placed[]> {
  const aggregates = new Map(claimed.map((e) => [`${e.aggregateType}:${e.aggregateId}`, e]));
  return tx.query<Placed>(
    `SELECT seq, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId" FROM outbox
      WHERE published_at IS NULL AND seq < $1 AND NOT (seq = ANY($2::bigint[]))
        AND (aggregate_type, aggregate_id) IN (SELECT * FROM unnest($3::text[], $4::uuid[]))`,
    [
      Math.max(...claimed.map((e) => e.seq)),
      claimed.map((e) => e.seq),
      [...aggregates.values()].map((e) => e.aggregateType),
      [...aggregates.values()].map((e) => e.aggregateId),
    ],
  );
}

/** Marks claimed events published at `at`; returns how many it marked. */
export async function markPublished(tx: Queryable, ids: readonly string[], at: Date): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH marked AS (UPDATE outbox SET published_at = $2 WHERE id = ANY($1::uuid[]) AND published_at IS NULL RETURNING 1)
     SELECT count(*)::int AS n FROM marked`,
    [ids, at],
  );
  return row!.n;
}

/** How many events wait to be published, and when the oldest of them was written. */
export async function unpublishedBacklog(db: Queryable): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db.query<{ count: number; oldest: Date | null }>(
    `SELECT count(*)::int AS count, min(created_at) AS oldest FROM outbox WHERE published_at IS NULL`,
  );
  return row!;
}
