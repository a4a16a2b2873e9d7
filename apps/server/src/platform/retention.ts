/**
 * Retention: tables that only grow are pruned by one recurring job of the scheduler role. Each
 * rule is a table, a time column and a period: a row whose time is older than the period is
 * deleted (a row whose time is null is kept). Another table is one more line in `retentionRules`.
 */
import { sql, type RawBuilder } from "kysely";
import type { Ctx } from "./context.js";
import type { Env } from "./env.js";
import type { DB } from "./db-types.js";
import { k } from "./kysely.js";
import { metrics } from "./metrics.js";
import type { DueWorkHandlers } from "./due/index.js";

export interface RetentionRule {
  /** For the logs. */
  name: string;
  table: keyof DB & string;
  /** A timestamptz column of `table`. */
  column: string;
  /** Rows are kept this long after `column`. */
  keepMs: number;
  /** Only rows that also meet this condition are pruned. */
  where?: RawBuilder<boolean>;
}

export function retentionRules(env: Pick<Env, "outboxRetentionMs" | "throttleRetentionMs" | "idempotencyKeyRetentionMs" | "sessionRetentionMs">): RetentionRule[] {
  return [
    { name: "published outbox events", table: "outbox", column: "published_at", keepMs: env.outboxRetentionMs },
    { name: "throttle hits", table: "throttle_hits", column: "at", keepMs: env.throttleRetentionMs },
    { name: "idempotency keys", table: "idempotency_keys", column: "created_at", keepMs: env.idempotencyKeyRetentionMs },
    { name: "expired sessions", table: "api_tokens", column: "expires_at", keepMs: env.sessionRetentionMs, where: sql<boolean>`kind = 'session'` },
  ];
}

export const RETENTION_KIND = "platform.retention";
/** How often the job runs; when a rule had more to prune than one batch, it runs again at once. */
export const RETENTION_EVERY_MS = 10 * 60_000;
export const RETENTION_PRUNED = "tandem_retention_rows_pruned_total";
const BATCH = 5000;

/**
 * Deletes, for each rule, up to `batch` rows older than its period at `ctx.now` (oldest first is
 * not promised; every one of them goes eventually). Rows another transaction holds are passed
 * over. Returns how many each rule deleted, and whether any rule may have more.
 */
export async function prune(ctx: Pick<Ctx, "tx" | "now" | "log">, rules: readonly RetentionRule[], batch = BATCH): Promise<{ pruned: Record<string, number>; more: boolean }> {
  const pruned: Record<string, number> = {};
  let more = false;
  for (const rule of rules) {
    const before = new Date(ctx.now.getTime() - rule.keepMs);
    const table = sql.table(rule.table);
    const column = sql.ref(rule.column);
    const extra = rule.where ? sql`AND ${rule.where}` : sql``;
    // By ctid: one statement for any table, whatever its key; the rows are locked, so it stays theirs.
    const result = await sql<{ n: number }>`
      WITH gone AS (
        DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM ${table} WHERE ${column} < ${before} ${extra} LIMIT ${batch} FOR UPDATE SKIP LOCKED))
        RETURNING 1)
      SELECT count(*)::int AS n FROM gone`.execute(k(ctx.tx));
    const n = result.rows[0]?.n ?? 0;
    pruned[rule.name] = n;
    if (n === batch) more = true;
    if (n > 0) {
      metrics.inc(RETENTION_PRUNED, n);
      ctx.log.info({ rule: rule.name, pruned: n, before: before.toISOString() }, "retention pruned rows");
    }
  }
  return { pruned, more };
}

/** Registers the recurring retention job. */
export function addRetention(handlers: DueWorkHandlers, rules: readonly RetentionRule[]): void {
  metrics.describe(RETENTION_PRUNED, "Rows deleted by retention (outbox, login failures, idempotency keys, sessions) in this process.");
  metrics.inc(RETENTION_PRUNED, 0);
  handlers.every(RETENTION_KIND, RETENTION_EVERY_MS, async (ctx) => ({ again: (await prune(ctx, rules)).more }));
}
