import { clock } from "../../../platform/clock.js";
import type { Queryable } from "../../../platform/db.js";
import { actorRef, type UserActor } from "../../../platform/actor.js";
import { badRequest, conflict } from "../../../platform/errors.js";
import { publish, recordCaseEvent } from "../../../platform/events.js";
import { findUser } from "../../users/index.js";
import { findCase, updateCase, type CaseRow } from "../repository.js";
import { loadCaseFor } from "./load-case.js";
import { casePayload } from "./create-case.js";

/** Makes one user the case's accountable owner; the owning organisation follows the user. */
export async function assignCase(tx: Queryable, actor: UserActor, caseId: string, userId: string): Promise<CaseRow> {
  const kase = await loadCaseFor(tx, actor, caseId, "case.assign", true);
  const user = await findUser(tx, userId);
  if (!user) throw badRequest("The user does not exist.", [{ path: "body.userId", message: "unknown user" }]);
  if (!user.active) throw conflict("user_inactive", `${user.name} is deactivated and cannot own cases.`);
  if (kase.status === "closed") throw conflict("case_closed", "The case is closed.");
  const now = clock.now();
  const ref = actorRef(actor);
  await updateCase(tx, caseId, { ownerUserId: user.id, ownerOrganizationId: user.organization_id }, now);
  await recordCaseEvent(tx, {
    caseId,
    customerId: kase.customer_id,
    type: "case.assigned",
    actor: ref,
    at: now,
    data: { fromUserId: kase.owner_user_id, fromUserName: kase.owner_user_name, toUserId: user.id, toUserName: user.name, organizationId: user.organization_id },
  });
  const after = (await findCase(tx, caseId))!;
  await publish(tx, { type: "case.assigned", aggregateType: "case", aggregateId: caseId, actor: ref, payload: casePayload(after) });
  return after;
}
