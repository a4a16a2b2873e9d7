/**
 * Asking for a remedy on a case: the catalogue, the customer's ledger and the asker's role go to
 * the pure decision (domain/decide.ts); the remedy is stored with its decision and explanation,
 * recorded on the case, and — when it waits for approval — given an approval deadline on the
 * platform's due work and told to the approvers. A second claim beyond a limit flags the customer.
 * `preview` runs the same decision and writes nothing.
 */
import type { CreateRemedyBody } from "@tandem/contracts";
import type { UserActor } from "../../../platform/actor.js";
import { actorRef } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { unprocessable, forbidden } from "../../../platform/errors.js";
import { newId } from "../../../platform/ids.js";
import { schedule } from "../../../platform/due/index.js";
import { audit } from "../../audit/index.js";
import { loadCaseFor } from "../../cases/index.js";
import { setCustomerFlag } from "../../customers/index.js";
import { authorityFor, kindPolicy, reasonPolicy, settingsOf } from "../catalogue.js";
import { valueOf, type DecidingRole } from "../domain/catalogue.js";
import { decideRemedy, type Decision, type LedgerEntry } from "../domain/decide.js";
import { parseMoney, type Money } from "../domain/money.js";
import type { StoredDecision } from "../presenters.js";
import { insertRemedy, ledgerForDecision, loadCatalogue, type CatalogueRows, type RemedyRow } from "../repository.js";
import { remedyEvent, tellApprovers } from "../remedy-events.js";

export const APPROVAL_DUE_KIND = "remedy.approval_due";

/** A money input of the API as minor units (the contract has checked its form). */
export function moneyOf(input: { amount: string | number; currency: string }): Money {
  const parsed = parseMoney(input);
  if (!parsed.ok) throw unprocessable("remedy_not_allowed", parsed.reason);
  return parsed.money;
}

/** The ledger as the rules count it. */
export const ledgerEntries = (rows: readonly RemedyRow[]): LedgerEntry[] =>
  rows.map((r) => {
    const d = r.decision && typeof r.decision === "object" && !Array.isArray(r.decision) ? (r.decision as StoredDecision) : {};
    return { id: r.id, at: r.at, reason: r.reason, value: { minor: r.value_minor, currency: r.currency }, fault: r.fault, status: r.status, beyondLimit: d.beyondLimit ?? false };
  });

export const decidingRole = (actor: UserActor): DecidingRole => {
  if (actor.role === "partner_agent") throw forbidden();
  return actor.role;
};

interface Decided {
  decision: Decision;
  value: Money;
  loss: Money | null;
  catalogue: CatalogueRows;
  customerId: string;
  caseOrg: string;
}

async function decide(ctx: Ctx<UserActor>, caseId: string, body: CreateRemedyBody): Promise<Decided> {
  const kase = await loadCaseFor(ctx, caseId, "case.update", true);
  const catalogue = await loadCatalogue(ctx.tx);
  const reasonRow = catalogue.reasons.find((r) => r.code === body.reason);
  if (!reasonRow) throw unprocessable("unknown_reason", `"${body.reason}" is not a reason in the remedy catalogue.`, [{ path: "reason", known: catalogue.reasons.filter((r) => r.active).map((r) => r.code) }]);
  const valued = valueOf(kindPolicy(catalogue, body.kind), { value: body.value ? moneyOf(body.value) : null, quantity: body.quantity ?? null });
  if (!valued.ok) throw unprocessable("remedy_value_required", valued.reason, [{ path: "value" }]);
  const loss = body.loss ? moneyOf(body.loss) : null;
  const ledger = await ledgerForDecision(ctx.tx, kase.customer_id);
  const result = decideRemedy({
    ask: { kind: body.kind, value: valued.value, loss, fault: body.fault, chargeStatus: body.chargeStatus ?? null, settlement: body.settlement ?? null, justification: body.justification ?? null },
    reason: reasonPolicy(reasonRow),
    role: decidingRole(ctx.actor),
    authority: authorityFor(catalogue, body.reason),
    settings: settingsOf(catalogue),
    ledger: ledgerEntries(ledger),
    now: ctx.now,
  });
  if (!result.ok) throw unprocessable(result.refusal.code, result.refusal.words.en, [{ code: result.refusal.code, "zh-CN": result.refusal.words.zh, en: result.refusal.words.en }]);
  return { decision: result.decision, value: valued.value, loss, catalogue, customerId: kase.customer_id, caseOrg: kase.owner_organization_id };
}

/** The decision the request would get now, and nothing written. */
export async function previewRemedy(ctx: Ctx<UserActor>, caseId: string, body: CreateRemedyBody): Promise<Decided> {
  return decide(ctx, caseId, body);
}

/** The id, who asks and when, of a remedy recorded now by the caller. */
export function requestedNow(ctx: Ctx<UserActor>) {
  const by = actorRef(ctx.actor);
  return { id: newId(ctx.now.getTime()), requested_by_type: by.type, requested_by_id: by.id, requested_by_name: by.name, created_at: ctx.now, updated_at: ctx.now };
}

export async function requestRemedy(ctx: Ctx<UserActor>, caseId: string, body: CreateRemedyBody): Promise<{ remedy: RemedyRow; catalogue: CatalogueRows }> {
  const { decision, value, loss, catalogue, customerId, caseOrg } = await decide(ctx, caseId, body);
  const pending = decision.status === "pending_approval";
  const stored: StoredDecision = { rules: decision.rules, beyondLimit: decision.beyondLimit, approverRole: decision.approverRole, serialClaimant: decision.serialClaimant, counted: decision.counted };
  const remedy = await insertRemedy(ctx.tx, {
    ...requestedNow(ctx),
    case_id: caseId,
    customer_id: customerId,
    kind: body.kind,
    quantity: body.quantity ?? null,
    value_minor: value.minor,
    loss_minor: loss?.minor ?? null,
    currency: value.currency,
    reason: body.reason,
    fault: body.fault,
    charge_status: body.chargeStatus ?? null,
    settlement: decision.settlement,
    justification: body.justification ?? null,
    status: decision.status,
    decision: JSON.stringify(stored),
    explanation_en: decision.explanation.en,
    explanation_zh: decision.explanation.zh,
    source: "tandem",
    at: ctx.now,
    approver_role: decision.approverRole,
    approval_due_at: pending ? new Date(ctx.now.getTime() + settingsOf(catalogue).approvalMinutes * 60_000) : null,
    organization_id: caseOrg,
  });
  await remedyEvent(ctx, remedy, decision.status === "granted" ? "remedy.granted" : decision.status === "declined" ? "remedy.declined" : "remedy.requested", { rules: decision.rules, by: "rule" });
  if (pending) {
    await schedule(ctx, { kind: APPROVAL_DUE_KIND, key: remedy.id, dueAt: remedy.approval_due_at!, payload: { remedyId: remedy.id } });
    await tellApprovers(ctx, remedy, "remedy.pending_approval");
  }
  if (decision.serialClaimant) {
    const reason = `A second claim beyond the limit for ${body.reason} within its window. ${decision.explanation.en}`;
    const flagged = await setCustomerFlag(ctx.tx, customerId, { flag: "serial_claimant", reason, at: ctx.now.toISOString(), by: actorRef(ctx.actor).name }, ctx.now);
    if (flagged) {
      await remedyEvent(ctx, remedy, "customer.flagged", { flag: "serial_claimant", flagReason: reason });
      await audit(ctx, { action: "customer.flagged", subject: { type: "customer", id: customerId }, after: { flag: "serial_claimant" }, reason, organizationId: caseOrg });
    }
  }
  return { remedy, catalogue };
}
