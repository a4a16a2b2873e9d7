import type { Role } from "@tandem/contracts";

/** Who is acting: a signed-in user (staff or partner), a customer through their link, a rule, or the system. */
export type Actor =
  | { type: "user" | "partner"; userId: string; name: string; role: Role; organizationId: string; tokenId: string; viaCookie: boolean }
  | { type: "customer"; customerId: string; caseId: string; linkId: string; name: string }
  | { type: "system" | "rule"; name: string };

export type UserActor = Extract<Actor, { userId: string }>;

export interface ActorRef {
  type: "user" | "customer" | "partner" | "rule" | "system";
  id: string | null;
  name: string | null;
}

export function actorRef(actor: Actor): ActorRef {
  switch (actor.type) {
    case "user":
    case "partner":
      return { type: actor.type, id: actor.userId, name: actor.name };
    case "customer":
      return { type: "customer", id: actor.customerId, name: actor.name };
    default:
      return { type: actor.type, id: null, name: actor.name };
  }
}

export const SYSTEM: Actor = { type: "system", name: "Tandem" };
