import type { CreateOrganizationBody } from "@tandem/contracts";
import type { Ctx } from "../../platform/context.js";
import { conflict } from "../../platform/errors.js";
import { audit } from "../audit/index.js";
import { findOrganizationByName, insertOrganization, lockOrganizationName, type OrganizationRow } from "./repository.js";

/** Creates a department or partner (audited); a name already taken (ignoring case) is 409 naming the holder. */
export async function createOrganization(ctx: Ctx, input: CreateOrganizationBody): Promise<OrganizationRow> {
  await lockOrganizationName(ctx.tx, input.name);
  const existing = await findOrganizationByName(ctx.tx, input.name);
  if (existing) {
    throw conflict("organization_name_taken", `There is already an organization named "${existing.name}".`, [{ id: existing.id, name: existing.name, kind: existing.kind }]);
  }
  const org = await insertOrganization(ctx.tx, input, ctx.now);
  await audit(ctx, { action: "organization.created", subject: { type: "organization", id: org.id }, after: { name: org.name, kind: org.kind }, organizationId: org.id });
  return org;
}
