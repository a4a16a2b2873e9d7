import type { Ctx } from "../../../platform/context.js";
import type { UserActor } from "../../../platform/actor.js";
import { actorRef } from "../../../platform/actor.js";
import { AppError, badRequest, conflict } from "../../../platform/errors.js";
import type { HandoffBody } from "@tandem/contracts";
import { findOrganization } from "../../organizations/index.js";
import { findUser } from "../../users/index.js";
import { decideHandoff } from "../domain/handoff.js";
import { removeParty, upsertParty, type CaseRow } from "../repository.js";
import { changeCase } from "./case-command.js";
import { tellHandedOff } from "../case-notifications.js";

/**
 * Hands a case off to another organisation (or one of its users) with a note: the owner changes,
 * the previous owning organisation stays on the case as a party with `contribute` access, the
 * note becomes the case's `handoff` (the new owner reads it first), a `case.handed_off` event
 * records it, and the new owner — the user, else the organisation's supervisors — is told.
 */
export async function handoffCase(ctx: Ctx<UserActor>, caseId: string, input: HandoffBody): Promise<CaseRow> {
  const { after, events } = await changeCase(ctx, caseId, "case.handoff", async (kase) => {
    const [organization, user] = await Promise.all([
      input.organizationId === undefined ? null : findOrganization(ctx.tx, input.organizationId),
      input.userId === undefined ? null : findUser(ctx.tx, input.userId),
    ]);
    const decision = decideHandoff({
      status: kase.status,
      ownerOrganizationId: kase.owner_organization_id,
      note: input.note,
      ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}),
      ...(input.userId !== undefined ? { userId: input.userId } : {}),
      organization,
      user: user ? { id: user.id, organizationId: user.organization_id, active: user.active, name: user.name } : null,
    });
    if (!decision.ok) {
      if (decision.code === "validation_failed") throw badRequest(decision.reason, [{ path: decision.path ?? "body", message: decision.reason }]);
      if (decision.status === 409) throw conflict(decision.code, decision.reason);
      throw new AppError(decision.status, decision.code, decision.reason, [{ path: decision.path ?? "body", message: decision.reason }]);
    }
    const to = organization ?? (await findOrganization(ctx.tx, decision.toOrganizationId))!;
    // The new owner is no longer a party; the old one becomes one, to keep contributing.
    await removeParty(ctx.tx, caseId, to.id);
    await upsertParty(ctx.tx, caseId, kase.owner_organization_id, "contribute", ctx.now);
    const note = input.note.trim();
    const data = { fromOrganizationId: kase.owner_organization_id, fromOrganizationName: kase.owner_organization_name, toOrganizationId: to.id, toOrganizationName: to.name, toUserId: decision.toUserId, toUserName: user?.name ?? null, fromUserId: kase.owner_user_id, note };
    return {
      patch: {
        ownerOrganizationId: to.id,
        ownerUserId: decision.toUserId,
        handoff: { note, fromOrganizationId: kase.owner_organization_id, fromOrganizationName: kase.owner_organization_name, by: actorRef(ctx.actor), at: ctx.now.toISOString() },
      },
      events: [{ type: "case.handed_off", data }],
      publish: { data: () => ({ fromOrganizationId: data.fromOrganizationId, toOrganizationId: data.toOrganizationId, toUserId: data.toUserId }) },
    };
  });
  if (events[0]) await tellHandedOff(ctx, after, events[0]);
  return after;
}
