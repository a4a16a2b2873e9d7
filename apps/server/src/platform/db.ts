/**
 * The database: one small interface over embedded PGlite and a PostgreSQL server, so that
 * repositories write plain PostgreSQL once and run on both.
 */
import fs from "node:fs";
import pg from "pg";
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
  /** Calls `onMessage` for every NOTIFY on `channel` (from any process on the same database). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;

pg.types.setTypeParser(INT8, (v) => Number(v));

export async function openDb(options: { databaseUrl: string | null; dataDir?: string; poolSize?: number }): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? "memory://");
}

async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith("memory://")) fs.mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, {
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
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Db> {
  // Pipeline mode: a statement goes out without waiting for the answer to the one before it on
  // the same connection (the server still runs them in order). Only `transaction` uses it, for
  // its BEGIN; everything else waits for each answer as before.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, pipeline: true });
  pool.on("error", () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  const listeners = new Map<string, Set<(payload: string) => void>>();
  // One connection LISTENs for the whole process; callers share the promise, so two first
  // listen() calls at once do not open two connections (and hear every NOTIFY twice).
  let listenClient: Promise<pg.PoolClient> | null = null;
  let closed = false;
  const ensureListenClient = () => {
    if (listenClient) return listenClient;
    const connecting: Promise<pg.PoolClient> = pool.connect().then((client) => {
      client.on("notification", (msg) => {
        for (const cb of listeners.get(msg.channel) ?? []) cb(msg.payload ?? "");
      });
      // The server closed the connection (restart, failover, idle kill): without a handler the
      // error would end the process. Drop the connection and LISTEN again on a new one.
      let dropped = false;
      client.on("error", () => {
        if (dropped || closed) return;
        dropped = true;
        if (listenClient === connecting) listenClient = null;
        client.release(true);
        relisten(0);
      });
      return client;
    });
    connecting.catch(() => {
      if (listenClient === connecting) listenClient = null;
    });
    listenClient = connecting;
    return connecting;
  };
  const relisten = (attempt: number) => {
    if (closed || listeners.size === 0) return;
    const retry = () => setTimeout(() => relisten(attempt + 1), Math.min(30_000, 250 * 2 ** attempt)).unref();
    ensureListenClient()
      .then(async (client) => {
        for (const channel of listeners.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      })
      .catch(retry);
  };
  // Notes of transactions committed within the same tick go out in one statement: under load
  // that is one round trip (and one pass through the notify lock) for many commits.
  const pending: [string, string][] = [];
  const statementNames = new Map<string, string>();
  const statement = (text: string, values: unknown[] | undefined, options: QueryOptions | undefined): pg.QueryConfig => {
    if (!options?.prepare) return { text, values };
    let name = statementNames.get(text);
    if (!name) statementNames.set(text, (name = `tandem_${statementNames.size + 1}`));
    return { name, text, values };
  };
  const flushNotes = () => {
    const batch = pending.splice(0, 200);
    if (pending.length) setImmediate(flushNotes);
    const sql = `SELECT ${batch.map((_, i) => `pg_notify($${2 * i + 1}, $${2 * i + 2})`).join(", ")}`;
    void pool.query(sql, batch.flat()).catch(() => undefined);
  };
  const sendNotes = (notes: [string, string][]) => {
    if (notes.length === 0) return;
    if (pending.length === 0) setImmediate(flushNotes);
    pending.push(...notes);
  };
  return {
    kind: "postgres",
    notify(channel, payload) {
      sendNotes([[channel, payload]]);
    },
    async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      const result = await pool.query(statement(sql, params, options));
      return result.rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      const notes: [string, string][] = [];
      // BEGIN is not sent on its own: it goes out in one write with the transaction's first
      // statement (the socket is corked around the two), and is not waited for — a round trip
      // and a wake-up of the database backend saved while the connection is held. Its answer is
      // checked before COMMIT. (BEGIN fails only with its connection, and then so does every
      // statement behind it.) A transaction that runs no statement sends nothing.
      let begun = null as Promise<unknown> | null; // set by send(), which the closure calls
      const send = (config: pg.QueryConfig | string) => {
        if (begun) return client.query(config);
        const socket = client.connection.stream;
        socket.cork();
        try {
          begun = client.query("BEGIN");
          begun.catch(() => undefined);
          return client.query(config);
        } finally {
          socket.uncork();
        }
      };
      try {
        const result = await fn({
          notify(channel, payload) {
            notes.push([channel, payload]);
          },
          async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
            const r = await send(statement(sql, params, options));
            return r.rows as T[];
          },
          async exec(sql: string) {
            await send(sql);
          },
        });
        if (begun) {
          await begun;
          await client.query("COMMIT");
        }
        sendNotes(notes);
        return result;
      } catch (error) {
        if (begun) await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onMessage) {
      const client = await ensureListenClient();
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await client.query(`LISTEN ${quoteIdent(channel)}`);
      }
      set.add(onMessage);
      return async () => {
        set!.delete(onMessage);
      };
    },
    async close() {
      closed = true;
      const client = await listenClient?.catch(() => null);
      client?.release();
      listenClient = null;
      await pool.end();
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
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
    listen: async (channel, onMessage) => (await opening).listen(channel, onMessage),
    close: async () => (await opening).close(),
  };
}
