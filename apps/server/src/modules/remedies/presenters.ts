/** Remedies as the API shows them to one caller. */
import type { Remedy } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { toApi } from "./domain/money.js";
import { remedyAbilities } from "./policies.js";
import type { RemedyRow, ReasonRow } from "./repository.js";

/** What a remedy's `decision` column holds besides its words. */
export interface StoredDecision {
  rules?: Remedy["rules"];
  beyondLimit?: boolean;
  approverRole?: Remedy["approverRole"];
  serialClaimant?: boolean;
  counted?: { id: string; at: string; value: { minor: number; currency: string } }[];
  override?: boolean;
}

export const storedDecision = (r: Pick<RemedyRow, "decision">): StoredDecision => (r.decision && typeof r.decision === "object" && !Array.isArray(r.decision) ? (r.decision as StoredDecision) : {});

export function presentRemedy(r: RemedyRow, reasons: readonly ReasonRow[], viewer: Actor): Remedy {
  const d = storedDecision(r);
  const reason = reasons.find((x) => x.code === r.reason);
  return {
    id: r.id,
    caseId: r.case_id,
    customerId: r.customer_id,
    kind: r.kind as Remedy["kind"],
    quantity: r.quantity,
    value: toApi({ minor: r.value_minor, currency: r.currency }),
    loss: r.loss_minor === null ? null : toApi({ minor: r.loss_minor, currency: r.currency }),
    reason: r.reason,
    reasonLabel: { "zh-CN": reason?.label_zh ?? r.reason, en: reason?.label_en ?? r.reason },
    fault: r.fault,
    chargeStatus: r.charge_status,
    settlement: r.settlement as Remedy["settlement"],
    justification: r.justification,
    status: r.status,
    explanation: r.explanation_en,
    explanations: { "zh-CN": r.explanation_zh, en: r.explanation_en },
    rules: d.rules ?? [],
    beyondLimit: d.beyondLimit ?? false,
    approverRole: d.approverRole ?? null,
    serialClaimant: d.serialClaimant ?? false,
    source: r.source,
    at: isoRequired(r.at),
    requestedBy: { type: r.requested_by_type as Remedy["requestedBy"]["type"], id: r.requested_by_id, name: r.requested_by_name },
    approvalDueAt: iso(r.approval_due_at),
    escalatedAt: iso(r.escalated_at),
    decidedBy: r.decided_at ? { id: r.decided_by_id, name: r.decided_by_name } : null,
    decidedAt: iso(r.decided_at),
    decisionReason: r.decision_reason,
    override: d.override ?? false,
    createdAt: isoRequired(r.created_at),
    abilities: remedyAbilities(viewer, r.status),
  };
}
