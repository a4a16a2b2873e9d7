/**
 * The rules of delivery, as pure functions: which webhook hears of which event, when a failed
 * attempt is tried again (exponential back-off with jitter, for at least a day), and when a
 * webhook that keeps failing is paused.
 */
import type { Audience } from "../../../platform/events.js";

/** Retries: 30 s after the first failure, doubling, at most an hour apart, for at least `giveUpAfterMs` from the event. */
export const RETRY = { baseMs: 30_000, maxMs: 3_600_000, giveUpAfterMs: 24 * 3_600_000 } as const;

/** A webhook is paused once its attempts have failed `failedAttempts` times in a row over at least `failingForMs`. */
export const PAUSE = { failedAttempts: 10, failingForMs: 6 * 3_600_000 } as const;

export interface HookScope {
  /** null: an admin's webhook, which hears of every event staff hear of. */
  organizationId: string | null;
  events: readonly string[];
}

/** Whether a webhook subscribes to this event type and its owner may hear of an event with this audience. */
export function hookHears(hook: HookScope, type: string, audience: Audience): boolean {
  if (!hook.events.includes(type) && !hook.events.includes("*")) return false;
  // An event addressed to certain users (a notification) is theirs alone.
  if (audience.userIds) return false;
  // An admin's webhook hears what staff hear, but an internal note only its writer's organisation's webhooks.
  if (hook.organizationId === null) return !audience.organizationsOnly;
  return audience.organizationIds?.includes(hook.organizationId) ?? false;
}

export type AfterFailedAttempt = { give_up: true } | { give_up: false; retryAt: Date };

/**
 * After failed attempt number `attempts` (1 for the first) of a delivery created at `createdAt`:
 * try again after half to all of base × 2^(attempts − 1), capped at `maxMs`; or give up once the
 * delivery has been tried for `giveUpAfterMs`. `random` is in [0, 1).
 */
export function afterFailedAttempt(attempts: number, createdAt: Date, now: Date, random: number): AfterFailedAttempt {
  if (now.getTime() - createdAt.getTime() >= RETRY.giveUpAfterMs) return { give_up: true };
  const nominal = Math.min(RETRY.maxMs, RETRY.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  const wait = nominal / 2 + (nominal / 2) * Math.min(Math.max(random, 0), 1);
  return { give_up: false, retryAt: new Date(now.getTime() + Math.round(wait)) };
}

export interface FailureRecord {
  failedAttempts: number;
  failingSince: Date | null;
}

/** A webhook's failure record after an attempt: reset by a delivered one, counted up by a failed one. */
export function recordAttempt(before: FailureRecord, delivered: boolean, now: Date): FailureRecord {
  if (delivered) return { failedAttempts: 0, failingSince: null };
  return { failedAttempts: before.failedAttempts + 1, failingSince: before.failingSince ?? now };
}

/** Whether a webhook with this failure record is to be paused now. */
export function shouldPause(record: FailureRecord, now: Date): boolean {
  return record.failedAttempts >= PAUSE.failedAttempts && record.failingSince !== null && now.getTime() - record.failingSince.getTime() >= PAUSE.failingForMs;
}

/** 2xx is delivered; anything else (a redirect included: none is followed) is a failed attempt. */
export const isDelivered = (status: number | null): boolean => status !== null && status >= 200 && status < 300;
