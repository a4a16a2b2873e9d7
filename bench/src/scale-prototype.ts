/**
 * Candidate indexes for the case lists, built on the bench database only to show their effect
 * (both are in migration 0005 now: on a database migrated since, building them is a no-op and
 * the second timing repeats the first; bench/README.md says why each helps).
 */
import pg from "pg";

export const PROTOTYPE_INDEXES: { name: string; sql: string; why: string }[] = [
  {
    name: "cases_open_recent",
    sql: "CREATE INDEX IF NOT EXISTS cases_open_recent ON cases (updated_at DESC, id DESC) WHERE status IN ('open', 'waiting_on_customer', 'waiting_on_party')",
    why: "the open work in list order, so a filtered page reads only open cases instead of walking the whole history past closed ones",
  },
  {
    name: "case_parties_organization_case",
    sql: "CREATE INDEX IF NOT EXISTS case_parties_organization_case ON case_parties (organization_id, case_id)",
    why: "the partner's shared case ids from the index alone (an index-only scan) instead of from the table",
  },
];

/** Builds the candidates and ANALYZEs; returns the seconds it took. */
export async function buildPrototypeIndexes(databaseUrl: string, log: (msg: string) => void): Promise<number> {
  const started = performance.now();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query("SET maintenance_work_mem = '512MB'");
    for (const ix of PROTOTYPE_INDEXES) {
      const t0 = performance.now();
      await db.query(ix.sql);
      log(`      ${ix.name} built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${ix.why}`);
    }
    // VACUUM sets the visibility map an index-only scan needs (autovacuum would, in time, on a live system).
    await db.query("VACUUM ANALYZE case_parties");
    await db.query("ANALYZE cases");
  } finally {
    await db.end();
  }
  return (performance.now() - started) / 1000;
}
