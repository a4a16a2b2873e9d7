/** The SQL a repository function sends, and what PostgreSQL does with it (EXPLAIN ANALYZE, BUFFERS). */
import pg from "pg";
import type { Queryable } from "../../apps/server/src/platform/db.js";

/** Runs `send` against a Queryable that answers nothing and returns the one query it sent. */
export async function captureSql(send: (db: Queryable) => Promise<unknown>): Promise<{ sql: string; params: unknown[] }> {
  let caught: { sql: string; params: unknown[] } | null = null;
  const recorder: Queryable = {
    query: async <T>(sql: string, params?: unknown[]) => {
      caught = { sql, params: params ?? [] };
      return [] as T[];
    },
    exec: async () => undefined,
    notify: () => undefined,
  };
  await send(recorder);
  if (!caught) throw new Error("no query was sent");
  return caught;
}

/** EXPLAIN (ANALYZE, BUFFERS) of a query after one unexplained run (the warm cache the timed requests see). */
export async function explainAnalyze(db: pg.Client, query: { sql: string; params: unknown[] }): Promise<{ executionMs: number; plan: string }> {
  await db.query(query.sql, query.params);
  const { rows } = await db.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.params);
  const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
  return { executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN), plan };
}
