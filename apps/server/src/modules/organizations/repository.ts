import { sql, type Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { OrganizationsTable } from "../../platform/db-types.js";
import type { ListOrganizationsQuery } from "@tandem/contracts";
import { escapeLike, k } from "../../platform/kysely.js";
import { decodeCursor, page } from "../../platform/pagination.js";
import { newId } from "../../platform/ids.js";

export type OrganizationRow = Selectable<OrganizationsTable>;

export async function insertOrganization(tx: Queryable, input: { name: string; kind: OrganizationRow["kind"] }, now: Date): Promise<OrganizationRow> {
  return k(tx).insertInto("organizations").values({ id: newId(), name: input.name, kind: input.kind, created_at: now }).returningAll().executeTakeFirstOrThrow();
}

/** The organisation of this name, ignoring case (names are unique that way). */
export async function findOrganizationByName(db: Queryable, name: string): Promise<OrganizationRow | null> {
  return (await k(db).selectFrom("organizations").selectAll().where(sql<string>`lower(name)`, "=", name.toLowerCase()).executeTakeFirst()) ?? null;
}

/** Serialises creating organisations of one name, until the transaction ends. */
export async function lockOrganizationName(tx: Queryable, name: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`organization-name:${name.toLowerCase()}`}))`.execute(k(tx));
}

export async function findOrganization(db: Queryable, id: string): Promise<OrganizationRow | null> {
  return (await k(db).selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

/** A page of organisations, departments before partners, by name. */
export async function listOrganizations(db: Queryable, q: ListOrganizationsQuery) {
  const after = decodeCursor(q.cursor, ["text", "text", "uuid"]);
  let query = k(db).selectFrom("organizations").selectAll().orderBy("kind").orderBy("name").orderBy("id").limit(q.limit + 1);
  if (q.kind) query = query.where("kind", "=", q.kind);
  if (q.q) query = query.where("name", "ilike", `%${escapeLike(q.q)}%`);
  if (after) query = query.where((eb) => eb(eb.refTuple("kind", "name", "id"), ">", eb.tuple(String(after[0]) as OrganizationRow["kind"], String(after[1]), String(after[2]))));
  return page(await query.execute(), q.limit, (r) => [r.kind, r.name, r.id]);
}
