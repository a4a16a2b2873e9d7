/**
 * Closing the loop. Whoever resolves a case — its staff, a party, the customer on their page, or
 * a party recording that the customer says it is solved — every scheduled contact on it, of every
 * party, is cancelled (`case_resolved`) in the resolving transaction, in one statement, with one
 * case event listing them. When the customer solved it, every party is told at once: the owner,
 * the supervisors of each organisation on the case, and whoever planned a cancelled contact.
 */
import type { Ctx } from "../../../platform/context.js";
import { caseSubject, recordCaseEvent, type CaseRow } from "../../cases/index.js";
import { notify } from "../../notifications/index.js";
import { cancelScheduledOnCase } from "../repository.js";

export async function cancelOutreachOnResolve(ctx: Ctx, kase: CaseRow): Promise<void> {
  const cancelled = await cancelScheduledOnCase(ctx.tx, kase.id, ctx.now);
  if (cancelled.length > 0) {
    await recordCaseEvent(ctx, {
      caseId: kase.id,
      customerId: kase.customer_id,
      type: "outreach.cancelled",
      data: { reason: "case_resolved", outreachIds: cancelled.map((c) => c.id), organizationIds: [...new Set(cancelled.map((c) => c.organization_id))] },
    });
  }
  if (kase.resolved_by === "customer") await tellEveryParty(ctx, kase, cancelled.map((c) => c.created_by_id));
}

async function tellEveryParty(ctx: Ctx, kase: CaseRow, planners: (string | null)[]): Promise<void> {
  const subject = caseSubject(kase);
  const dedupeKey = `case.resolved_by_customer:${kase.id}:${kase.resolved_at?.toISOString() ?? ctx.now.toISOString()}`;
  const data = { resolvedBy: "customer", resolution: kase.resolution };
  const supervisorsOf = [kase.owner_organization_id, ...kase.parties.map((p) => p.organization_id)];
  await notify(ctx, { kind: "case.resolved_by_customer", subject, recipients: { users: [kase.owner_user_id, ...planners], supervisorsOf }, dedupeKey, data });
}
