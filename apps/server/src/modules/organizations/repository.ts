import type { Organization } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import { newId } from "../../platform/ids.js";
import { isoRequired } from "../../platform/pagination.js";

export interface OrganizationRow {
  id: string;
  name: string;
  kind: "department" | "partner";
  created_at: Date;
}

export const presentOrganization = (r: OrganizationRow): Organization => ({ id: r.id, name: r.name, kind: r.kind, createdAt: isoRequired(r.created_at) });

export async function insertOrganization(tx: Queryable, input: { name: string; kind: "department" | "partner" }): Promise<OrganizationRow> {
  const rows = await tx.query<OrganizationRow>(`INSERT INTO organizations (id, name, kind) VALUES ($1, $2, $3) RETURNING *`, [newId(), input.name, input.kind]);
  return rows[0]!;
}

export async function findOrganization(db: Queryable, id: string): Promise<OrganizationRow | null> {
  const rows = await db.query<OrganizationRow>(`SELECT * FROM organizations WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listOrganizations(db: Queryable): Promise<OrganizationRow[]> {
  return db.query<OrganizationRow>(`SELECT * FROM organizations ORDER BY kind, name`);
}
