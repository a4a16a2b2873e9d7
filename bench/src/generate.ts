/**
 * Rows made in the database by `INSERT … SELECT … FROM generate_series`, in batches: shared by the
 * timeline's loader and the scale loader.
 */
import type pg from "pg";

/** The id of generated customer number `n` (an SQL expression), so later statements can refer to it. */
export const generatedCustomerId = (prefix: string, n: string) => `md5('${prefix}-customer-' || (${n}))::uuid`;

/** Inserts customers 1…`count` named "<Prefix> customer <n>", made `ageDays` ago. */
export async function generateCustomers(db: pg.Client, prefix: string, count: number, ageDays: number): Promise<void> {
  const name = `${prefix[0]!.toUpperCase()}${prefix.slice(1)} customer `;
  await db.query(
    `INSERT INTO customers (id, name, created_at, updated_at)
     SELECT ${generatedCustomerId(prefix, "g")}, '${name}' || g, now() - interval '${ageDays} days', now() - interval '${ageDays} days'
       FROM generate_series(1, $1::int) g`,
    [count],
  );
}

/** Calls `insert(from, to)` for 1…`total` in batches of `batch` rows (the last one shorter). */
export async function inBatches(total: number, batch: number, insert: (from: number, to: number) => Promise<void>): Promise<void> {
  for (let from = 1; from <= total; from += batch) await insert(from, Math.min(total, from + batch - 1));
}
