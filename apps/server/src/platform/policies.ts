/**
 * Who may do what, declared in one place. Routes ask `authorize(actor, action, resource?)`;
 * repositories receive a `CaseScope` to filter lists to what the actor may see.
 */
import type { Role } from "@tandem/contracts";
import type { Actor, UserActor } from "./actor.js";
import { forbidden, unauthorized } from "./errors.js";

export type Action =
  | "organization.create"
  | "organization.list"
  | "user.create"
  | "user.list"
  | "user.update"
  | "token.manage_own"
  | "customer.create"
  | "customer.read"
  | "customer.list"
  | "customer.see_contact_details"
  | "interaction.create"
  | "case.create"
  | "case.list"
  | "case.read"
  | "case.message"
  | "case.assign"
  | "case.resolve"
  | "case.reopen"
  | "case.set_status"
  | "case.share"
  | "case.update"
  | "case.create_customer_link";

const STAFF: Action[] = [
  "organization.list",
  "user.list",
  "token.manage_own",
  "customer.create",
  "customer.read",
  "customer.list",
  "customer.see_contact_details",
  "interaction.create",
  "case.create",
  "case.list",
  "case.read",
  "case.message",
  "case.assign",
  "case.resolve",
  "case.reopen",
  "case.set_status",
  "case.share",
  "case.update",
  "case.create_customer_link",
];

const ROLE_ACTIONS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set<Action>([...STAFF, "organization.create", "user.create", "user.update"]),
  supervisor: new Set<Action>(STAFF),
  agent: new Set<Action>(STAFF),
  // A partner desk works only inside the cases shared with it; case-level access is checked per case.
  partner_agent: new Set<Action>([
    "organization.list",
    "token.manage_own",
    "customer.read",
    "interaction.create",
    "case.list",
    "case.read",
    "case.message",
    "case.resolve",
    "case.set_status",
    "case.update",
  ]),
};

/** What a case looks like to the policy: its owner and the organisations it is shared with. */
export interface CaseAccessFacts {
  ownerOrganizationId: string;
  parties: { organizationId: string; access: "view" | "contribute" }[];
}

export type CaseAccess = "full" | "contribute" | "view" | null;

export function caseAccess(actor: Actor, facts: CaseAccessFacts): CaseAccess {
  if (actor.type === "user") return "full";
  if (actor.type === "partner") {
    if (facts.ownerOrganizationId === actor.organizationId) return "full";
    const party = facts.parties.find((p) => p.organizationId === actor.organizationId);
    return party ? party.access : null;
  }
  return null;
}

const CASE_ACTION_NEEDS: Partial<Record<Action, CaseAccess[]>> = {
  "case.read": ["full", "contribute", "view"],
  "case.message": ["full", "contribute"],
  "case.set_status": ["full", "contribute"],
  "case.resolve": ["full", "contribute"],
  "case.reopen": ["full"],
  "case.assign": ["full"],
  "case.share": ["full"],
  "case.update": ["full", "contribute"],
  "case.create_customer_link": ["full"],
  "interaction.create": ["full", "contribute"],
};

export function can(actor: Actor, action: Action, kase?: CaseAccessFacts): boolean {
  if (actor.type !== "user" && actor.type !== "partner") return false;
  if (!ROLE_ACTIONS[actor.role].has(action)) return false;
  if (kase && CASE_ACTION_NEEDS[action]) return CASE_ACTION_NEEDS[action]!.includes(caseAccess(actor, kase));
  return true;
}

/** Throws 401 for no actor and 403 when the policy refuses. Returns the user actor. */
export function authorize(actor: Actor | null | undefined, action: Action, kase?: CaseAccessFacts): UserActor {
  if (!actor) throw unauthorized();
  if (actor.type !== "user" && actor.type !== "partner") throw forbidden();
  if (!can(actor, action, kase)) throw forbidden();
  return actor;
}

/** Which cases an actor may see, for list queries. */
export type CaseScope = { all: true } | { all: false; organizationId: string };

export function caseScope(actor: UserActor): CaseScope {
  return actor.type === "partner" ? { all: false, organizationId: actor.organizationId } : { all: true };
}
