/**
 * Security events: sign-in lockouts, partners' identity look-ups and their limit. This is the
 * one place they are recorded: every one in the log (pino, at `warn` for refusals), and the
 * lockouts and look-ups in the audit log too, in a transaction of their own — a refused request
 * rolls its own back, and the entry must stay. (A refused sign-in is only logged: under a
 * brute-force attack there is one per guess; the lockout that caused it is audited once.)
 */
import { SYSTEM, type Actor } from "../../platform/actor.js";
import type { Log } from "../../platform/context.js";
import type { Db } from "../../platform/db.js";
import { audit } from "./audit.js";

export type SecurityEvent =
  /** A sign-in budget is used up: further password checks are refused until it frees. */
  | { type: "login.locked"; scope: "account_address" | "account" | "address"; email: string; address: string; retryAfterSeconds?: number }
  /** A sign-in was refused because a budget is full (no password was checked). */
  | { type: "login.refused"; scope: "account_address" | "account" | "address"; email: string; address: string; retryAfterSeconds: number }
  /** A partner looked a customer up by identity (found or not). */
  | { type: "customer.identity_lookup"; userId: string; organizationId: string; kind: string; found: boolean }
  /** A partner's identity look-up was refused: their hourly budget is used up. */
  | { type: "customer.identity_lookup_limited"; userId: string; organizationId: string; retryAfterSeconds: number };

const REFUSALS = new Set<SecurityEvent["type"]>(["login.locked", "customer.identity_lookup_limited"]);

export async function recordSecurityEvent(db: Db, ctx: { actor: Actor | null; now: Date; log: Log }, event: SecurityEvent): Promise<void> {
  const { log } = ctx;
  if (REFUSALS.has(event.type)) log.warn({ securityEvent: event }, `security: ${event.type}`);
  else log.info({ securityEvent: event }, `security: ${event.type}`);
  if (event.type === "login.refused") return;
  const { type, ...facts } = event;
  const subject = type === "login.locked" ? { type: "sign_in", id: event.email } : { type: "customer_identity", id: null };
  const organizationId = "organizationId" in event ? event.organizationId : null;
  await db.transaction((tx) => audit({ tx, actor: ctx.actor ?? SYSTEM, now: ctx.now, log }, { action: `security.${type}`, subject, after: facts, organizationId }));
}
