/** Organisations as the API shows them. */
import type { Organization } from "@tandem/contracts";
import { isoRequired } from "../../platform/pagination.js";
import type { OrganizationRow } from "./repository.js";

export const presentOrganization = (r: OrganizationRow): Organization => ({ id: r.id, name: r.name, kind: r.kind, createdAt: isoRequired(r.created_at) });
