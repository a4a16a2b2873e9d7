/**
 * A kind of due work for tests and the benchmark only, registered when TANDEM_TEST_HANDLERS=1:
 * `test.record` inserts a row for its key into due_work_test_runs, whose primary key makes a
 * second run of the same work fail (so "exactly once" is checkable from the table). Its payload
 * may ask it to hold its transaction open (`holdMs`), so a kill lands mid-batch, or to fail its
 * first `failTimes` attempts.
 */
import type { DueWorkHandlers } from "./handlers.js";

export const TEST_KIND = "test.record";

/** The table the test kind writes to: made by the tests and the benchmark, not by a migration. */
export const TEST_RUNS_DDL = `CREATE TABLE IF NOT EXISTS due_work_test_runs (
  key text PRIMARY KEY,
  due_at timestamptz NOT NULL,
  ran_at timestamptz NOT NULL,
  pid integer NOT NULL,
  attempts integer NOT NULL
)`;

export function addTestHandlers(handlers: DueWorkHandlers): void {
  handlers.add(
    TEST_KIND,
    async (ctx, work) => {
      const { holdMs, failTimes } = work.payload as { holdMs?: number; failTimes?: number };
      if (failTimes !== undefined && work.attempts < failTimes) throw new Error(`test failure ${work.attempts + 1} of ${failTimes}`);
      if (holdMs) await new Promise((resolve) => setTimeout(resolve, holdMs));
      await ctx.tx.query(`INSERT INTO due_work_test_runs (key, due_at, ran_at, pid, attempts) VALUES ($1, $2, $3, $4, $5)`, [work.key, work.dueAt, ctx.now, process.pid, work.attempts]);
    },
    { backoff: { baseMs: 1000, maxMs: 1000, maxAttempts: 3 } },
  );
}
