/**
 * The case lifecycle as a pure state machine:
 *   open ⇄ waiting_on_customer ⇄ waiting_on_party, any of them → resolved → closed; resolved → open (reopen).
 */
import type { CaseStatus } from "@tandem/contracts";

const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ["waiting_on_customer", "waiting_on_party", "resolved"],
  waiting_on_customer: ["open", "waiting_on_party", "resolved"],
  waiting_on_party: ["open", "waiting_on_customer", "resolved"],
  resolved: ["open", "closed"],
  closed: [],
};

export type TransitionResult = { ok: true } | { ok: false; reason: string };

export function canTransition(from: CaseStatus, to: CaseStatus): TransitionResult {
  if (TRANSITIONS[from].includes(to)) return { ok: true };
  if (from === to) return { ok: false, reason: `The case is already ${from}.` };
  if (from === "closed") return { ok: false, reason: "A closed case cannot change; open a new case instead." };
  if (to === "closed") return { ok: false, reason: "Only a resolved case can be closed." };
  if (from === "resolved") return { ok: false, reason: `A resolved case can only be reopened or closed, not set to ${to}.` };
  return { ok: false, reason: `A case cannot go from ${from} to ${to}.` };
}

/** Reopening is the way back from resolved only; a waiting case is put back to open with a status change. */
export function canReopen(from: CaseStatus): TransitionResult {
  if (from === "resolved") return { ok: true };
  return { ok: false, reason: from === "closed" ? "A closed case cannot change; open a new case instead." : `Only a resolved case can be reopened; this one is ${from}.` };
}

export function allowedNext(from: CaseStatus): readonly CaseStatus[] {
  return TRANSITIONS[from];
}

export const isActive = (status: CaseStatus): boolean => status !== "resolved" && status !== "closed";

/**
 * What a customer's message does to their case, so that nothing they write goes unseen: a case
 * waiting for them goes back to open; a resolved case is reopened — unless it was resolved longer
 * ago than `reopenWithinMs`, or is closed: then the message opens a follow-up case instead.
 */
export type CustomerMessageOutcome = { kind: "none" } | { kind: "status"; to: CaseStatus } | { kind: "reopen" } | { kind: "follow_up" };

export function afterCustomerMessage(kase: { status: CaseStatus; resolvedAt: Date | null }, now: Date, reopenWithinMs: number): CustomerMessageOutcome {
  switch (kase.status) {
    case "waiting_on_customer":
      return { kind: "status", to: "open" };
    case "resolved":
      return kase.resolvedAt && now.getTime() - kase.resolvedAt.getTime() <= reopenWithinMs ? { kind: "reopen" } : { kind: "follow_up" };
    case "closed":
      return { kind: "follow_up" };
    default:
      return { kind: "none" };
  }
}
