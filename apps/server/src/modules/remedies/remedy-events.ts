/**
 * What every remedy step leaves behind: an event on the case's timeline (with its reason and
 * explanation), an outbox event heard by staff alone, and — for a request that waits or is
 * overdue — a notification to those who may decide it.
 */
import type { Ctx } from "../../platform/context.js";
import { publish } from "../../platform/events.js";
import { caseSubject, findCase, recordCaseEvent } from "../cases/index.js";
import { notify } from "../notifications/index.js";
import { formatAmount } from "./domain/money.js";
import { storedDecision } from "./presenters.js";
import type { RemedyRow } from "./repository.js";

export type RemedyEventType = "remedy.requested" | "remedy.granted" | "remedy.declined" | "remedy.approved" | "remedy.overridden" | "remedy.approval_escalated" | "customer.flagged";

/** The remedy's facts every event carries. */
const facts = (r: RemedyRow) => ({
  remedyId: r.id,
  kind: r.kind,
  value: { amount: formatAmount(r.value_minor), currency: r.currency },
  reason: r.reason,
  fault: r.fault,
  status: r.status,
  settlement: r.settlement,
  explanation: r.explanation_en,
  explanationZh: r.explanation_zh,
});

/** Records the step on the remedy's case (if it has one) and publishes it. */
export async function remedyEvent(ctx: Ctx, r: RemedyRow, type: RemedyEventType, data: Record<string, unknown> = {}): Promise<void> {
  const payload = { ...facts(r), ...data };
  if (r.case_id) await recordCaseEvent(ctx, { caseId: r.case_id, customerId: r.customer_id, type, data: payload });
  await publish(ctx, { type, aggregate: { type: "remedy", id: r.id }, audience: {}, payload: { ...payload, caseId: r.case_id, customerId: r.customer_id } });
}

/** Tells those who may decide a waiting remedy: the supervisors of the case's organisation, and the admins when an admin must approve it (or it is overdue). */
export async function tellApprovers(ctx: Ctx, r: RemedyRow, kind: "remedy.pending_approval" | "remedy.approval_overdue"): Promise<void> {
  if (!r.case_id) return;
  const kase = await findCase(ctx.tx, r.case_id);
  if (!kase) return;
  const adminsToo = kind === "remedy.approval_overdue" || storedDecision(r).approverRole === "admin";
  await notify(ctx, {
    kind,
    subject: caseSubject(kase),
    recipients: { supervisorsOf: kase.owner_organization_id, admins: adminsToo },
    dedupeKey: `${kind}:${r.id}`,
    urgent: kind === "remedy.approval_overdue",
    data: { remedyId: r.id, value: { amount: formatAmount(r.value_minor), currency: r.currency }, reason: r.reason, explanation: r.explanation_en },
  });
}
