/** SQL of imports, identity resolution (blocking keys, decisions, suggestions) and merges. */
import { sql, type Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { CustomerMergesTable, IdentitySuggestionsTable, ImportsTable } from "../../platform/db-types.js";
import { newId } from "../../platform/ids.js";
import { k } from "../../platform/kysely.js";
import type { CustomerRow } from "./repository.js";

export type ImportRow = Selectable<ImportsTable>;
export type SuggestionRow = Selectable<IdentitySuggestionsTable>;
export type MergeRow = Selectable<CustomerMergesTable>;

const json = (value: unknown): string => JSON.stringify(value);

// ------------------------------------------------------------------------------ blocking

export async function addBlockKeys(tx: Queryable, customerId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await k(tx)
    .insertInto("customer_block_keys")
    .values(keys.map((key) => ({ key, customer_id: customerId })))
    .onConflict((oc) => oc.columns(["key", "customer_id"]).doNothing())
    .execute();
}

/**
 * The customers filed under any of the keys, not merged into another, at most `perKey` of each
 * key (a key that everyone shares tells nothing) and `limit` in all.
 */
export async function blockCandidates(db: Queryable, keys: string[], perKey = 100, limit = 200): Promise<CustomerRow[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<CustomerRow>`SELECT c.* FROM customers c WHERE c.merged_into IS NULL AND c.id IN (
      SELECT b.customer_id FROM unnest(${keys}::text[]) AS q(key)
        CROSS JOIN LATERAL (SELECT customer_id FROM customer_block_keys WHERE key = q.key LIMIT ${perKey}) b)
    LIMIT ${limit}`.execute(k(db));
  return rows;
}

// ------------------------------------------------------------------------------ imports

export async function insertImport(
  tx: Queryable,
  row: { source: string; keyColumn: string; mapping: Record<string, string[]>; dateFormat: string; dryRun: boolean; bytesTotal: number | null; createdById: string | null },
  now: Date,
): Promise<ImportRow> {
  return k(tx)
    .insertInto("imports")
    .values({
      id: newId(now.getTime()),
      source: row.source,
      key_column: row.keyColumn,
      mapping: json(row.mapping),
      date_format: row.dateFormat,
      dry_run: row.dryRun,
      status: "running",
      bytes_total: row.bytesTotal,
      created_by_id: row.createdById,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ImportProgress {
  rows: number;
  bytes: number;
  created: number;
  linked: number;
  suggested: number;
  unchanged: number;
  errors: number;
  /** Rows not imported (malformed, no key or name, an invalid identity); the rest of the errors are values left out. */
  rejected: number;
  /** The last line of the last batch written. */
  line: number;
  firstErrors: { line: number; reason: string }[];
}

/** Progress after a batch, with the worker's heartbeat (`now`): an import whose heartbeat stops was interrupted. */
export async function recordImportProgress(tx: Queryable, id: string, p: ImportProgress, finish: { status: "done" | "failed"; at: Date; failure?: string } | null, now: Date): Promise<void> {
  await k(tx)
    .updateTable("imports")
    .set({
      heartbeat_at: now,
      line_reached: p.line,
      rows_read: p.rows,
      bytes_read: p.bytes,
      created_count: p.created,
      linked_count: p.linked,
      suggested_count: p.suggested,
      unchanged_count: p.unchanged,
      error_count: p.errors,
      errors: json(p.firstErrors),
      ...(finish ? { status: finish.status, finished_at: finish.at, failure: finish.failure ?? null } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Marks as interrupted the imports still `running` whose worker has written no heartbeat since
 * `staleBefore` (a server stopped or killed mid-import), except those running in this process.
 */
export async function markInterruptedImports(db: Queryable, staleBefore: Date, now: Date, runningHere: string[], onlyId?: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`UPDATE imports SET status = 'interrupted', finished_at = ${now},
        failure = 'The import stopped at line ' || line_reached || ' when its server stopped. Import the file again to finish it: rows already imported are unchanged.'
      WHERE status = 'running' AND coalesce(heartbeat_at, created_at) < ${staleBefore}
        AND NOT (id = ANY(${runningHere}::uuid[])) AND (${onlyId ?? null}::uuid IS NULL OR id = ${onlyId ?? null}::uuid)
      RETURNING id`.execute(k(db));
  return rows.map((r) => r.id);
}

export async function findImport(db: Queryable, id: string): Promise<ImportRow | null> {
  return (await k(db).selectFrom("imports").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

export async function recordLink(tx: Queryable, row: { source: string; key: string; customerId: string; decision: "new" | "linked" | "suggested"; score: number | null; importId: string | null }): Promise<void> {
  await k(tx)
    .insertInto("import_links")
    .values({ source: row.source, key: row.key, customer_id: row.customerId, decision: row.decision, score: row.score, import_id: row.importId })
    .onConflict((oc) => oc.columns(["source", "key"]).doNothing())
    .execute();
}

/** The link report of a source, in key order, a page at a time. */
export async function linksOf(db: Queryable, source: string, afterKey: string | null, limit: number) {
  // The customer is the survivor when the record's customer was merged.
  let q = k(db)
    .selectFrom("import_links as l")
    .innerJoin("customers as c", "c.id", "l.customer_id")
    .select((eb) => ["l.source", "l.key", eb.fn.coalesce("c.merged_into", "l.customer_id").as("customer_id"), "l.decision", "l.score"])
    .where("l.source", "=", source);
  if (afterKey !== null) q = q.where("l.key", ">", afterKey);
  return q.orderBy("l.key").limit(limit).execute();
}

// ------------------------------------------------------------------------------ suggestions

export async function insertSuggestion(
  tx: Queryable,
  row: { customerId: string; candidateId: string; score: number; reason: "probable_match" | "shared_identity"; explanation: unknown },
  now: Date,
): Promise<void> {
  // One open suggestion per pair (a unique index on the pair, either way round).
  await sql`INSERT INTO identity_suggestions (id, customer_id, candidate_id, score, reason, explanation, status, created_at)
    VALUES (${newId(now.getTime())}, ${row.customerId}, ${row.candidateId}, ${row.score}, ${row.reason}, ${json(row.explanation)}, 'open', ${now})
    ON CONFLICT DO NOTHING`.execute(k(tx));
}

export async function openSuggestions(db: Queryable, q: { limit: number; after: [number, string] | null }): Promise<SuggestionRow[]> {
  let query = k(db).selectFrom("identity_suggestions").selectAll().where("status", "=", "open");
  if (q.after) {
    const [score, id] = q.after;
    query = query.where((eb) => eb.or([eb("score", "<", score), eb.and([eb("score", "=", score), eb("id", ">", id)])]));
  }
  return query.orderBy("score", "desc").orderBy("id").limit(q.limit + 1).execute();
}

export async function findSuggestionForUpdate(tx: Queryable, id: string): Promise<SuggestionRow | null> {
  return (await k(tx).selectFrom("identity_suggestions").selectAll().where("id", "=", id).forUpdate().executeTakeFirst()) ?? null;
}

export async function decideSuggestion(tx: Queryable, id: string, status: "accepted" | "rejected", by: string | null, at: Date, mergeId: string | null): Promise<SuggestionRow> {
  return k(tx)
    .updateTable("identity_suggestions")
    .set({ status, decided_by_id: by, decided_at: at, merge_id: mergeId })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Open suggestions about a customer are settled when it is merged away. */
export async function closeSuggestionsOf(tx: Queryable, customerIds: string[], by: string | null, at: Date, mergeId: string): Promise<void> {
  await k(tx)
    .updateTable("identity_suggestions")
    .set({ status: "accepted", decided_by_id: by, decided_at: at, merge_id: mergeId })
    .where("status", "=", "open")
    .where("customer_id", "in", customerIds)
    .where("candidate_id", "in", customerIds)
    .execute();
}

// ------------------------------------------------------------------------------ merges

export async function insertMerge(tx: Queryable, row: { survivorId: string; mergedId: string; survivorBefore: unknown; reason: string | null; createdById: string | null }, now: Date): Promise<MergeRow> {
  return k(tx)
    .insertInto("customer_merges")
    .values({ id: newId(now.getTime()), survivor_id: row.survivorId, merged_id: row.mergedId, survivor_before: json(row.survivorBefore), reason: row.reason, created_at: now, created_by_id: row.createdById })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findMergeForUpdate(tx: Queryable, id: string): Promise<MergeRow | null> {
  return (await k(tx).selectFrom("customer_merges").selectAll().where("id", "=", id).forUpdate().executeTakeFirst()) ?? null;
}

export async function markUnmerged(tx: Queryable, id: string, by: string | null, at: Date): Promise<MergeRow> {
  return k(tx).updateTable("customer_merges").set({ unmerged_at: at, unmerged_by_id: by }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export async function setMergedInto(tx: Queryable, customerId: string, survivorId: string | null, now: Date): Promise<void> {
  await k(tx).updateTable("customers").set({ merged_into: survivorId, updated_at: now }).where("id", "=", customerId).execute();
}

/** Locks customers in id order (a merge and an unmerge of the same pair never deadlock). */
export async function lockCustomers(tx: Queryable, ids: string[]): Promise<CustomerRow[]> {
  return k(tx).selectFrom("customers").selectAll().where("id", "in", ids).orderBy("id").forUpdate().execute();
}
