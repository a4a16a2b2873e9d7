/**
 * Loading millions of generated rows quickly: a table's secondary indexes (and its primary key,
 * when no foreign key depends on it) are dropped before the load and rebuilt after it with the
 * very definitions the migrations made, and its triggers (the foreign-key checks among them) are
 * off meanwhile. The rows that end up in the database are the same as with everything in place;
 * only their indexes are built in one pass (sorted, and so packed a little tighter than indexes
 * grown row by row) instead of row by row.
 */
import pg from "pg";

export async function withBulkLoad<T>(databaseUrl: string, tables: string[], load: () => Promise<T>, log: (msg: string) => void): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows: indexes } = await db.query<{ table: string; name: string; definition: string; constraint_def: string | null }>(
      `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS definition,
              CASE WHEN con.contype = 'p' THEN pg_get_constraintdef(con.oid) END AS constraint_def
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         LEFT JOIN pg_constraint con ON con.conindid = i.oid AND con.conrelid = t.oid
        WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
          AND (con.oid IS NULL OR (con.contype = 'p' AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = t.oid)))`,
      [tables],
    );
    for (const ix of indexes) {
      await db.query(ix.constraint_def ? `ALTER TABLE ${ix.table} DROP CONSTRAINT ${ix.name}` : `DROP INDEX ${ix.name}`);
    }
    for (const table of tables) await db.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
    const result = await load();
    await db.query("SET maintenance_work_mem = '512MB'");
    for (const ix of indexes) {
      const started = performance.now();
      await db.query(ix.constraint_def ? `ALTER TABLE ${ix.table} ADD CONSTRAINT ${ix.name} ${ix.constraint_def}` : ix.definition);
      log(`  index ${ix.name} rebuilt (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    for (const table of tables) await db.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
    return result;
  } finally {
    await db.end();
  }
}
