/**
 * The rules of live streams, as pure functions: who may hold how many streams open, which
 * revocation closes which stream, and whether a stream's holder may still see what it shows.
 */
import type { Role } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import type { Revocation } from "../../platform/events.js";
import type { StreamLimits } from "../../platform/env.js";

/** The actors that may hold a stream: a signed-in user or partner, or a customer through a link. */
export type StreamActor = Extract<Actor, { userId: string } | { linkId: string }>;

export function isStreamActor(actor: Actor): actor is StreamActor {
  return actor.type === "user" || actor.type === "partner" || actor.type === "customer";
}

/** Why one more stream is refused for `actor`, given the actors of the streams already open; null when it may open. */
export function streamRefusal(open: Iterable<StreamActor>, actor: StreamActor, limits: Pick<StreamLimits, "perUser" | "perLink">): string | null {
  let same = 0;
  for (const other of open) if (holder(other) === holder(actor)) same++;
  if (actor.type === "customer") {
    return same >= limits.perLink ? `This link already has ${limits.perLink} live streams open; close one (another tab or window) first.` : null;
  }
  return same >= limits.perUser ? `You already have ${limits.perUser} live streams open; close one (another tab or window) first.` : null;
}

const holder = (actor: StreamActor) => (actor.type === "customer" ? `link:${actor.linkId}` : `user:${actor.userId}`);

/** Whether a revocation withdraws what this stream was opened with. */
export function revokedBy(actor: StreamActor, revocation: Revocation): boolean {
  if (actor.type === "customer") return revocation.linkIds?.includes(actor.linkId) ?? false;
  return (revocation.tokenIds?.includes(actor.tokenId) ?? false) || (revocation.userIds?.includes(actor.userId) ?? false);
}

/** What a periodic check found still live: tokens with their user's role and organisation now, and open links. */
export interface LiveAccess {
  tokens: ReadonlyMap<string, { role: Role; organizationId: string }>;
  links: ReadonlySet<string>;
}

/**
 * Whether a stream may stay open: its token or link is still live and, for a user, their role
 * and organisation are still those the stream filters changes by (after a change, the console
 * opens a new stream with the new rights).
 */
export function stillAllowed(actor: StreamActor, access: LiveAccess): boolean {
  if (actor.type === "customer") return access.links.has(actor.linkId);
  const now = access.tokens.get(actor.tokenId);
  return now !== undefined && now.role === actor.role && now.organizationId === actor.organizationId;
}
