import { sql, type Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { CustomerIdentitiesTable, CustomersTable } from "../../platform/db-types.js";
import { newId } from "../../platform/ids.js";
import { escapeLike, k, prepare } from "../../platform/kysely.js";
import { readableEvent, visibleCase, type EventReader } from "../cases/index.js";
import { searchKey, type NormalisedIdentity } from "./domain/identity.js";
import { profileColumns, type ProfileColumns } from "./domain/profile.js";

export type CustomerRow = Selectable<CustomersTable>;
export type IdentityRow = Selectable<CustomerIdentitiesTable>;

const json = (value: unknown): string => JSON.stringify(value);

export async function insertCustomer(
  tx: Queryable,
  input: { name: string; locale?: string | null; preferredChannel?: string | null; profile?: ProfileColumns },
  now: Date,
): Promise<CustomerRow> {
  const profile = input.profile ?? profileColumns({}, {});
  return k(tx)
    .insertInto("customers")
    .values({
      id: newId(),
      name: input.name,
      locale: input.locale ?? null,
      preferred_channel: input.preferredChannel ?? null,
      given_name: profile.given_name,
      family_name: profile.family_name,
      birth_date: profile.birth_date,
      address: profile.address === null ? null : json(profile.address),
      profile_sources: json(profile.profile_sources),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Writes a customer's profile columns (and name, when given). */
export async function updateProfile(tx: Queryable, customerId: string, profile: ProfileColumns, now: Date, name?: string): Promise<void> {
  await k(tx)
    .updateTable("customers")
    .set({
      given_name: profile.given_name,
      family_name: profile.family_name,
      birth_date: profile.birth_date,
      address: profile.address === null ? null : json(profile.address),
      profile_sources: json(profile.profile_sources),
      updated_at: now,
      ...(name !== undefined ? { name } : {}),
    })
    .where("id", "=", customerId)
    .execute();
}

export async function insertIdentity(tx: Queryable, customerId: string, identity: NormalisedIdentity, now: Date): Promise<IdentityRow | null> {
  const row = await k(tx)
    .insertInto("customer_identities")
    .values({ id: newId(), customer_id: customerId, kind: identity.kind, value: identity.value, display: identity.display, search_key: searchKey(identity.kind, identity.display), created_at: now })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Serialises concurrent find-or-create on the same identities (lock order: sorted keys). */
export async function lockIdentities(tx: Queryable, identities: NormalisedIdentity[]): Promise<void> {
  const keys = [...new Set(identities.map((i) => `${i.kind}:${i.value}`))].sort();
  for (const key of keys) await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(k(tx));
}

export async function findHolders(db: Queryable, identities: NormalisedIdentity[]): Promise<Pick<IdentityRow, "kind" | "value" | "customer_id">[]> {
  if (identities.length === 0) return [];
  return k(db)
    .selectFrom("customer_identities")
    .select(["kind", "value", "customer_id"])
    .where((eb) => eb(eb.refTuple("kind", "value"), "in", identities.map((i) => eb.tuple(i.kind, i.value))))
    .execute();
}

const customerById = prepare((db, p: { id: string }) => db.selectFrom("customers").selectAll().where("id", "=", p.id));

export async function findCustomer(db: Queryable, id: string): Promise<CustomerRow | null> {
  return (await customerById.executeTakeFirst(db, { id })) ?? null;
}

export async function identitiesOf(db: Queryable, customerIds: string[]): Promise<IdentityRow[]> {
  if (customerIds.length === 0) return [];
  return k(db).selectFrom("customer_identities").selectAll().where("customer_id", "in", customerIds).orderBy("created_at").orderBy("id").execute();
}

/** The survivor a merged customer's reads follow to (the customer itself when not merged). */
export async function survivorOf(db: Queryable, customerId: string): Promise<string> {
  let id = customerId;
  for (let hops = 0; hops < 50; hops++) {
    const row = await k(db).selectFrom("customers").select("merged_into").where("id", "=", id).executeTakeFirst();
    if (!row?.merged_into) return id;
    id = row.merged_into;
  }
  return id;
}

/** Each customer with every customer merged into it, directly or through another merge: [survivor, merged…]. */
export async function mergeGroups(db: Queryable, customerIds: string[]): Promise<Map<string, string[]>> {
  const groups = new Map(customerIds.map((id) => [id, [id]]));
  if (customerIds.length === 0) return groups;
  const { rows } = await sql<{ root: string; id: string }>`WITH RECURSIVE g(root, id) AS (
      SELECT c.merged_into, c.id FROM customers c WHERE c.merged_into = ANY(${customerIds}::uuid[])
      UNION SELECT g.root, c.id FROM customers c JOIN g ON c.merged_into = g.id)
    SELECT root, id FROM g`.execute(k(db));
  for (const r of rows) groups.get(r.root)?.push(r.id);
  return groups;
}

/** The merges into these customers that are in force, newest first. */
export async function mergesInto(db: Queryable, customerIds: string[]) {
  if (customerIds.length === 0) return [];
  return k(db)
    .selectFrom("customer_merges as m")
    .innerJoin("customers as c", "c.id", "m.merged_id")
    .select(["m.id", "m.survivor_id", "m.merged_id", "m.created_at", "c.name"])
    .where("m.survivor_id", "in", customerIds)
    .where("m.unmerged_at", "is", null)
    .orderBy("m.created_at", "desc")
    .orderBy("m.id", "desc")
    .execute();
}

const touch = prepare((db, p: { id: string; now: Date }) => db.updateTable("customers").set({ updated_at: p.now }).where("id", "=", p.id).where("updated_at", "<", p.now));

/** The customer's last contact moves them up in searches. */
export async function touchCustomer(tx: Queryable, customerId: string, now: Date): Promise<void> {
  await touch.execute(tx, { id: customerId, now });
}

/**
 * Whether the caller sees this customer: staff see everyone (`visibleOrg` null); a partner only
 * the customers of cases it may see, by the cases module's one visibility rule.
 */
export async function customerVisible(db: Queryable, customerId: string, visibleOrg: string | null): Promise<boolean> {
  if (!visibleOrg) return true;
  // Built per call, not prepared at import: the cases module imports this one, so visibleCase is not there yet.
  const row = await k(db).selectFrom("cases as c").select("c.id").where("c.customer_id", "=", customerId).where(visibleCase("c", visibleOrg)).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Staff search: by name (substring, trigram-indexed), by any identity value as normalised, by an
 * identity typed without its separators, and by the last 4 or more digits of a phone number.
 * A template: a union of four index lookups, one of them limited, is clearer in SQL.
 */
export async function searchCustomers(
  db: Queryable,
  q: { text: string; identityValues: { kind: string; value: string }[]; compact: string | null; phoneSuffix: string | null; limit: number; visibleOrg?: string | null },
): Promise<CustomerRow[]> {
  const org = q.visibleOrg ?? null;
  const text = escapeLike(q.text);
  const { rows } = await sql<CustomerRow>`SELECT c.* FROM customers c WHERE c.id IN (
        SELECT customer_id FROM customer_identities
         WHERE (kind, value) IN (SELECT * FROM unnest(${q.identityValues.map((i) => i.kind)}::text[], ${q.identityValues.map((i) => i.value)}::text[]))
        UNION SELECT customer_id FROM customer_identities WHERE ${q.compact}::text IS NOT NULL AND search_key = ${q.compact}
        UNION (SELECT customer_id FROM customer_identities
                WHERE ${q.phoneSuffix}::text IS NOT NULL AND kind = 'phone' AND reverse(search_key) LIKE reverse(${q.phoneSuffix}) || '%' LIMIT 200)
        UNION SELECT id FROM customers WHERE name ILIKE '%' || ${text} || '%'
      ) AND (${org}::uuid IS NULL OR EXISTS (SELECT 1 FROM cases vc WHERE vc.customer_id = c.id AND ${visibleCase("vc", org)}))
      ORDER BY (c.name = ${text}) DESC, c.updated_at DESC LIMIT ${q.limit}`.execute(k(db));
  return rows;
}

export interface TimelineRow {
  type: "interaction" | "case" | "case_event" | "merge";
  id: string;
  at: Date;
  payload: Record<string, unknown>;
}

/**
 * One query path for the customer's whole story: interactions, cases and case events, newest
 * first, keyset-paged on (at, id). Each branch is limited before the merge so that the indexes
 * (customer_id, time DESC, id DESC) serve it: a template, as Kysely would not keep that shape.
 */
export async function timeline(db: Queryable, customerIds: string[], visibleOrg: string | null, q: { limit: number; after: [string, string] | null; reader: EventReader }): Promise<TimelineRow[]> {
  const [afterAt, afterId] = q.after ?? [null, null];
  const limit = q.limit + 1;
  const before = (at: string, id: string) =>
    sql`(${afterAt}::timestamptz IS NULL OR (${sql.ref(at)}, ${sql.ref(id)}) < (${afterAt}::timestamptz, ${afterId}::uuid))`;
  const { rows } = await sql<TimelineRow>`SELECT * FROM (
      (SELECT 'interaction' AS type, i.id, i.occurred_at AS at,
              json_build_object('customerId', i.customer_id, 'channel', i.channel, 'direction', i.direction, 'organizationId', i.organization_id,
                'organizationName', o.name, 'caseId', i.case_id, 'body', i.body, 'createdAt', i.created_at) AS payload
         FROM interactions i LEFT JOIN organizations o ON o.id = i.organization_id
        WHERE i.customer_id = ANY(${customerIds}::uuid[]) AND ${before("i.occurred_at", "i.id")}
          AND (${visibleOrg}::uuid IS NULL OR i.organization_id = ${visibleOrg}::uuid
               OR EXISTS (SELECT 1 FROM cases c WHERE c.id = i.case_id AND ${visibleCase("c", visibleOrg)}))
        ORDER BY i.occurred_at DESC, i.id DESC LIMIT ${limit})
      UNION ALL
      (SELECT 'case', c.id, c.created_at,
              json_build_object('number', c.number, 'subject', c.subject, 'status', c.status, 'kind', c.kind, 'channel', c.channel,
                'priority', c.priority, 'ownerOrganizationId', c.owner_organization_id, 'ownerOrganizationName', o.name)
         FROM cases c JOIN organizations o ON o.id = c.owner_organization_id
        WHERE c.customer_id = ANY(${customerIds}::uuid[]) AND ${before("c.created_at", "c.id")} AND ${visibleCase("c", visibleOrg)}
        ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit})
      UNION ALL
      (SELECT 'case_event', e.id, e.at,
              json_build_object('caseId', e.case_id, 'caseNumber', c.number, 'type', e.type, 'actorType', e.actor_type,
                'actorId', e.actor_id, 'actorName', e.actor_name, 'data', e.data)
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.customer_id = ANY(${customerIds}::uuid[]) AND e.type NOT IN ('case.created', 'interaction.recorded') AND ${before("e.at", "e.id")} AND ${visibleCase("c", visibleOrg)}
          AND ${readableEvent("e", q.reader)}
        ORDER BY e.at DESC, e.id DESC LIMIT ${limit})
      UNION ALL
      (SELECT 'merge', m.id, m.created_at,
              json_build_object('action', 'merged', 'mergeId', m.id, 'survivorId', m.survivor_id, 'mergedId', m.merged_id, 'mergedName', c.name, 'actorName', u.name)
         FROM customer_merges m JOIN customers c ON c.id = m.merged_id LEFT JOIN users u ON u.id = m.created_by_id
        WHERE ${visibleOrg}::uuid IS NULL AND (m.survivor_id = ANY(${customerIds}::uuid[]) OR m.merged_id = ANY(${customerIds}::uuid[])) AND ${before("m.created_at", "m.id")}
        ORDER BY m.created_at DESC, m.id DESC LIMIT ${limit})
      UNION ALL
      (SELECT 'merge', md5(m.id::text || ':unmerged')::uuid, m.unmerged_at,
              json_build_object('action', 'unmerged', 'mergeId', m.id, 'survivorId', m.survivor_id, 'mergedId', m.merged_id, 'mergedName', c.name, 'actorName', u.name)
         FROM customer_merges m JOIN customers c ON c.id = m.merged_id LEFT JOIN users u ON u.id = m.unmerged_by_id
        WHERE ${visibleOrg}::uuid IS NULL AND m.unmerged_at IS NOT NULL AND (m.survivor_id = ANY(${customerIds}::uuid[]) OR m.merged_id = ANY(${customerIds}::uuid[]))
          AND (${afterAt}::timestamptz IS NULL OR (m.unmerged_at, md5(m.id::text || ':unmerged')::uuid) < (${afterAt}::timestamptz, ${afterId}::uuid))
        ORDER BY m.unmerged_at DESC LIMIT ${limit})
    ) t ORDER BY at DESC, id DESC LIMIT ${limit}`.execute(k(db));
  return rows;
}

/** A flag on a customer (`serial_claimant`), with why, when and by whom it was set. */
export interface CustomerFlagRow {
  flag: string;
  reason: string;
  at: string;
  by: string | null;
}

export const flagsOf = (c: Pick<CustomerRow, "flags">): CustomerFlagRow[] => (Array.isArray(c.flags) ? (c.flags as unknown as CustomerFlagRow[]) : []);

/** Sets a flag on the customer unless it is set already; true when it was set now. */
export async function setCustomerFlag(tx: Queryable, customerId: string, flag: CustomerFlagRow, now: Date): Promise<boolean> {
  const result = await sql<{ id: string }>`
    UPDATE customers SET flags = flags || ${JSON.stringify([flag])}::jsonb, updated_at = ${now}
     WHERE id = ${customerId} AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(flags) f WHERE f->>'flag' = ${flag.flag})
    RETURNING id`.execute(k(tx));
  return result.rows.length > 0;
}

/** Clears a flag; the flag as it was, or null when it was not set. */
export async function clearCustomerFlag(tx: Queryable, customerId: string, flag: string, now: Date): Promise<CustomerFlagRow | null> {
  const row = await k(tx).selectFrom("customers").select("flags").where("id", "=", customerId).forUpdate().executeTakeFirst();
  const was = row ? flagsOf(row).find((f) => f.flag === flag) : undefined;
  if (!row || !was) return null;
  await k(tx)
    .updateTable("customers")
    .set({ flags: JSON.stringify(flagsOf(row).filter((f) => f.flag !== flag)), updated_at: now })
    .where("id", "=", customerId)
    .execute();
  return was;
}
