import type { Ctx } from "../../../platform/context.js";
import type { UserActor } from "../../../platform/actor.js";
import { badRequest, conflict } from "../../../platform/errors.js";
import { findOrganization } from "../../organizations/index.js";
import { upsertParty, type CaseRow } from "../repository.js";
import { changeCase } from "./case-command.js";

/** Shares a case with a department or partner; sharing again changes the access level. */
export async function addParty(ctx: Ctx<UserActor>, caseId: string, input: { organizationId: string; access: "view" | "contribute" }): Promise<CaseRow> {
  const { after } = await changeCase(ctx, caseId, "case.share", async (kase) => {
    const org = await findOrganization(ctx.tx, input.organizationId);
    if (!org) throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
    if (org.id === kase.owner_organization_id) throw conflict("already_owner", "This organization owns the case already.");
    await upsertParty(ctx.tx, caseId, org.id, input.access, ctx.now);
    return {
      events: [{ type: "party.added", data: { organizationId: org.id, organizationName: org.name, access: input.access } }],
      publish: { type: "case.shared", data: () => ({ organizationId: org.id, access: input.access }) },
    };
  });
  return after;
}
