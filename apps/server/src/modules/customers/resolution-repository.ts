/**
 * Set-based SQL of identity resolution: a batch of imported records is looked up, and its
 * decisions written, in a handful of statements whatever its size (arrays through `unnest`),
 * instead of about ten round trips per record.
 */
import { sql } from "kysely";
import type { Queryable } from "../../platform/db.js";
import { k } from "../../platform/kysely.js";
import { searchKey, type NormalisedIdentity } from "./domain/identity.js";
import type { CustomerRow } from "./repository.js";

const text = (values: (string | null)[]) => sql`${values}::text[]`;

/** Serialises concurrent resolution of the same identities, in one statement (lock order: sorted keys, as `lockIdentities`). */
export async function lockIdentityKeys(tx: Queryable, identities: NormalisedIdentity[]): Promise<void> {
  const keys = [...new Set(identities.map((i) => `${i.kind}:${i.value}`))].sort();
  if (keys.length === 0) return;
  await sql`SELECT count(pg_advisory_xact_lock(hashtext(key))) FROM (SELECT key FROM unnest(${text(keys)}) AS q(key) ORDER BY key) s`.execute(k(tx));
}

export interface HolderRow {
  kind: string;
  value: string;
  customer_id: string;
  /** The customer reads follow to (itself unless merged). */
  survivor_id: string;
}

/** Who holds each of the identities, with the survivor each holder's reads follow to. */
export async function holdersOf(db: Queryable, identities: NormalisedIdentity[]): Promise<HolderRow[]> {
  if (identities.length === 0) return [];
  const { rows } = await sql<HolderRow>`WITH RECURSIVE h AS (
        SELECT i.kind, i.value, i.customer_id FROM customer_identities i
          JOIN unnest(${text(identities.map((i) => i.kind))}, ${text(identities.map((i) => i.value))}) AS q(kind, value) ON i.kind = q.kind AND i.value = q.value),
      s(customer_id, at, hops) AS (
        SELECT DISTINCT customer_id, customer_id, 0 FROM h
        UNION ALL SELECT s.customer_id, c.merged_into, s.hops + 1 FROM s JOIN customers c ON c.id = s.at WHERE c.merged_into IS NOT NULL AND s.hops < 50)
    SELECT DISTINCT ON (h.kind, h.value, h.customer_id) h.kind, h.value, h.customer_id, s.at AS survivor_id
      FROM h JOIN s ON s.customer_id = h.customer_id ORDER BY h.kind, h.value, h.customer_id, s.hops DESC`.execute(k(db));
  return rows;
}

/**
 * The customers filed under each key, with the key they were found under: one index scan per
 * key. The caller keeps at most a few of a key (a key that everyone shares tells nothing) and
 * leaves out customers merged away (`customersById` says which).
 */
export async function blockMembers(db: Queryable, keys: string[]): Promise<{ key: string; customer_id: string }[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<{ key: string; customer_id: string }>`SELECT key, customer_id FROM customer_block_keys WHERE key = ANY(${text(keys)})`.execute(k(db));
  return rows;
}

export async function customersById(db: Queryable, ids: string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<CustomerRow>`SELECT c.* FROM customers c WHERE c.id = ANY(${ids}::uuid[])`.execute(k(db));
  return rows;
}

export interface NewCustomer {
  id: string;
  name: string;
  given_name: string | null;
  family_name: string | null;
  birth_date: string | null;
  address: unknown;
  profile_sources: unknown;
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export async function insertCustomers(tx: Queryable, rows: NewCustomer[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`INSERT INTO customers (id, name, given_name, family_name, birth_date, address, profile_sources, created_at, updated_at)
    SELECT id, name, given_name, family_name, birth_date, address::jsonb, profile_sources::jsonb, ${now}, ${now}
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${text(rows.map((r) => r.name))}, ${text(rows.map((r) => r.given_name))}, ${text(rows.map((r) => r.family_name))},
                  ${text(rows.map((r) => r.birth_date))}, ${text(rows.map((r) => json(r.address)))}, ${text(rows.map((r) => json(r.profile_sources) ?? "{}"))})
        AS v(id, name, given_name, family_name, birth_date, address, profile_sources)`.execute(k(tx));
}

/** Writes the profile columns of existing customers (what a linked record filled in). */
export async function updateProfiles(tx: Queryable, rows: Omit<NewCustomer, "name">[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`UPDATE customers c SET given_name = v.given_name, family_name = v.family_name, birth_date = v.birth_date,
           address = v.address::jsonb, profile_sources = v.profile_sources::jsonb, updated_at = ${now}
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${text(rows.map((r) => r.given_name))}, ${text(rows.map((r) => r.family_name))}, ${text(rows.map((r) => r.birth_date))},
                  ${text(rows.map((r) => json(r.address)))}, ${text(rows.map((r) => json(r.profile_sources) ?? "{}"))})
        AS v(id, given_name, family_name, birth_date, address, profile_sources)
     WHERE c.id = v.id`.execute(k(tx));
}

export interface NewIdentity {
  id: string;
  customerId: string;
  identity: NormalisedIdentity;
  shared: boolean;
}

/** Inserts identities; one already held (by anyone, unless both are shared) is left as it is. */
export async function insertIdentities(tx: Queryable, rows: NewIdentity[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`INSERT INTO customer_identities (id, customer_id, kind, value, display, search_key, shared, created_at)
    SELECT id, customer_id, kind, value, display, search_key, shared, ${now}
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.customerId)}::uuid[], ${text(rows.map((r) => r.identity.kind))}, ${text(rows.map((r) => r.identity.value))},
                  ${text(rows.map((r) => r.identity.display))}, ${text(rows.map((r) => searchKey(r.identity.kind, r.identity.display)))}, ${rows.map((r) => r.shared)}::boolean[])
        AS v(id, customer_id, kind, value, display, search_key, shared)
    ON CONFLICT DO NOTHING`.execute(k(tx));
}

/** Marks identities as shared (a family's landline): several customers may then hold them. */
export async function markShared(tx: Queryable, identities: NormalisedIdentity[]): Promise<void> {
  if (identities.length === 0) return;
  await sql`UPDATE customer_identities i SET shared = true
      FROM unnest(${text(identities.map((i) => i.kind))}, ${text(identities.map((i) => i.value))}) AS q(kind, value)
     WHERE i.kind = q.kind AND i.value = q.value AND NOT i.shared`.execute(k(tx));
}

export async function insertBlockKeys(tx: Queryable, rows: { key: string; customerId: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`INSERT INTO customer_block_keys (key, customer_id)
    SELECT * FROM unnest(${text(rows.map((r) => r.key))}, ${rows.map((r) => r.customerId)}::uuid[]) ON CONFLICT DO NOTHING`.execute(k(tx));
}

export interface NewLink {
  source: string;
  key: string;
  customerId: string;
  decision: "new" | "linked" | "suggested";
  score: number | null;
  importId: string | null;
}

export async function insertLinks(tx: Queryable, rows: NewLink[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`INSERT INTO import_links (source, key, customer_id, decision, score, import_id)
    SELECT * FROM unnest(${text(rows.map((r) => r.source))}, ${text(rows.map((r) => r.key))}, ${rows.map((r) => r.customerId)}::uuid[], ${text(rows.map((r) => r.decision))},
                         ${rows.map((r) => r.score)}::float8[], ${rows.map((r) => r.importId)}::uuid[])
    ON CONFLICT DO NOTHING`.execute(k(tx));
}

export interface NewSuggestion {
  id: string;
  customerId: string;
  candidateId: string;
  score: number;
  reason: "probable_match" | "shared_identity";
  explanation: unknown;
}

/** One open suggestion per pair (a unique index on the pair, either way round): the first stays. */
export async function insertSuggestions(tx: Queryable, rows: NewSuggestion[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`INSERT INTO identity_suggestions (id, customer_id, candidate_id, score, reason, explanation, status, created_at)
    SELECT id, customer_id, candidate_id, score, reason, explanation::jsonb, 'open', ${now}
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.customerId)}::uuid[], ${rows.map((r) => r.candidateId)}::uuid[], ${rows.map((r) => r.score)}::float8[],
                  ${text(rows.map((r) => r.reason))}, ${text(rows.map((r) => JSON.stringify(r.explanation)))})
        AS v(id, customer_id, candidate_id, score, reason, explanation)
    ON CONFLICT DO NOTHING`.execute(k(tx));
}

/** The records customers were resolved from; a merged customer's count as its survivor's. */
export async function matchRecordsOf(db: Queryable, customerIds: string[]): Promise<{ customer_id: string; record: unknown }[]> {
  if (customerIds.length === 0) return [];
  const { rows } = await sql<{ customer_id: string; record: unknown }>`
      SELECT m.customer_id, m.record FROM customer_match_records m WHERE m.customer_id = ANY(${customerIds}::uuid[])
      UNION ALL
      SELECT c.merged_into, m.record FROM customers c JOIN customer_match_records m ON m.customer_id = c.id WHERE c.merged_into = ANY(${customerIds}::uuid[])`.execute(k(db));
  return rows;
}

export async function insertMatchRecords(tx: Queryable, rows: { customerId: string; source: string; key: string; record: unknown }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`INSERT INTO customer_match_records (customer_id, source, key, record)
    SELECT customer_id, source, key, record::jsonb
      FROM unnest(${rows.map((r) => r.customerId)}::uuid[], ${text(rows.map((r) => r.source))}, ${text(rows.map((r) => r.key))}, ${text(rows.map((r) => JSON.stringify(r.record)))})
        AS v(customer_id, source, key, record)
    ON CONFLICT DO NOTHING`.execute(k(tx));
}

/**
 * An import's batch does not wait for its commit to reach the disk: a crash loses at most the
 * last batches, which re-running the file (idempotent) imports again; the database stays consistent.
 */
export async function commitWithoutWaiting(tx: Queryable): Promise<void> {
  await sql`SET LOCAL synchronous_commit = off`.execute(k(tx));
}
