import type { Selectable } from "kysely";
import type { Organization } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import type { OrganizationsTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { newId } from "../../platform/ids.js";
import { isoRequired } from "../../platform/pagination.js";

export type OrganizationRow = Selectable<OrganizationsTable>;

export const presentOrganization = (r: OrganizationRow): Organization => ({ id: r.id, name: r.name, kind: r.kind, createdAt: isoRequired(r.created_at) });

export async function insertOrganization(tx: Queryable, input: { name: string; kind: OrganizationRow["kind"] }): Promise<OrganizationRow> {
  return k(tx).insertInto("organizations").values({ id: newId(), name: input.name, kind: input.kind }).returningAll().executeTakeFirstOrThrow();
}

export async function findOrganization(db: Queryable, id: string): Promise<OrganizationRow | null> {
  return (await k(db).selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

export async function listOrganizations(db: Queryable): Promise<OrganizationRow[]> {
  return k(db).selectFrom("organizations").selectAll().orderBy("kind").orderBy("name").execute();
}
