/**
 * With DATABASE_URL set, the API tests run against that PostgreSQL server in a fresh database
 * made for this run (and dropped after it); without it, each test file has its own in-memory PGlite.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string | null;
    /** Without DATABASE_URL: a migrated PGlite data directory (a tarball) each test file starts from, instead of running initdb and every migration again. */
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL;
  if (!base) {
    project.provide("testDatabaseUrl", null);
    const { openDb } = await import("../src/platform/db.js");
    const { migrate } = await import("../src/platform/migrate.js");
    const db = await openDb({ databaseUrl: null, dataDir: "memory://" });
    await migrate(db);
    const dump = await db.dumpDataDir!();
    await db.close();
    const file = path.join(os.tmpdir(), `tandem-pglite-template-${process.pid}-${Date.now()}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide("pgliteTemplate", file);
    return () => fs.rmSync(file, { force: true });
  }
  project.provide("pgliteTemplate", null);
  const name = `tandem_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  project.provide("testDatabaseUrl", url.toString());
  // Migrate once here so test files do not race each other (the migration lock would serialise them anyway).
  const { openDb } = await import("../src/platform/db.js");
  const { migrate } = await import("../src/platform/migrate.js");
  const db = await openDb({ databaseUrl: url.toString() });
  await migrate(db);
  await db.close();
  return async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}
