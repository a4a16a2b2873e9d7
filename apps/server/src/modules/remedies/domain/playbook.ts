/**
 * Following a playbook on one case, as a pure function of the playbook, the case's facts and the
 * time: each step's due time and whether it is done, the next step, when the next update to the
 * customer is due. Steps are done by what happened on the case, not by ticking boxes:
 * acknowledge — a reply to the customer; name an owner — a user owns it; investigate — an
 * internal note or a party asked; remedy — a remedy granted; confirm — resolved; follow up — a
 * reply to the customer after the resolution, or the case closed.
 */
import type { PlaybookStep } from "@tandem/contracts";

export interface PlaybookPlan {
  steps: { step: PlaybookStep; targetMs: number }[];
  updateCadenceMs: number;
}

export interface PlaybookCaseFacts {
  createdAt: Date;
  status: string;
  resolvedAt: Date | null;
  ownerUserId: string | null;
  /** Replies to the customer by staff, oldest first. */
  publicReplies: Date[];
  internalWorkAt: Date | null;
  remedyGrantedAt: Date | null;
}

export interface FollowedStep {
  step: PlaybookStep;
  dueAt: Date | null;
  done: boolean;
  overdue: boolean;
}

export function followPlaybook(plan: PlaybookPlan, f: PlaybookCaseFacts, now: Date): { steps: FollowedStep[]; next: { step: PlaybookStep; dueAt: Date | null } | null; nextUpdateDueAt: Date | null } {
  const resolved = f.resolvedAt !== null && (f.status === "resolved" || f.status === "closed");
  const done: Record<PlaybookStep, boolean> = {
    acknowledge: f.publicReplies.length > 0,
    name_owner: f.ownerUserId !== null,
    investigate: f.internalWorkAt !== null,
    remedy: f.remedyGrantedAt !== null,
    confirm: resolved,
    follow_up: f.status === "closed" || (resolved && f.publicReplies.some((at) => at.getTime() > f.resolvedAt!.getTime())),
  };
  const steps = plan.steps.map(({ step, targetMs }): FollowedStep => {
    const from = step === "follow_up" ? (resolved ? f.resolvedAt : null) : f.createdAt;
    const dueAt = from ? new Date(from.getTime() + targetMs) : null;
    return { step, dueAt, done: done[step], overdue: !done[step] && dueAt !== null && dueAt.getTime() < now.getTime() };
  });
  const next = steps.find((s) => !s.done) ?? null;
  const lastUpdate = f.publicReplies.at(-1) ?? f.createdAt;
  return { steps, next: next ? { step: next.step, dueAt: next.dueAt } : null, nextUpdateDueAt: resolved ? null : new Date(lastUpdate.getTime() + plan.updateCadenceMs) };
}
