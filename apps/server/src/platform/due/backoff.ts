/**
 * When failed due work is tried again, as a pure function: exponential back-off with jitter, up
 * to a number of attempts, after which the work is parked as failed for an admin to look at.
 */

export interface BackoffPolicy {
  /** Attempts in all (the first run included) before the work is parked. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles with each failure after that. */
  baseMs: number;
  /** The longest wait between two attempts. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 10, baseMs: 10_000, maxMs: 3_600_000 };

export type AfterFailure = { park: true; attempts: number } | { park: false; attempts: number; retryAt: Date };

/**
 * What happens after a failed attempt: `attempts` is how many had failed before this one, `now`
 * when this one failed, `random` a number in [0, 1). The wait is drawn between half and all of
 * base × 2^(failures − 1), capped at `maxMs` ("equal jitter"): work that failed together (a
 * service down) does not come back all at once, and no retry is sooner than half the nominal wait.
 */
export function afterFailure(attempts: number, now: Date, policy: BackoffPolicy = DEFAULT_BACKOFF, random: number = Math.random()): AfterFailure {
  const failures = attempts + 1;
  if (failures >= policy.maxAttempts) return { park: true, attempts: failures };
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** (failures - 1));
  const wait = nominal / 2 + (nominal / 2) * Math.min(Math.max(random, 0), 1);
  return { park: false, attempts: failures, retryAt: new Date(now.getTime() + Math.round(wait)) };
}
