import type { Queryable } from "../../platform/db.js";
import { newId } from "../../platform/ids.js";
import { visibleCaseSql } from "../cases/index.js";
import { searchKey, type NormalisedIdentity } from "./domain/identity.js";

export interface CustomerRow {
  id: string;
  name: string;
  locale: string | null;
  preferred_channel: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface IdentityRow {
  id: string;
  customer_id: string;
  kind: string;
  value: string;
  display: string;
}

export async function insertCustomer(tx: Queryable, input: { name: string; locale?: string | null; preferredChannel?: string | null }, now: Date): Promise<CustomerRow> {
  const rows = await tx.query<CustomerRow>(
    `INSERT INTO customers (id, name, locale, preferred_channel, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
    [newId(), input.name, input.locale ?? null, input.preferredChannel ?? null, now],
  );
  return rows[0]!;
}

export async function insertIdentity(tx: Queryable, customerId: string, identity: NormalisedIdentity, now: Date): Promise<IdentityRow | null> {
  const rows = await tx.query<IdentityRow>(
    `INSERT INTO customer_identities (id, customer_id, kind, value, display, search_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (kind, value) DO NOTHING RETURNING *`,
    [newId(), customerId, identity.kind, identity.value, identity.display, searchKey(identity.kind, identity.display), now],
  );
  return rows[0] ?? null;
}

/** Serialises concurrent find-or-create on the same identities (lock order: sorted keys). */
export async function lockIdentities(tx: Queryable, identities: NormalisedIdentity[]): Promise<void> {
  const keys = [...new Set(identities.map((i) => `${i.kind}:${i.value}`))].sort();
  for (const key of keys) await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
}

export async function findHolders(db: Queryable, identities: NormalisedIdentity[]): Promise<{ kind: string; value: string; customer_id: string }[]> {
  if (identities.length === 0) return [];
  return db.query(
    `SELECT kind, value, customer_id FROM customer_identities WHERE (kind, value) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [identities.map((i) => i.kind), identities.map((i) => i.value)],
  );
}

export async function findCustomer(db: Queryable, id: string): Promise<CustomerRow | null> {
  return (await db.query<CustomerRow>(`SELECT * FROM customers WHERE id = $1`, [id]))[0] ?? null;
}

export async function identitiesOf(db: Queryable, customerIds: string[]): Promise<IdentityRow[]> {
  if (customerIds.length === 0) return [];
  return db.query<IdentityRow>(`SELECT * FROM customer_identities WHERE customer_id = ANY($1::uuid[]) ORDER BY created_at, id`, [customerIds]);
}

/** The customer's last contact moves them up in searches. */
export async function touchCustomer(tx: Queryable, customerId: string, now: Date): Promise<void> {
  await tx.query(`UPDATE customers SET updated_at = $2 WHERE id = $1 AND updated_at < $2`, [customerId, now]);
}

/**
 * Whether the caller sees this customer: staff see everyone (`visibleOrg` null); a partner only
 * the customers of cases it may see, by the cases module's one visibility rule.
 */
export async function customerVisible(db: Queryable, customerId: string, visibleOrg: string | null): Promise<boolean> {
  if (!visibleOrg) return true;
  const rows = await db.query(`SELECT 1 FROM cases c WHERE c.customer_id = $1 AND ${visibleCaseSql("c", "$2")} LIMIT 1`, [customerId, visibleOrg]);
  return rows.length > 0;
}

/**
 * Staff search: by name (substring, trigram-indexed), by any identity value as normalised, by an
 * identity typed without its separators, and by the last 4 or more digits of a phone number.
 */
export async function searchCustomers(
  db: Queryable,
  q: { text: string; identityValues: { kind: string; value: string }[]; compact: string | null; phoneSuffix: string | null; limit: number },
): Promise<CustomerRow[]> {
  return db.query<CustomerRow>(
    `SELECT c.* FROM customers c WHERE c.id IN (
        SELECT customer_id FROM customer_identities WHERE (kind, value) IN (SELECT * FROM unnest($2::text[], $3::text[]))
        UNION SELECT customer_id FROM customer_identities WHERE $5::text IS NOT NULL AND search_key = $5
        UNION (SELECT customer_id FROM customer_identities WHERE $6::text IS NOT NULL AND kind = 'phone' AND reverse(search_key) LIKE reverse($6) || '%' LIMIT 200)
        UNION SELECT id FROM customers WHERE name ILIKE '%' || $1 || '%'
      ) ORDER BY (c.name = $1) DESC, c.updated_at DESC LIMIT $4`,
    [escapeLike(q.text), q.identityValues.map((i) => i.kind), q.identityValues.map((i) => i.value), q.limit, q.compact, q.phoneSuffix],
  );
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface TimelineRow {
  type: "interaction" | "case" | "case_event";
  id: string;
  at: Date;
  payload: Record<string, unknown>;
}

/**
 * One query path for the customer's whole story: interactions, cases and case events, newest
 * first, keyset-paged on (at, id). Each branch is limited before the merge so that the indexes
 * (customer_id, time DESC, id DESC) serve it.
 */
export async function timeline(db: Queryable, customerId: string, visibleOrg: string | null, q: { limit: number; after: [string, string] | null }): Promise<TimelineRow[]> {
  const visibleCase = (alias: string) => visibleCaseSql(alias, "$2");
  const before = (col: string, idCol: string) => `($3::timestamptz IS NULL OR (${col}, ${idCol}) < ($3::timestamptz, $4::uuid))`;
  return db.query<TimelineRow>(
    `SELECT * FROM (
      (SELECT 'interaction' AS type, i.id, i.occurred_at AS at,
              json_build_object('channel', i.channel, 'direction', i.direction, 'organizationId', i.organization_id,
                'organizationName', o.name, 'caseId', i.case_id, 'body', i.body, 'createdAt', i.created_at) AS payload
         FROM interactions i LEFT JOIN organizations o ON o.id = i.organization_id
        WHERE i.customer_id = $1 AND ${before("i.occurred_at", "i.id")}
          AND ($2::uuid IS NULL OR i.organization_id = $2 OR EXISTS (SELECT 1 FROM cases c WHERE c.id = i.case_id AND ${visibleCase("c")}))
        ORDER BY i.occurred_at DESC, i.id DESC LIMIT $5)
      UNION ALL
      (SELECT 'case', c.id, c.created_at,
              json_build_object('number', c.number, 'subject', c.subject, 'status', c.status, 'kind', c.kind, 'channel', c.channel,
                'priority', c.priority, 'ownerOrganizationId', c.owner_organization_id, 'ownerOrganizationName', o.name)
         FROM cases c JOIN organizations o ON o.id = c.owner_organization_id
        WHERE c.customer_id = $1 AND ${before("c.created_at", "c.id")} AND ${visibleCase("c")}
        ORDER BY c.created_at DESC, c.id DESC LIMIT $5)
      UNION ALL
      (SELECT 'case_event', e.id, e.at,
              json_build_object('caseId', e.case_id, 'caseNumber', c.number, 'type', e.type, 'actorType', e.actor_type,
                'actorId', e.actor_id, 'actorName', e.actor_name, 'data', e.data)
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.customer_id = $1 AND e.type NOT IN ('case.created', 'interaction.recorded') AND ${before("e.at", "e.id")} AND ${visibleCase("c")}
        ORDER BY e.at DESC, e.id DESC LIMIT $5)
    ) t ORDER BY at DESC, id DESC LIMIT $5`,
    [customerId, visibleOrg, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit + 1],
  );
}

