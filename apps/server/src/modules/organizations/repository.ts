import { sql, type Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { OrganizationsTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
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

export async function listOrganizations(db: Queryable): Promise<OrganizationRow[]> {
  return k(db).selectFrom("organizations").selectAll().orderBy("kind").orderBy("name").execute();
}
