/**
 * Whom the cases module tells, through the notifications service: the user a case is assigned to,
 * the new owner of a case handed off to their organisation,
 * the owner of a resolved case a customer wrote on, the owner of a case another organisation
 * resolved or changed. A case without an owning user tells the supervisors of its organisation.
 * The key of each names the event it is about, so it is never told twice.
 */
import type { NotificationKind } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import type { CaseEventRow } from "./events.js";
import { notify, type NotificationSubject, type Recipient } from "../notifications/index.js";
import { caseAccess } from "./policies.js";
import { caseFacts, type CaseFactsRow, type CaseRow } from "./repository.js";

/** A case as the subject of a notification: told only to those the one visibility rule lets see it. */
export function caseSubject(kase: CaseFactsRow): NotificationSubject {
  const facts = caseFacts(kase);
  return { type: "case", id: kase.id, label: kase.number, title: kase.subject, canSee: (r) => caseAccess(recipientAsActor(r), facts) !== null };
}

// The visibility rule reads the role and organisation of a user actor; a recipient has both.
const recipientAsActor = (r: Recipient): Actor => ({ type: r.role === "partner_agent" ? "partner" : "user", userId: r.userId, name: "", role: r.role, organizationId: r.organizationId, tokenId: "", viaCookie: false });

/** The case's owning user, or the supervisors of its organisation while nobody owns it. */
const ownerOf = (kase: CaseRow) => (kase.owner_user_id ? { users: [kase.owner_user_id] } : { supervisorsOf: kase.owner_organization_id });

const urgent = (kase: CaseRow) => kase.priority === "urgent";

/** A case given to a user (or, unassigned, to an organisation) by someone else. */
export async function tellAssigned(ctx: Ctx, kase: CaseRow, eventKey: string): Promise<void> {
  await notify(ctx, {
    kind: "case.assigned",
    subject: caseSubject(kase),
    recipients: ownerOf(kase),
    dedupeKey: `case.assigned:${eventKey}`,
    urgent: urgent(kase),
    data: { toUserId: kase.owner_user_id, toOrganizationId: kase.owner_organization_id },
  });
}

/** A case handed off to another organisation: its new owning user, else that organisation's supervisors, read the note first. */
export async function tellHandedOff(ctx: Ctx, kase: CaseRow, event: CaseEventRow): Promise<void> {
  const d = event.data as { note: string; fromOrganizationId: string; fromOrganizationName: string };
  await notify(ctx, {
    kind: "case.handed_off",
    subject: caseSubject(kase),
    recipients: ownerOf(kase),
    dedupeKey: `case.handed_off:${event.id}`,
    urgent: urgent(kase),
    data: { note: d.note, fromOrganizationId: d.fromOrganizationId, fromOrganizationName: d.fromOrganizationName, toUserId: kase.owner_user_id, toOrganizationId: kase.owner_organization_id },
  });
}

/** A customer wrote on a resolved or closed case: `kase` is where the work now is (the reopened case or its follow-up). */
export async function tellCustomerWrote(ctx: Ctx, kase: CaseRow, message: CaseEventRow, data: Record<string, unknown>): Promise<void> {
  await notify(ctx, { kind: "case.customer_wrote", subject: caseSubject(kase), recipients: ownerOf(kase), dedupeKey: `case.customer_wrote:${message.id}`, urgent: urgent(kase), data });
}

/** Someone of another organisation than the case's owner (a party) resolved or changed it. */
export async function tellOwnerOfPartyChange(ctx: Ctx, before: CaseRow, after: CaseRow, event: CaseEventRow | undefined): Promise<void> {
  if (!event || !("organizationId" in ctx.actor) || ctx.actor.organizationId === before.owner_organization_id) return;
  const kind: NotificationKind = event.type === "case.resolved" ? "case.resolved_by_party" : "case.changed_by_party";
  await notify(ctx, {
    kind,
    subject: caseSubject(after),
    recipients: ownerOf(after),
    dedupeKey: `${kind}:${event.id}`,
    urgent: urgent(after),
    data: { event: event.type, organizationId: ctx.actor.organizationId, ...event.data },
  });
}
