import type { Queryable } from "../../../platform/db.js";
import { actorRef, type UserActor } from "../../../platform/actor.js";
import { badRequest, conflict } from "../../../platform/errors.js";
import { publish, recordCaseEvent } from "../../../platform/events.js";
import { clock } from "../../../platform/clock.js";
import { findOrganization } from "../../organizations/index.js";
import { findCase, type CaseRow } from "../repository.js";
import { loadCaseFor } from "./load-case.js";
import { casePayload } from "./create-case.js";

/** Shares a case with a department or partner; sharing again changes the access level. */
export async function addParty(tx: Queryable, actor: UserActor, caseId: string, input: { organizationId: string; access: "view" | "contribute" }): Promise<CaseRow> {
  const kase = await loadCaseFor(tx, actor, caseId, "case.share", true);
  const org = await findOrganization(tx, input.organizationId);
  if (!org) throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
  if (org.id === kase.owner_organization_id) throw conflict("already_owner", "This organization owns the case already.");
  const now = clock.now();
  await tx.query(
    `INSERT INTO case_parties (case_id, organization_id, access, added_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (case_id, organization_id) DO UPDATE SET access = EXCLUDED.access`,
    [caseId, org.id, input.access, now],
  );
  await tx.query(`UPDATE cases SET updated_at = $2 WHERE id = $1`, [caseId, now]);
  const ref = actorRef(actor);
  await recordCaseEvent(tx, { caseId, customerId: kase.customer_id, type: "party.added", actor: ref, at: now, data: { organizationId: org.id, organizationName: org.name, access: input.access } });
  const after = (await findCase(tx, caseId))!;
  await publish(tx, { type: "case.shared", aggregateType: "case", aggregateId: caseId, actor: ref, payload: { ...casePayload(after), organizationId: org.id, access: input.access } });
  return after;
}
