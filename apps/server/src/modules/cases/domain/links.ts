/**
 * Links between cases as pure rules. A link is stored one way round — "case_id <kind>
 * linked_case_id": this case is a follow-up of, a duplicate of, the parent of, or related to that
 * one — and each case shows it said from its own side: the other case of `follow_up_of` shows
 * `followed_up_by`, of `duplicate_of` `duplicated_by`, of `parent_of` `child_of`; `related` reads
 * the same both ways.
 */
import type { CaseLinkKind, CaseLinkView } from "@tandem/contracts";

const INVERSE: Record<CaseLinkKind, CaseLinkView> = {
  related: "related",
  duplicate_of: "duplicated_by",
  follow_up_of: "followed_up_by",
  parent_of: "child_of",
};

const STORED_OF_INVERSE: Partial<Record<CaseLinkView, CaseLinkKind>> = {
  duplicated_by: "duplicate_of",
  followed_up_by: "follow_up_of",
  child_of: "parent_of",
};

/** The link as the case on `side` shows it: the stored kind from its own case, the inverse from the linked one. */
export function linkSeenFrom(kind: CaseLinkKind, side: "case" | "linked_case"): CaseLinkView {
  return side === "case" ? kind : INVERSE[kind];
}

/** How to store "`caseId` is `view` `otherCaseId`" (said from either side). */
export function linkToStore(caseId: string, view: CaseLinkView, otherCaseId: string): { caseId: string; kind: CaseLinkKind; linkedCaseId: string } {
  const inverse = STORED_OF_INVERSE[view];
  return inverse ? { caseId: otherCaseId, kind: inverse, linkedCaseId: caseId } : { caseId, kind: view as CaseLinkKind, linkedCaseId: otherCaseId };
}
