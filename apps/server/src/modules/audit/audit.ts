/**
 * Writing the audit log: one call in the command's transaction, so that the entry exists exactly
 * when the change committed.
 *
 *   await audit(ctx, { action: "user.role_changed", subject: { type: "user", id: user.id }, before: { role: "agent" }, after: { role: "supervisor" } });
 *
 * The actor and the time come from the context. `organizationId` says which organisation the
 * entry belongs to (the subject's); by default the acting user's. `reason` is for the actions an
 * issue says need one (an override, a merge): give it there.
 */
import { actorRef } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import { newId } from "../../platform/ids.js";
import { insertAuditEntry, type AuditRow } from "./repository.js";

export interface AuditInput {
  /** `<subject>.<verb>`, e.g. `user.created`, `token.revoked`. */
  action: `${string}.${string}`;
  /** What was acted on; `id` null for the workspace as a whole (the demo). */
  subject: { type: string; id: string | null };
  before?: unknown;
  after?: unknown;
  reason?: string;
  organizationId?: string | null;
}

export async function audit(ctx: Ctx, entry: AuditInput): Promise<AuditRow> {
  const actor = actorRef(ctx.actor);
  return insertAuditEntry(ctx.tx, {
    id: newId(ctx.now.getTime()),
    at: ctx.now,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_name: actor.name,
    organization_id: entry.organizationId !== undefined ? entry.organizationId : "organizationId" in ctx.actor ? ctx.actor.organizationId : null,
    action: entry.action,
    subject_type: entry.subject.type,
    subject_id: entry.subject.id,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
  });
}
