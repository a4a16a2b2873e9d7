/**
 * Who may register and see webhooks: admins (every webhook, any address) and partner agents (their
 * own organisation's webhooks only, public addresses only). Another organisation's webhook is
 * answered 404, so its existence does not leak.
 */
import type { WebhookAbility } from "@tandem/contracts";
import type { Actor, UserActor } from "../../platform/actor.js";
import { notFound } from "../../platform/errors.js";
import { authorizer, type RoleTable } from "../../platform/policies.js";

export type WebhookAction = "webhook.manage";

const ROLES: RoleTable<WebhookAction> = { "webhook.manage": ["admin", "partner_agent"] };

export const authorize = authorizer(ROLES);

/** The organisation a new webhook of this user belongs to: null (an admin's, hears of everything) or the partner's own. */
export const ownerOrganizationOf = (actor: UserActor): string | null => (actor.role === "admin" ? null : actor.organizationId);

/** Whether the user may see and change this webhook. */
export const maySee = (actor: UserActor, hook: { organization_id: string | null }): boolean => actor.role === "admin" || (hook.organization_id !== null && hook.organization_id === actor.organizationId);

/** The webhook, or 404 when there is none the user may see. */
export function visible<T extends { organization_id: string | null }>(actor: UserActor, hook: T | null): T {
  if (!hook || !maySee(actor, hook)) throw notFound("Webhook");
  return hook;
}

export const webhookAbilities = (actor: Actor): WebhookAbility[] => ("role" in actor && ROLES["webhook.manage"].includes(actor.role) ? ["webhook.update"] : []);
