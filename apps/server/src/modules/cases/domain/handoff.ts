/**
 * The handoff rule as a pure function: ownership of a case moves to another organisation (or a
 * user of it) only with a note. Within the owning organisation a case is assigned, not handed off;
 * across organisations it is handed off, never assigned (`assignAcross`).
 */
import type { CaseStatus } from "@tandem/contracts";

export interface HandoffFacts {
  status: CaseStatus;
  ownerOrganizationId: string;
  note: string;
  /** Asked for: an organisation, a user, or both. */
  organizationId?: string;
  userId?: string;
  /** What the ids name (null: nothing by that id). */
  organization: { id: string } | null;
  user: { id: string; organizationId: string; active: boolean; name: string } | null;
}

export type HandoffDecision =
  | { ok: true; toOrganizationId: string; toUserId: string | null }
  | { ok: false; status: 400 | 409 | 422; code: "validation_failed" | "case_closed" | "same_organization" | "user_not_in_organization" | "user_inactive"; reason: string; path?: string };

const refuse = (status: 400 | 409 | 422, code: Extract<HandoffDecision, { ok: false }>["code"], reason: string, path?: string): HandoffDecision => ({ ok: false, status, code, reason, ...(path ? { path } : {}) });

export function decideHandoff(f: HandoffFacts): HandoffDecision {
  if (f.status === "closed") return refuse(409, "case_closed", "The case is closed; open a new case instead.");
  if (!f.note.trim()) return refuse(400, "validation_failed", "A handoff needs a note: the new owner reads it first.", "body.note");
  if (f.organizationId === undefined && f.userId === undefined) return refuse(400, "validation_failed", "Say whom to hand the case to: organizationId, userId or both.", "body.organizationId");
  if (f.organizationId !== undefined && !f.organization) return refuse(400, "validation_failed", "The organization does not exist.", "body.organizationId");
  if (f.userId !== undefined && !f.user) return refuse(400, "validation_failed", "The user does not exist.", "body.userId");
  const toOrganizationId = f.organization?.id ?? f.user!.organizationId;
  if (f.user && f.user.organizationId !== toOrganizationId) return refuse(422, "user_not_in_organization", `${f.user.name} is not a member of that organization.`, "body.userId");
  if (f.user && !f.user.active) return refuse(409, "user_inactive", `${f.user.name} is deactivated and cannot own cases.`);
  if (toOrganizationId === f.ownerOrganizationId) return refuse(409, "same_organization", "This organization owns the case already; assign it to one of its users instead.");
  return { ok: true, toOrganizationId, toUserId: f.user?.id ?? null };
}

/** `assign` moves a case within its owning organisation; to a user of another one it needs a handoff with a note. */
export function assignAcross(ownerOrganizationId: string, userOrganizationId: string): { ok: true } | { ok: false; reason: string } {
  if (ownerOrganizationId === userOrganizationId) return { ok: true };
  return { ok: false, reason: "That user belongs to another organization: hand the case off with a note (POST /cases/:id/handoff) so the new owner knows the story." };
}
