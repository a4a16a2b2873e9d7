import type { Ctx } from "../../../platform/context.js";
import type { UserActor } from "../../../platform/actor.js";
import { badRequest, conflict } from "../../../platform/errors.js";
import { findUser } from "../../users/index.js";
import type { CaseRow } from "../repository.js";
import { changeCase } from "./case-command.js";
import { assignAcross } from "../domain/handoff.js";
import { tellAssigned } from "../case-notifications.js";

/** Makes one user of the owning organisation the case's accountable owner; another organisation's user needs a handoff (409 handoff_required). */
export async function assignCase(ctx: Ctx<UserActor>, caseId: string, userId: string): Promise<CaseRow> {
  const { after, events } = await changeCase(ctx, caseId, "case.assign", async (kase) => {
    const user = await findUser(ctx.tx, userId);
    if (!user) throw badRequest("The user does not exist.", [{ path: "body.userId", message: "unknown user" }]);
    if (!user.active) throw conflict("user_inactive", `${user.name} is deactivated and cannot own cases.`);
    const across = assignAcross(kase.owner_organization_id, user.organization_id);
    if (!across.ok) throw conflict("handoff_required", across.reason, [{ path: "body.userId", message: "use POST /api/v1/cases/:id/handoff with a note", organizationId: user.organization_id }]);
    return {
      patch: { ownerUserId: user.id, ownerOrganizationId: user.organization_id },
      events: [
        {
          type: "case.assigned",
          data: { fromUserId: kase.owner_user_id, fromUserName: kase.owner_user_name, toUserId: user.id, toUserName: user.name, organizationId: user.organization_id },
        },
      ],
    };
  });
  // Told unless they took it themselves (notify never tells the actor).
  if (events[0]) await tellAssigned(ctx, after, events[0].id);
  return after;
}
