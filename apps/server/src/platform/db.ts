/**
 * The database: one small interface over embedded PGlite and a PostgreSQL server, so that
 * repositories write plain PostgreSQL once and run on both.
 */
import fs from "node:fs";
import pg from "pg";
import { openPostgres } from "./postgres.js";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

export interface QueryOptions {
  /**
   * A statement run on every request of a hot path: PostgreSQL keeps it parsed and planned per
   * connection (a named prepared statement) instead of parsing it each time. Only for statements
   * whose best plan does not depend on their parameters; PGlite ignores it.
   */
  prepare?: boolean;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * NOTIFY `channel`. In a transaction it is sent after COMMIT (and dropped on rollback): a
   * NOTIFY inside the transaction would take PostgreSQL's commit-time notify lock and make
   * concurrent commits queue one behind another.
   */
  notify(channel: string, payload: string): void;
}

export interface Db extends Queryable {
  readonly kind: "pglite" | "postgres";
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onMessage` for every NOTIFY on `channel` (from any process on the same database), and
   * `onResync` after the listening connection was lost and is back: notes sent in between were
   * not heard, so what depends on them must be fetched again.
   */
  listen(channel: string, onMessage: (payload: string) => void, onResync?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball, for `OpenOptions.loadDataDir`. */
  dumpDataDir?(): Promise<Blob>;
}

const INT8 = 20;
const NUMERIC = 1700;

pg.types.setTypeParser(INT8, (v) => Number(v));

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir?: string;
  /** PGlite only: start from this dump of a data directory (`dumpDataDir`) instead of an empty one — the tests' migrated template. */
  loadDataDir?: Blob;
  poolSize?: number;
  /** PostgreSQL only (see platform/postgres.ts); none by default. The server passes TANDEM_DB_*. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  onAvailability?: (up: boolean, error?: unknown) => void;
}

export async function openDb(options: OpenOptions): Promise<Db> {
  const { databaseUrl, poolSize = 10, connectTimeoutMs, statementTimeoutMs, onAvailability } = options;
  if (databaseUrl) return openPostgres({ url: databaseUrl, poolSize, connectTimeoutMs, statementTimeoutMs, onAvailability });
  return openPglite(options.dataDir ?? "memory://", options.loadDataDir);
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Db> {
  if (!dataDir.startsWith("memory://")) fs.mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, {
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => v },
  });
  const sendNotes = (notes: [string, string][]) => {
    for (const [channel, payload] of notes) void lite.query("SELECT pg_notify($1, $2)", [channel, payload]).catch(() => undefined);
  };
  const wrap = (q: { query: PGlite["query"]; exec: PGlite["exec"] }, notes: [string, string][] | null): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const result = await q.query<T>(sql, params);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    notify(channel, payload) {
      if (notes) notes.push([channel, payload]);
      else sendNotes([[channel, payload]]);
    },
  });
  return {
    kind: "pglite",
    ...wrap(lite, null),
    async transaction(fn) {
      const notes: [string, string][] = [];
      const result = await lite.transaction((tx) => fn(wrap(tx, notes)));
      sendNotes(notes);
      return result;
    },
    async listen(channel, onMessage) {
      const unsubscribe = await lite.listen(channel, onMessage);
      return async () => unsubscribe();
    },
    close: () => lite.close(),
    dumpDataDir: () => lite.dumpDataDir("none"),
  };
}

/**
 * A Db usable before it is open: every call waits for `opening`. Lets start-up build the HTTP
 * application while the embedded database is still starting (its WebAssembly compiles off the
 * main thread), instead of one after the other.
 */
export function deferredDb(kind: Db["kind"], opening: Promise<Db>): Db {
  return {
    kind,
    query: async (sql, params, options) => (await opening).query(sql, params, options),
    exec: async (sql) => (await opening).exec(sql),
    notify: (channel, payload) => void opening.then((db) => db.notify(channel, payload)),
    transaction: async (fn) => (await opening).transaction(fn),
    listen: async (channel, onMessage, onResync) => (await opening).listen(channel, onMessage, onResync),
    close: async () => (await opening).close(),
  };
}
