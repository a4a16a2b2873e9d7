import type { Ctx } from "../../../platform/context.js";
import type { UserActor } from "../../../platform/actor.js";
import { badRequest, conflict, unprocessable } from "../../../platform/errors.js";
import { findUser } from "../../users/index.js";
import { checkPartyAssignee } from "../policies.js";
import { caseFacts, setPartyAssignee, type CaseRow } from "../repository.js";
import { changeCase } from "./case-command.js";

/**
 * A party organisation names its own assignee on a case (or clears it): a user of that
 * organisation, who then finds the case among their own (`GET /cases?ownerId=`). Set by the
 * party's users, the owning organisation's or an admin (`checkPartyAssignee`).
 */
export async function setPartyAssigneeOnCase(ctx: Ctx<UserActor>, caseId: string, organizationId: string, userId: string | null): Promise<CaseRow> {
  const { after } = await changeCase(ctx, caseId, "case.read", async (kase) => {
    checkPartyAssignee(ctx.actor, caseFacts(kase), organizationId);
    const party = kase.parties.find((p) => p.organization_id === organizationId)!;
    let name: string | null = null;
    if (userId !== null) {
      const user = await findUser(ctx.tx, userId);
      if (!user) throw badRequest("The user does not exist.", [{ path: "body.userId", message: "unknown user" }]);
      if (user.organization_id !== organizationId) throw unprocessable("user_not_in_organization", `${user.name} is not a member of ${party.organization_name}.`, [{ path: "body.userId", message: "not a member of this party's organization" }]);
      if (!user.active) throw conflict("user_inactive", `${user.name} is deactivated.`);
      name = user.name;
    }
    if (party.assignee_user_id === userId) return null;
    await setPartyAssignee(ctx.tx, caseId, organizationId, userId);
    return {
      events: [{ type: "party.assignee_set", data: { organizationId, organizationName: party.organization_name, fromUserId: party.assignee_user_id, toUserId: userId, toUserName: name } }],
    };
  });
  return after;
}
