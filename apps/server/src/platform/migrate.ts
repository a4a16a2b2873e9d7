/** Runs the numbered SQL files in apps/server/migrations once each, in order, under a lock. */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "./db.js";
import { MIGRATIONS_DIR } from "./paths.js";
const LOCK_KEY = 7_205_311;

/** The migration files, in the order they apply. */
export function migrationFiles(): string[] {
  return fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
}

export async function migrate(db: Db, log: (msg: string) => void = () => undefined): Promise<string[]> {
  const files = migrationFiles();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // Several processes may start at once on one server: the first migrates, the others wait.
    // A migration (and the wait for another process's) may take longer than a request's
    // statement timeout: it has none.
    await tx.exec(`SET LOCAL statement_timeout = 0; SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), "utf8");
      await tx.exec(sql);
      await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
      applied.push(file);
      log(`applied migration ${file}`);
    }
  });
  return applied;
}

/** The migration files not applied to this database yet (all of them on an empty database). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const [table] = await db.query<{ name: string | null }>("SELECT to_regclass('schema_migrations')::text AS name");
  const done = new Set(table?.name ? (await db.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name) : []);
  return migrationFiles().filter((f) => !done.has(f));
}
