/** Case rows and events as the API shows them, with the caller's abilities on each case. */
import type { Case, CaseEvent, CaseParty } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import type { CaseEventRow } from "./events.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { caseAbilities } from "./policies.js";
import { caseFacts, type CaseRow } from "./repository.js";

export function presentCase(r: CaseRow, viewer: Actor): Case {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    kind: r.kind,
    priority: r.priority,
    category: r.category,
    subject: r.subject,
    description: r.description,
    channel: r.channel,
    nextStep: r.next_step,
    customerId: r.customer_id,
    customerName: r.customer_name,
    owner: { organizationId: r.owner_organization_id, organizationName: r.owner_organization_name, userId: r.owner_user_id, userName: r.owner_user_name },
    parties: r.parties.map(
      (p): CaseParty => ({ organizationId: p.organization_id, organizationName: p.organization_name, kind: p.kind, access: p.access, addedAt: isoRequired(p.added_at) }),
    ),
    commitments: [],
    milestones: [],
    resolution: r.resolution,
    resolvedBy: r.resolved_by,
    resolvedAt: iso(r.resolved_at),
    createdAt: isoRequired(r.created_at),
    updatedAt: isoRequired(r.updated_at),
    abilities: caseAbilities(viewer, caseFacts(r)),
  };
}

export const presentEvent = (r: CaseEventRow): CaseEvent => ({
  id: r.id,
  type: r.type,
  actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
  at: isoRequired(r.at),
  data: r.data,
});
