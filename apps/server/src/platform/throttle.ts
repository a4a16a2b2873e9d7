/**
 * Budgets that hold under concurrency and across processes: "at most `limit` attempts per key in
 * any `windowMs`". An attempt is counted in the database BEFORE the work it guards (a password
 * check, a partner's identity look-up), under a transaction-scoped lock per key, so parallel
 * requests — in one process or in many — queue on the key and the budget can never be
 * overdrawn. A refused attempt writes nothing. A successful sign-in may give its slot back
 * (`refundAttempt`): only failures use the budget up.
 */
import { sql } from "kysely";
import type { Db, Queryable } from "./db.js";
import { k } from "./kysely.js";
import { newId } from "./ids.js";

export interface Budget {
  /** What is counted, e.g. `login:account:<e-mail>`. */
  key: string;
  limit: number;
  windowMs: number;
}

export interface KeyUsage {
  /** Attempts already counted in the window. */
  used: number;
  /** The oldest of them, or null. */
  oldest: Date | null;
}

export type Verdict =
  | { ok: true; /** Budgets this attempt uses up: the next one is refused (a lockout to record). */ exhausted: Budget[] }
  | { ok: false; budget: Budget; retryAfterSeconds: number };

/**
 * Pure decision over what each budget has used: refused by the first budget that is full, with
 * the seconds until its oldest attempt leaves the window; else allowed.
 */
export function judge(budgets: readonly Budget[], usage: readonly KeyUsage[], now: Date): Verdict {
  for (const [i, budget] of budgets.entries()) {
    const { used, oldest } = usage[i]!;
    if (used >= budget.limit) {
      const freeAt = (oldest ?? now).getTime() + budget.windowMs;
      return { ok: false, budget, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
    }
  }
  return { ok: true, exhausted: budgets.filter((b, i) => usage[i]!.used + 1 >= b.limit) };
}

export type Taken = (Verdict & { ok: true; attempt: string }) | (Verdict & { ok: false });

/** Counts one attempt against every budget, or none if one of them is full. */
export async function takeAttempt(db: Db, budgets: readonly Budget[], now: Date): Promise<Taken> {
  return db.transaction(async (tx) => {
    // Locks in a fixed order, so two attempts sharing keys never deadlock.
    for (const key of [...new Set(budgets.map((b) => b.key))].sort()) await sql`SELECT pg_advisory_xact_lock(hashtext(${`throttle:${key}`}))`.execute(k(tx));
    const usage: KeyUsage[] = [];
    for (const budget of budgets) usage.push(await usageOf(tx, budget, now));
    const verdict = judge(budgets, usage, now);
    if (!verdict.ok) return verdict;
    const attempt = newId();
    await k(tx)
      .insertInto("throttle_hits")
      .values(budgets.map((b) => ({ key: b.key, attempt, at: now })))
      .execute();
    return { ...verdict, attempt };
  });
}

async function usageOf(tx: Queryable, budget: Budget, now: Date): Promise<KeyUsage> {
  const since = new Date(now.getTime() - budget.windowMs);
  // What has left the window is of no more use: the key's old rows go as it is used.
  await k(tx).deleteFrom("throttle_hits").where("key", "=", budget.key).where("at", "<=", since).execute();
  const row = await k(tx)
    .selectFrom("throttle_hits")
    .select((eb) => [eb.fn.countAll<number>().as("used"), eb.fn.min("at").as("oldest")])
    .where("key", "=", budget.key)
    .executeTakeFirstOrThrow();
  return { used: Number(row.used), oldest: row.oldest ? new Date(row.oldest) : null };
}

/** Gives an attempt's slots back (a sign-in that succeeded). */
export async function refundAttempt(tx: Queryable, attempt: string): Promise<void> {
  await k(tx).deleteFrom("throttle_hits").where("attempt", "=", attempt).execute();
}

/** Forgets a key's attempts (the failures of an account on an address, once it signs in there). */
export async function clearAttempts(tx: Queryable, key: string): Promise<void> {
  await k(tx).deleteFrom("throttle_hits").where("key", "=", key).execute();
}
