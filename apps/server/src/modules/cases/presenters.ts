/** Case rows and events as the API shows them, with the caller's abilities on each case. */
import type { Case, CaseEvent, CaseLink, CaseParty, Commitment, Milestone } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import type { CaseEventRow } from "./events.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { linkSeenFrom } from "./domain/links.js";
import { caseAbilities, caseAccess, partyAbilities } from "./policies.js";
import { caseFacts, type CaseHandoff, type CaseLinkRow, type CaseMilestoneRow, type CaseRow } from "./repository.js";

const time = (t: string | Date | null): string | null => (t === null ? null : new Date(t).toISOString());

/** A deadline as the case shows it (computed by the deadlines module). */
export const presentMilestone = (m: CaseMilestoneRow): Milestone => ({
  id: m.id,
  kind: m.kind,
  dueAt: time(m.due_at ?? m.started_at)!,
  status: m.status,
  metAt: time(m.met_at),
  ...(m.met_by ? { metBy: m.met_by as NonNullable<Milestone["metBy"]> } : {}),
  warnAt: time(m.warn_at),
  startedAt: time(m.started_at)!,
  description: m.description,
  remainingSeconds: m.remaining_seconds,
});

const KIND_ORDER = { first_response: 0, next_update: 1, resolution: 2, commitment: 3, task: 4 } as const;
const byStartThenKind = (a: CaseMilestoneRow, b: CaseMilestoneRow) => new Date(a.started_at).getTime() - new Date(b.started_at).getTime() || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.id < b.id ? -1 : 1);

/** A promise to the customer: open until met (kept) or breached (broken). */
const presentCommitment = (m: CaseMilestoneRow): Commitment => ({
  id: m.id,
  description: m.description ?? "",
  dueAt: time(m.due_at ?? m.started_at)!,
  status: m.status === "breached" ? "broken" : m.status === "met" ? "kept" : "open",
});

const presentHandoff = (h: CaseHandoff | null): Case["handoff"] => (h ? { note: h.note, fromOrganizationId: h.fromOrganizationId, fromOrganizationName: h.fromOrganizationName, by: h.by, at: isoRequired(h.at) } : null);

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
      (p): CaseParty => ({
        organizationId: p.organization_id,
        organizationName: p.organization_name,
        kind: p.kind,
        access: p.access,
        addedAt: isoRequired(p.added_at),
        assignee: p.assignee_user_id ? { userId: p.assignee_user_id, userName: p.assignee_user_name ?? "" } : null,
        abilities: partyAbilities(viewer, { ownerOrganizationId: r.owner_organization_id, status: r.status }, p.organization_id),
      }),
    ),
    handoff: presentHandoff(r.handoff as CaseHandoff | null),
    links: presentLinks(r.links, viewer),
    commitments: r.milestones.filter((m) => m.kind === "commitment").map(presentCommitment),
    milestones: [...r.milestones].sort(byStartThenKind).map(presentMilestone),
    openTasks: r.open_tasks,
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
