/**
 * Who may do what with cases — the one source, for the routes, the commands, the `abilities`
 * every case carries to the console, the SQL that filters lists and the live stream.
 *
 * Three things decide an action on a case: the caller's role (may an agent assign at all?), the
 * caller's access to this case (staff see every case; a partner desk sees the cases its
 * organisation owns or shares in, with `view` or `contribute` access; a customer sees only the
 * case of their link), and the case's state (nothing changes on a closed case).
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";
import { CASE_ABILITIES, type CaseAbility, type CaseError, type CaseStatus, type MessageVisibility } from "@tandem/contracts";
import type { Actor, UserActor } from "../../platform/actor.js";
import type { Audience } from "../../platform/events.js";
import { conflict, forbidden, notFound } from "../../platform/errors.js";
import { ALL_ROLES, STAFF_ROLES, authorizer, roleAllows, type RoleTable } from "../../platform/policies.js";
import { allowedNext, canReopen, canTransition } from "./domain/lifecycle.js";

export type { CaseAbility };
export type CaseAction = CaseAbility | "case.create" | "case.list";

const ROLES: RoleTable<CaseAction> = {
  "case.create": STAFF_ROLES,
  "case.list": ALL_ROLES,
  "case.read": ALL_ROLES,
  "case.message": ALL_ROLES,
  "case.resolve": ALL_ROLES,
  "case.set_status": ALL_ROLES,
  "case.update": ALL_ROLES,
  "case.record_contact": ALL_ROLES,
  "case.assign": STAFF_ROLES,
  "case.reopen": STAFF_ROLES,
  "case.share": STAFF_ROLES,
  "case.create_customer_link": STAFF_ROLES,
  "case.link": ALL_ROLES,
  // Handing off: staff of the owning organisation (see OWNER_ONLY), or an admin.
  "case.handoff": STAFF_ROLES,
};

/** Actions only the owning organisation's own users may take (an admin may take them on any case). */
const OWNER_ONLY = new Set<CaseAbility>(["case.handoff"]);

export type CaseAccess = "full" | "contribute" | "view";

/** What the access to one case allows (before its state is considered). */
const ACCESS_ALLOWS: Record<CaseAccess, ReadonlySet<CaseAbility>> = {
  full: new Set(CASE_ABILITIES),
  contribute: new Set<CaseAbility>(["case.read", "case.message", "case.resolve", "case.set_status", "case.update", "case.record_contact", "case.link"]),
  view: new Set<CaseAbility>(["case.read"]),
};

/** The customer, through their link: read their case, write on it, say they solved it. */
const CUSTOMER_ALLOWS = new Set<CaseAbility>(["case.read", "case.message", "case.resolve"]);

/** What the policy needs to know about a case. */
export interface CaseFacts {
  id: string;
  status: CaseStatus;
  ownerOrganizationId: string;
  parties: readonly { organizationId: string; access: "view" | "contribute" }[];
}

/** The caller's access to a case; null when they may not see it at all. */
export function caseAccess(actor: Actor, facts: Omit<CaseFacts, "status">): CaseAccess | null {
  if (actor.type === "user") return "full";
  if (actor.type === "partner") {
    if (facts.ownerOrganizationId === actor.organizationId) return "full";
    return facts.parties.find((p) => p.organizationId === actor.organizationId)?.access ?? null;
  }
  if (actor.type === "customer") return actor.caseId === facts.id ? "contribute" : null;
  // Tandem itself (automatic updates, deadlines) sees every case; what it may do is SYSTEM_ALLOWS.
  if (actor.type === "system") return "full";
  return null;
}

/**
 * Who may hear of a change to a case, by the same rule as `caseAccess` and `canReadMessage`:
 * `public` — staff, the users of the organisation that owns it and of those it is shared with,
 * and the customer whose link opens it; `parties` — the same but the customer; `internal` (an
 * internal note) — the users of the writer's organisation alone (`writerOrganizationId`; the
 * owner's when Tandem itself wrote it), staff of other organisations included.
 */
export function caseAudience(facts: Pick<CaseFacts, "id" | "ownerOrganizationId" | "parties">, visibility: MessageVisibility = "public", writerOrganizationId?: string | null): Audience {
  if (visibility === "internal") return { organizationIds: [writerOrganizationId ?? facts.ownerOrganizationId], organizationsOnly: true };
  const organizationIds = [facts.ownerOrganizationId, ...facts.parties.map((p) => p.organizationId)];
  return visibility === "parties" ? { organizationIds } : { organizationIds, customerCaseId: facts.id };
}

/** A message as the visibility rule sees it: how it was written and the organisation of its writer (null: Tandem or a customer). */
export interface MessageFacts {
  visibility: MessageVisibility;
  organizationId: string | null;
}

/** The organisation a message is written for: the writer's, or the case owner's when Tandem or a rule writes it. */
export function writerOrganization(actor: Actor, ownerOrganizationId: string): string | null {
  if (actor.type === "user" || actor.type === "partner") return actor.organizationId;
  if (actor.type === "customer") return null;
  return ownerOrganizationId;
}

/**
 * Who reads a message on a case they may see (the one rule for messages): `public` everyone,
 * `parties` everyone but the customer, `internal` the users of the writer's organisation only —
 * staff of another department and the case's owner included: a partner's internal note is its own.
 * Tandem itself reads everything.
 */
export function canReadMessage(reader: Actor, message: MessageFacts): boolean {
  if (message.visibility === "public") return true;
  if (reader.type === "customer") return false;
  if (message.visibility === "parties") return true;
  if (reader.type !== "user" && reader.type !== "partner") return true;
  return message.organizationId !== null && reader.organizationId === message.organizationId;
}

/** Who reads events, for `readableEvent`: everything (Tandem), a customer (public messages only), or a user of one organisation. */
export interface EventReader {
  readerKind: "all" | "customer" | "member";
  readerOrg: string | null;
}

export function eventReader(actor: Actor): EventReader {
  if (actor.type === "user" || actor.type === "partner") return { readerKind: "member", readerOrg: actor.organizationId };
  return { readerKind: actor.type === "customer" ? "customer" : "all", readerOrg: null };
}

/**
 * `canReadMessage` in SQL, for every query that reads case events (the case's events, the
 * customer's timeline): true for an event of `alias` that is not a message, or a message the
 * reader may read. A message written before its writer's organisation was recorded on it is
 * read as written by its author's organisation. The reader's fields are sent as values only
 * (a prepared statement may pass stand-ins).
 */
export function readableEvent(alias: string, reader: EventReader): RawBuilder<SqlBool> {
  const e = (col: string) => sql.ref(`${alias}.${col}`);
  return sql<SqlBool>`(${e("type")} <> 'message.added' OR ${reader.readerKind}::text = 'all' OR coalesce(${e("data")}->>'visibility', 'public') = 'public'
    OR (${reader.readerKind}::text = 'member' AND (${e("data")}->>'visibility' = 'parties'
      OR coalesce(${e("data")}->>'organizationId',
           CASE WHEN ${e("actor_type")} IN ('user', 'partner') THEN (SELECT wu.organization_id::text FROM users wu WHERE wu.id = ${e("actor_id")}::uuid) END) = ${reader.readerOrg}::text)))`;
}

/** Why the case's state refuses an action (409), or null when it allows it. */
export function stateRefusal(action: CaseAbility, status: CaseStatus, actor?: Actor): { code: CaseError; reason: string } | null {
  const closed = { code: "case_closed" as const, reason: "The case is closed; open a new case instead." };
  switch (action) {
    case "case.message":
      // A customer may always write: on a resolved or closed case it reopens it or opens a follow-up.
      return status === "closed" && actor?.type !== "customer" ? closed : null;
    case "case.assign":
    case "case.handoff":
    case "case.update":
    case "case.share":
      return status === "closed" ? closed : null;
    case "case.resolve": {
      const check = canTransition(status, "resolved");
      return check.ok ? null : { code: "invalid_transition", reason: check.reason };
    }
    case "case.reopen": {
      const check = canReopen(status);
      return check.ok ? null : { code: "invalid_transition", reason: check.reason };
    }
    case "case.set_status":
      return allowedNext(status).some((s) => s !== "resolved") ? null : { code: "invalid_transition", reason: closed.reason };
    default:
      return null;
  }
}

/** Tandem itself: reads a case and writes on it (automatic updates to the customer), nothing else. */
const SYSTEM_ALLOWS = new Set<CaseAbility>(["case.read", "case.message"]);

/** Whether the actor is a user of the organisation that owns the case. */
const ofOwner = (actor: Actor, facts: Pick<CaseFacts, "ownerOrganizationId">): boolean => "organizationId" in actor && actor.organizationId === facts.ownerOrganizationId;

function allowedByRoleAndAccess(actor: Actor, action: CaseAbility, access: CaseAccess, owner: boolean): boolean {
  if (actor.type === "customer") return CUSTOMER_ALLOWS.has(action);
  if (actor.type === "system") return SYSTEM_ALLOWS.has(action);
  if (OWNER_ONLY.has(action) && !owner && !(actor.type === "user" && actor.role === "admin")) return false;
  return roleAllows(ROLES, actor, action) && ACCESS_ALLOWS[access].has(action);
}

// The abilities depend on the actor's kind and role, their access, whether they belong to the
// owning organisation and the case's status, and on nothing else (keep it so, or widen the key):
// a few dozen combinations, each worked out once instead of for every case presented.
const abilitiesBy = new Map<string, readonly CaseAbility[]>();

/** Every action the actor may take on the case now: what the console draws its buttons from. */
export function caseAbilities(actor: Actor, facts: CaseFacts): CaseAbility[] {
  const access = caseAccess(actor, facts);
  if (!access) return [];
  const owner = ofOwner(actor, facts);
  const key = `${actor.type}:${"role" in actor ? actor.role : ""}:${access}:${owner}:${facts.status}`;
  let abilities = abilitiesBy.get(key);
  if (!abilities) {
    abilities = CASE_ABILITIES.filter((action) => allowedByRoleAndAccess(actor, action, access, owner) && !stateRefusal(action, facts.status, actor));
    abilitiesBy.set(key, abilities);
  }
  return [...abilities];
}

/**
 * Checks one action on one case: 404 when the caller may not see it (its existence is not
 * revealed), 403 when they see it but may not do this, 409 when the case's state refuses it.
 */
export function checkCase(actor: Actor, action: CaseAbility, facts: CaseFacts): void {
  const access = caseAccess(actor, facts);
  if (!access) throw notFound("Case");
  if (!allowedByRoleAndAccess(actor, action, access, ofOwner(actor, facts))) throw forbidden();
  const refusal = stateRefusal(action, facts.status, actor);
  if (refusal) throw conflict(refusal.code, refusal.reason, [{ from: facts.status, action }]);
}

/** Role-level check for routes (may this role create or list cases at all?). */
export const authorize = authorizer(ROLES);

/**
 * The one visibility rule, for every query that lists, searches or joins cases: true for the
 * cases of `alias` the caller may see. `org` is `visibilityOrg(actor)`: null for staff (every
 * case), the partner's organisation otherwise (the cases it owns or is a party to). A Kysely
 * expression: `.where(visibleCase("c", org))`, or embedded in a `sql` template.
 */
export function visibleCase(alias: string, org: string | null): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${org}::uuid IS NULL OR ${sql.ref(`${alias}.owner_organization_id`)} = ${org}::uuid
    OR EXISTS (SELECT 1 FROM case_parties vp WHERE vp.case_id = ${sql.ref(`${alias}.id`)} AND vp.organization_id = ${org}::uuid))`;
}

/** The organisation whose cases this caller sees, for `visibleCase`: null for staff, who see every case. */
export function visibilityOrg(actor: UserActor): string | null {
  return actor.type === "partner" ? actor.organizationId : null;
}

/**
 * Who may name a party's own assignee on a case: a user of that party's organisation, a user of
 * the owning organisation, or an admin — on a case they may see, that is not closed. 404 when the
 * case is not theirs to see or the organisation is not a party to it, 403, 409 when closed.
 */
export function checkPartyAssignee(actor: Actor, facts: CaseFacts, partyOrganizationId: string): void {
  if (!caseAccess(actor, facts)) throw notFound("Case");
  if (!facts.parties.some((p) => p.organizationId === partyOrganizationId)) throw notFound("Party");
  if (!mayNamePartyAssignee(actor, facts, partyOrganizationId)) throw forbidden();
  if (facts.status === "closed") throw conflict("case_closed", "The case is closed; open a new case instead.");
}

/** Whether the actor may name this party's assignee now, for the party's `abilities`. */
export function partyAbilities(actor: Actor, facts: Pick<CaseFacts, "ownerOrganizationId" | "status">, partyOrganizationId: string): "party.set_assignee"[] {
  return facts.status !== "closed" && mayNamePartyAssignee(actor, facts, partyOrganizationId) ? ["party.set_assignee"] : [];
}

function mayNamePartyAssignee(actor: Actor, facts: Pick<CaseFacts, "ownerOrganizationId">, partyOrganizationId: string): boolean {
  if (actor.type !== "user" && actor.type !== "partner") return false;
  return actor.organizationId === partyOrganizationId || ofOwner(actor, facts) || (actor.type === "user" && actor.role === "admin");
}
