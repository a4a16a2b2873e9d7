/** The SQL of due work, on the due_work table (see migrations/0006_due_work.sql). */
import { sql, type Selectable } from "kysely";
import type { Queryable } from "../db.js";
import type { DueWorkTable } from "../db-types.js";
import { k } from "../kysely.js";
import { newId } from "../ids.js";

export type DueWorkRow = Selectable<DueWorkTable>;
export type DueWorkState = DueWorkRow["state"];

export interface NewDueWork {
  kind: string;
  key: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Inserts pending work; when (kind, key) is already there, `replace` moves it to the new time and
 * payload (and revives it if it was parked), otherwise it is left as it is. True when written.
 */
export async function upsertDueWork(tx: Queryable, work: NewDueWork, now: Date, replace: boolean): Promise<boolean> {
  const rows = await k(tx)
    .insertInto("due_work")
    .values({ id: newId(now.getTime()), kind: work.kind, key: work.key, due_at: work.dueAt, payload: JSON.stringify(work.payload), created_at: now, updated_at: now })
    .onConflict((oc) =>
      replace
        ? oc.columns(["kind", "key"]).doUpdateSet((eb) => ({
            due_at: eb.ref("excluded.due_at"),
            payload: eb.ref("excluded.payload"),
            state: "pending",
            attempts: 0,
            last_error: null,
            updated_at: eb.ref("excluded.updated_at"),
          }))
        : oc.columns(["kind", "key"]).doNothing(),
    )
    .returning("id")
    .execute();
  return rows.length > 0;
}

/** Inserts pending work in one statement, leaving alone each (kind, key) already there. */
export async function insertDueWorks(tx: Queryable, works: readonly NewDueWork[], now: Date): Promise<void> {
  if (works.length === 0) return;
  await k(tx)
    .insertInto("due_work")
    .values(works.map((work) => ({ id: newId(now.getTime()), kind: work.kind, key: work.key, due_at: work.dueAt, payload: JSON.stringify(work.payload), created_at: now, updated_at: now })))
    .onConflict((oc) => oc.columns(["kind", "key"]).doNothing())
    .execute();
}

/** Deletes the work of this kind and key, pending or parked; true when there was some. */
export async function deleteDueWork(tx: Queryable, kind: string, key: string): Promise<boolean> {
  const rows = await k(tx).deleteFrom("due_work").where("kind", "=", kind).where("key", "=", key).returning("id").execute();
  return rows.length > 0;
}

/**
 * Claims up to `limit` pending rows of these kinds due by `now`, earliest first, passing over rows
 * another scheduler holds, and deletes them in the same statement: the work is done when this
 * transaction commits (with what the handlers wrote), and back, untouched, if it rolls back.
 * `onlyId` claims that one row, if it is still pending and due.
 */
export async function claimDue(tx: Queryable, kinds: readonly string[], now: Date, limit: number, onlyId?: string): Promise<DueWorkRow[]> {
  let due = k(tx)
    .selectFrom("due_work")
    .select("id")
    .where("state", "=", "pending")
    .where("due_at", "<=", now)
    .where("kind", "=", sql<string>`ANY(${[...kinds]}::text[])`);
  if (onlyId) due = due.where("id", "=", onlyId);
  const rows = await k(tx)
    .deleteFrom("due_work")
    .where("id", "in", due.orderBy("due_at").limit(limit).forUpdate().skipLocked())
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
}

/**
 * Records a failed attempt of `row` (as claimed): the new count and error, and the next due time
 * or the parked state. Written only if the row is still as it was claimed — neither run, moved
 * nor recorded by someone else since — and not held by another scheduler.
 */
export async function recordFailure(db: Queryable, row: DueWorkRow, outcome: { attempts: number; retryAt: Date | null; error: string }, now: Date): Promise<boolean> {
  const unchanged = k(db)
    .selectFrom("due_work")
    .select("id")
    .where("id", "=", row.id)
    .where("state", "=", "pending")
    .where("attempts", "=", row.attempts)
    .where("due_at", "=", row.due_at)
    .forUpdate()
    .skipLocked();
  const rows = await k(db)
    .updateTable("due_work")
    .set({
      attempts: outcome.attempts,
      last_error: outcome.error.slice(0, 2000),
      state: outcome.retryAt ? "pending" : "failed",
      due_at: outcome.retryAt ?? row.due_at,
      updated_at: now,
    })
    .where("id", "in", unchanged)
    .returning("id")
    .execute();
  return rows.length > 0;
}

/** When the earliest pending work of these kinds is due (null when there is none). */
export async function nextDueAt(db: Queryable, kinds: readonly string[]): Promise<Date | null> {
  const row = await k(db)
    .selectFrom("due_work")
    .select((eb) => eb.fn.min("due_at").as("next"))
    .where("state", "=", "pending")
    .where("kind", "=", sql<string>`ANY(${[...kinds]}::text[])`)
    .executeTakeFirst();
  return row?.next ? new Date(row.next) : null;
}

/** A page of work in one state, by due time then id, after the (due time, id) of `after`. */
export async function listDueWork(db: Queryable, filter: { state: DueWorkState; kind?: string | undefined; limit: number; after: [string, string] | null }): Promise<DueWorkRow[]> {
  let query = k(db).selectFrom("due_work").selectAll().where("state", "=", filter.state);
  if (filter.kind) query = query.where("kind", "=", filter.kind);
  if (filter.after) {
    const [dueAt, id] = filter.after;
    query = query.where((eb) => eb.or([eb("due_at", ">", new Date(dueAt)), eb.and([eb("due_at", "=", new Date(dueAt)), eb("id", ">", id)])]));
  }
  return query.orderBy("due_at").orderBy("id").limit(filter.limit).execute();
}

/** The row of this id; `lock`: held until the transaction ends. */
export async function findDueWork(db: Queryable, id: string, lock = false): Promise<DueWorkRow | null> {
  const query = k(db).selectFrom("due_work").selectAll().where("id", "=", id);
  return (await (lock ? query.forUpdate() : query).executeTakeFirst()) ?? null;
}

/** Puts parked work back in the queue, due at `now`, with its attempts counted from zero. */
export async function revive(tx: Queryable, id: string, now: Date): Promise<DueWorkRow | null> {
  const row = await k(tx)
    .updateTable("due_work")
    .set({ state: "pending", due_at: now, attempts: 0, updated_at: now })
    .where("id", "=", id)
    .where("state", "=", "failed")
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}
