/**
 * A supervisor or admin approves or declines a remedy, always with a written reason. Approving a
 * declined remedy is an override. Each decision is a case event with its reason and an audit
 * entry; the approval deadline is cancelled.
 */
import type { UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { conflict, forbidden, notFound, unprocessable } from "../../../platform/errors.js";
import { cancel } from "../../../platform/due/index.js";
import { audit } from "../../audit/index.js";
import { authorityFor } from "../catalogue.js";
import { decideApproval } from "../domain/decide.js";
import { storedDecision } from "../presenters.js";
import { findRemedy, loadCatalogue, updateRemedy, type RemedyRow } from "../repository.js";
import { remedyEvent } from "../remedy-events.js";
import { APPROVAL_DUE_KIND, decidingRole } from "./request-remedy.js";

export async function decideOnRemedy(ctx: Ctx<UserActor>, id: string, action: "approve" | "decline", reason: string): Promise<RemedyRow> {
  const before = await findRemedy(ctx.tx, id, true);
  if (!before) throw notFound("Remedy");
  const catalogue = await loadCatalogue(ctx.tx);
  const result = decideApproval({
    action,
    status: before.status,
    role: decidingRole(ctx.actor),
    authority: authorityFor(catalogue, before.reason),
    fault: before.fault,
    value: { minor: before.value_minor, currency: before.currency },
  });
  if (!result.ok) {
    if (result.code === "forbidden") throw forbidden(result.words.en);
    if (result.code === "remedy_already_decided") throw conflict("remedy_already_decided", result.words.en, [{ status: before.status }]);
    throw unprocessable("beyond_authority", result.words.en, [{ code: result.code, "zh-CN": result.words.zh, en: result.words.en }]);
  }
  const after = await updateRemedy(ctx.tx, id, {
    status: result.status,
    decided_by_id: ctx.actor.userId,
    decided_by_name: ctx.actor.name,
    decided_at: ctx.now,
    decision_reason: reason,
    decision: { ...storedDecision(before), override: result.override },
    updated_at: ctx.now,
  });
  await cancel(ctx, APPROVAL_DUE_KIND, id);
  const type = result.override ? "remedy.overridden" : result.status === "granted" ? "remedy.approved" : "remedy.declined";
  await remedyEvent(ctx, after, type, { decisionReason: reason, from: before.status });
  await audit(ctx, { action: type, subject: { type: "remedy", id }, before: { status: before.status }, after: { status: after.status }, reason, organizationId: before.organization_id });
  return after;
}
