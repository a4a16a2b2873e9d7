/**
 * Whether the outbox relay keeps up with case creation: the unpublished backlog, sampled from the
 * database while the load runs and after it stops, until the relay has drained it.
 */
import pg from "pg";
import { sleep } from "./server.js";

export interface OutboxBacklogResult {
  samples: number;
  /** The most events waiting to be published at any sample, during the load or after it. */
  maxBacklog: number;
  /** Events waiting when the load stopped. */
  backlogAtEnd: number;
  /** From the end of the load to an empty backlog; null if it did not empty within the timeout. */
  drainMs: number | null;
  /** Drained within a second of the load's end: the relay publishes as fast as cases are made. */
  keepsUp: boolean;
}

const KEEPS_UP_MS = 1000;

/** Starts sampling every `everyMs`; `finish` (called when the load stops) waits for the drain. */
export async function sampleOutboxBacklog(databaseUrl: string, everyMs = 100, drainTimeoutMs = 60_000) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const backlog = async () => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0]!.n;
  let samples = 0;
  let maxBacklog = 0;
  const sample = async () => {
    const n = await backlog();
    samples++;
    maxBacklog = Math.max(maxBacklog, n);
    return n;
  };
  let loading = true;
  const during = (async () => {
    while (loading) {
      await sample();
      await sleep(everyMs);
    }
  })();

  return {
    async finish(): Promise<OutboxBacklogResult> {
      const ended = performance.now();
      const backlogAtEnd = await sample();
      loading = false;
      await during;
      let drainMs: number | null = backlogAtEnd === 0 ? 0 : null;
      while (drainMs === null && performance.now() - ended < drainTimeoutMs) {
        await sleep(25);
        if ((await sample()) === 0) drainMs = performance.now() - ended;
      }
      await client.end();
      return { samples, maxBacklog, backlogAtEnd, drainMs, keepsUp: drainMs !== null && drainMs <= KEEPS_UP_MS };
    },
  };
}
