import type { Queryable } from "../../../platform/db.js";
import type { Actor } from "../../../platform/actor.js";
import { forbidden, notFound } from "../../../platform/errors.js";
import { caseAccess, can, type Action } from "../../../platform/policies.js";
import { accessFacts, findCase, type CaseRow } from "../repository.js";

/**
 * Loads a case for an action, locked for update when it will change. A case the actor may not
 * see is "not found" (its existence is not revealed); one they see but may not change is 403.
 */
export async function loadCaseFor(tx: Queryable, actor: Actor, caseId: string, action: Action, forUpdate = false): Promise<CaseRow> {
  const kase = await findCase(tx, caseId, { forUpdate });
  if (!kase) throw notFound("Case");
  if (actor.type === "customer") {
    if (actor.caseId !== kase.id) throw notFound("Case");
    return kase;
  }
  const facts = accessFacts(kase);
  if (caseAccess(actor, facts) === null) throw notFound("Case");
  if (!can(actor, action, facts)) throw forbidden();
  return kase;
}
