/**
 * Contacts as the API shows them to one caller. What another party planned is shown only as far
 * as the caller may see its case: a purpose added from a case the caller cannot see is left out,
 * and a duplicate names the contact it duplicates by id, with the planning party's name only
 * when the caller may see that contact's case.
 */
import type { Outreach, OutreachReason } from "@tandem/contracts";
import type { UserActor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { visibilityOrg } from "../cases/index.js";
import { outreachAbilities } from "./policies.js";
import { casesSeenBy, findOutreachMany, organizationNames, purposesOf, type OutreachRow } from "./repository.js";

export async function presentOutreach(db: Queryable, viewer: UserActor, rows: OutreachRow[]): Promise<Outreach[]> {
  const originals = await findOutreachMany(db, rows.flatMap((r) => (r.duplicate_of ? [r.duplicate_of] : [])));
  const caseIds = [...rows.flatMap((r) => [r.case_id, ...purposesOf(r).map((p) => p.caseId)]), ...originals.map((o) => o.case_id)];
  const seen = await casesSeenBy(db, caseIds, visibilityOrg(viewer));
  const orgIds = [...rows.flatMap((r) => [r.organization_id, ...purposesOf(r).map((p) => p.organizationId)]), ...originals.map((o) => o.organization_id)];
  const names = await organizationNames(db, orgIds);
  const originalById = new Map(originals.map((o) => [o.id, o]));
  return rows.map((r) => {
    const original = r.duplicate_of ? originalById.get(r.duplicate_of) : undefined;
    return {
      id: r.id,
      caseId: r.case_id,
      customerId: r.customer_id,
      organizationId: r.organization_id,
      organizationName: names.get(r.organization_id) ?? null,
      channel: r.channel,
      purposes: purposesOf(r)
        .filter((p) => seen.has(p.caseId))
        .map((p) => ({ purpose: p.purpose, caseId: p.caseId, organizationId: p.organizationId, organizationName: names.get(p.organizationId) ?? null, at: isoRequired(p.at) })),
      status: r.status,
      reason: r.reason as OutreachReason | null,
      duplicateOf: r.duplicate_of,
      duplicateOfOrganizationName: original && seen.has(original.case_id) ? (names.get(original.organization_id) ?? null) : null,
      isResponse: r.is_response,
      replyTo: r.reply_to,
      requestedFor: isoRequired(r.requested_for),
      scheduledFor: isoRequired(r.scheduled_for),
      timeZone: r.time_zone,
      interactionId: r.interaction_id,
      cancelReason: r.cancel_reason,
      createdBy: { type: r.created_by_type, id: r.created_by_id, name: r.created_by_name },
      createdAt: isoRequired(r.created_at),
      sentAt: iso(r.sent_at),
      cancelledAt: iso(r.cancelled_at),
      abilities: outreachAbilities(viewer, r, seen.get(r.case_id)?.ownerOrganizationId ?? ""),
    };
  });
}
