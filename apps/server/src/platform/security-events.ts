/**
 * Security events: sign-in lockouts, partners' identity look-ups and their limit. This is the
 * one place they are recorded — today in the log (pino, at `warn` for refusals), and the place
 * to route them to the audit log.
 */
import type { Log } from "./context.js";

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

export function recordSecurityEvent(log: Log, event: SecurityEvent): void {
  if (REFUSALS.has(event.type)) log.warn({ securityEvent: event }, `security: ${event.type}`);
  else log.info({ securityEvent: event }, `security: ${event.type}`);
}
