/**
 * Choosing a case's SLA policy, and the targets a policy applies: pure functions.
 * The first policy in `position` order whose conditions (kind, priority, category; a condition
 * left empty matches anything) all hold; the policy with no conditions is the default.
 */
import { parseDuration } from "../../../platform/duration.js";
import type { AppliedTargets, ProactiveUpdates } from "./milestones.js";

export interface PolicyRules {
  id: string;
  name: string;
  position: number;
  appliesKind: string | null;
  appliesPriority: string | null;
  appliesCategory: string | null;
  firstResponse: string | null;
  nextUpdate: string | null;
  resolution: string | null;
  warnBefore: string;
  calendarId: string | null;
  pauseWhileWaitingOnCustomer: boolean;
  proactiveUpdates: ProactiveUpdates;
}

export interface CaseTraits {
  kind: string;
  priority: string;
  category: string | null;
}

export const isDefaultPolicy = (p: Pick<PolicyRules, "appliesKind" | "appliesPriority" | "appliesCategory">): boolean => p.appliesKind === null && p.appliesPriority === null && p.appliesCategory === null;

/** The policy that applies to a case: the first match in position order (then by id), or null when none does. */
export function choosePolicy<P extends PolicyRules>(policies: readonly P[], kase: CaseTraits): P | null {
  const ordered = [...policies].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return (
    ordered.find(
      (p) =>
        (p.appliesKind === null || p.appliesKind === kase.kind) &&
        (p.appliesPriority === null || p.appliesPriority === kase.priority) &&
        (p.appliesCategory === null || p.appliesCategory.toLowerCase() === (kase.category ?? "").toLowerCase()),
    ) ?? null
  );
}

const ms = (iso: string | null): number | null => (iso === null ? null : parseDuration(iso));
/** The whole days of a target in a calendar (they count working days there); null without a calendar or days. */
const days = (iso: string | null, calendarId: string | null): number | null => {
  if (iso === null || calendarId === null) return null;
  const whole = Math.floor((parseDuration(iso) ?? 0) / 86_400_000);
  return whole > 0 ? whole : null;
};

/** The targets a policy applies (none: no milestones but commitments). */
export function targetsOf(p: PolicyRules | null): AppliedTargets & { name: string | null } {
  if (!p) return { policyId: null, name: null, firstResponseMs: null, nextUpdateMs: null, resolutionMs: null, warnBeforeMs: 0, calendarId: null, pauseWhileWaitingOnCustomer: false, proactiveUpdates: "off" };
  return {
    policyId: p.id,
    name: p.name,
    firstResponseMs: ms(p.firstResponse),
    nextUpdateMs: ms(p.nextUpdate),
    resolutionMs: ms(p.resolution),
    warnBeforeMs: ms(p.warnBefore) ?? 0,
    calendarId: p.calendarId,
    pauseWhileWaitingOnCustomer: p.pauseWhileWaitingOnCustomer,
    proactiveUpdates: p.proactiveUpdates,
    ...withDays({ firstResponseDays: days(p.firstResponse, p.calendarId), nextUpdateDays: days(p.nextUpdate, p.calendarId), resolutionDays: days(p.resolution, p.calendarId) }),
  };
}

/** Only the targets that have days (an unchanged policy without any is recorded as before). */
const withDays = (d: Record<string, number | null>) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== null));

const KEYS = ["policyId", "firstResponseMs", "nextUpdateMs", "resolutionMs", "warnBeforeMs", "calendarId", "pauseWhileWaitingOnCustomer", "proactiveUpdates", "firstResponseDays", "nextUpdateDays", "resolutionDays"] as const;

/** Do two applied targets say the same (a policy re-applied unchanged is not recorded again)? */
export function sameTargets(a: Partial<AppliedTargets> | null | undefined, b: AppliedTargets): boolean {
  return !!a && KEYS.every((k) => (a[k] ?? null) === (b[k] ?? null));
}
