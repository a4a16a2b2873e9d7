/** Case rows and events as the API shows them, with the caller's abilities on each case. */
import type { Case, CaseEvent, CaseLink, CaseParty } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import type { CaseEventRow } from "./events.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { linkSeenFrom } from "./domain/links.js";
import { caseAbilities, caseAccess } from "./policies.js";
import { caseFacts, type CaseLinkRow, type CaseRow } from "./repository.js";

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
    links: presentLinks(r.links, viewer),
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

/** The links to cases the viewer may see (by the one visibility rule), oldest first: no other case's number leaks. */
export function presentLinks(links: readonly CaseLinkRow[], viewer: Actor): CaseLink[] {
  return links
    .filter((l) => caseAccess(viewer, { id: l.case_id, ownerOrganizationId: l.owner_organization_id, parties: l.party_organization_ids.map((organizationId) => ({ organizationId, access: "view" as const })) }) !== null)
    .map((l) => ({ id: l.id, kind: linkSeenFrom(l.kind, l.side), caseId: l.case_id, number: l.number, subject: l.subject, status: l.status, createdAt: isoRequired(l.created_at) }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
