/**
 * At start, the database may not be up yet (a machine booting, containers started together, a
 * failover under way). Rather than exit at the first refused connection, a command waits for it —
 * for at most `waitMs` (TANDEM_DB_START_WAIT), saying so in the log — and then fails with a message
 * that names what was tried, never with a stack trace.
 */
import type { Queryable } from "./db.js";
import { DatabaseUnavailableError } from "./db-faults.js";

export class DatabaseNotReached extends Error {}

export interface WaitOptions {
  waitMs: number;
  /** Where it was looked for, as shown to a person (no password). */
  where: string;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Resolves once the database answers; throws DatabaseNotReached after `waitMs` of trying. Other errors pass through. */
export async function untilDatabaseAnswers(db: Queryable, options: WaitOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  let reason = "";
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query("SELECT 1");
      if (attempt > 1) options.log.info({ attempts: attempt, waitedMs: now() - started }, "the database answers: starting");
      return;
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      const waited = now() - started;
      // While the database is known to be down, attempts are refused without trying; the first says why.
      reason = (error.cause as Error | undefined)?.message ?? (reason || error.message);
      if (waited >= options.waitMs) {
        throw new DatabaseNotReached(`Could not reach the database at ${options.where} for ${Math.round(waited / 1000)} s (${reason}). Check DATABASE_URL and that PostgreSQL is running; TANDEM_DB_START_WAIT sets how long to wait.`);
      }
      if (attempt === 1) options.log.warn({ where: options.where, reason, waitMs: options.waitMs }, "the database does not answer yet: waiting for it");
      await sleep(Math.min(2_000, 250 * 2 ** Math.min(attempt - 1, 3), Math.max(0, options.waitMs - waited)));
    }
  }
}

/** A database URL as it may be shown: the password replaced. */
export function showUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "(DATABASE_URL, not a valid URL)";
  }
}
