/**
 * The Db on a PostgreSQL server (node-postgres), built to survive the server going away: every
 * connection has its error handled (an unhandled one would end the process), a broken connection
 * is destroyed rather than returned to the pool, database faults surface as
 * DatabaseUnavailableError, requests are refused at once while the server is known to be down,
 * and the LISTEN connection comes back by itself and says so (`onResync`).
 */
import pg from "pg";
import type { Db, QueryOptions } from "./db.js";
import { asDbFault, classifyDbError, DatabaseUnavailableError, DbAvailability } from "./db-faults.js";

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** Give up connecting (or waiting for a pooled connection) after this long; 0: never. */
  connectTimeoutMs?: number;
  /** PostgreSQL cancels a statement running longer than this; 0: never. */
  statementTimeoutMs?: number;
  /** Shown in pg_stat_activity, so operators (and the fault tests) find Tandem's connections. */
  applicationName?: string;
  /** Told when the database goes down or comes back. */
  onAvailability?: (up: boolean, error?: unknown) => void;
}

/**
 * How much longer than the statement timeout the client waits for an answer before it gives the
 * connection up as dead: the server's own timeout should fire first; this catches a server that
 * stopped answering altogether (frozen, or cut off without a reset).
 */
const READ_MARGIN_MS = 5_000;
/** Migrations and other scripts (`exec`) may run long: no client-side limit for them. */
const NO_READ_TIMEOUT = 2 ** 31 - 1;

export function openPostgres(options: PostgresOptions): Db {
  const { url, poolSize, connectTimeoutMs = 0, statementTimeoutMs = 0, applicationName = "tandem" } = options;
  const connection: pg.ClientConfig = {
    connectionString: url,
    application_name: applicationName,
    keepAlive: true,
    ...(connectTimeoutMs ? { connectionTimeoutMillis: connectTimeoutMs } : {}),
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + READ_MARGIN_MS } : {}),
  };
  // Pipeline mode: a statement goes out without waiting for the answer to the one before it on
  // the same connection (the server still runs them in order). Only `transaction` uses it, for
  // its BEGIN; everything else waits for each answer as before.
  const pool = new pg.Pool({ ...connection, max: poolSize, pipeline: true });
  pool.on("error", () => {
    /* an idle client lost its connection; the pool has dropped it and will open another */
  });
  // And every pooled connection has a listener of its own for its whole life: the pool listens
  // only while a connection is idle, and a checked-out one can be told of its end (a FATAL from
  // pg_terminate_backend between two statements) before whoever holds it is listening. The
  // statement under way fails with the error anyway, and a dead connection is not reused.
  pool.on("connect", (client) => {
    client.on("error", () => undefined);
  });
  let closed = false;

  const probe = async () => {
    const client = new pg.Client({ ...connection, connectionTimeoutMillis: connectTimeoutMs || 5_000, query_timeout: connectTimeoutMs || 5_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const availability = new DbAvailability(probe, {
    onChange: (up, error) => {
      options.onAvailability?.(up, error);
      if (up) listener.reconnectNow();
    },
  });
  /** Turns a fault into DatabaseUnavailableError, and has the database probed. */
  const fault = (error: unknown): unknown => {
    const mapped = asDbFault(error);
    if (mapped instanceof DatabaseUnavailableError && !closed) availability.suspect();
    return mapped;
  };
  const refuseWhileDown = () => {
    if (availability.down) throw new DatabaseUnavailableError("connection");
  };

  const listener = new Listener(connection, () => closed, fault);

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
    if (availability.down) return; // nobody to tell: listeners resynchronise when the database is back
    const sql = `SELECT ${batch.map((_, i) => `pg_notify($${2 * i + 1}, $${2 * i + 2})`).join(", ")}`;
    pool.query(sql, batch.flat()).catch(fault);
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
      refuseWhileDown();
      try {
        const result = await pool.query(statement(sql, params, options));
        return result.rows as T[];
      } catch (error) {
        throw fault(error);
      }
    },
    async exec(sql: string) {
      refuseWhileDown();
      try {
        await pool.query({ text: sql, query_timeout: NO_READ_TIMEOUT } as pg.QueryConfig);
      } catch (error) {
        throw fault(error);
      }
    },
    async transaction(fn) {
      refuseWhileDown();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw fault(error);
      }
      // A checked-out client has no error listener of the pool's: without this one, a connection
      // dropped mid-transaction would be an unhandled 'error' event and end the process. The
      // statement under way fails with the same error, so the transaction fails as it should.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken ??= error;
      };
      client.on("error", onError);
      const notes: [string, string][] = [];
      // BEGIN is not sent on its own: it goes out in one write with the transaction's first
      // statement (the socket is corked around the two), and is not waited for — a round trip and
      // a wake-up of the database backend saved while the connection is held. Its answer is
      // checked before COMMIT. (BEGIN fails only with its connection, and then so does every
      // statement behind it.) A transaction that runs no statement sends nothing.
      let begun = null as Promise<unknown> | null; // set by send(), which the closures call
      const send = (config: pg.QueryConfig) => {
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
            await send({ text: sql, query_timeout: NO_READ_TIMEOUT } as pg.QueryConfig);
          },
        });
        if (begun) {
          await begun;
          await client.query("COMMIT");
        }
        sendNotes(notes);
        return result;
      } catch (error) {
        if (!broken && classifyDbError(error) === "connection") broken = error as Error;
        if (!broken && begun) await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw fault(error);
      } finally {
        client.removeListener("error", onError);
        // A broken connection is destroyed, not handed to the next request.
        client.release(broken);
      }
    },
    async listen(channel, onMessage, onResync) {
      refuseWhileDown();
      return listener.add(channel, onMessage, onResync);
    },
    async close() {
      closed = true;
      availability.close();
      await listener.close();
      await pool.end();
    },
  };
}

type Handlers = { onMessage: (payload: string) => void; onResync?: () => void };

/**
 * The one connection that LISTENs for the whole process (its own, not a pooled one). When it
 * drops, it is replaced with backoff (250 ms doubling to 2 s, or at once when the database is
 * seen back), every channel is LISTENed again, and each listener's `onResync` is called: what
 * was notified in between was not heard, so whoever shows it must fetch again.
 */
class Listener {
  private readonly channels = new Map<string, Set<Handlers>>();
  private client: Promise<pg.Client> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private attempt = 0;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly closed: () => boolean,
    private readonly fault: (error: unknown) => unknown,
  ) {}

  async add(channel: string, onMessage: (payload: string) => void, onResync?: () => void): Promise<() => Promise<void>> {
    const handlers: Handlers = { onMessage, onResync };
    let set = this.channels.get(channel);
    const fresh = !set;
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(handlers);
    try {
      const client = await this.connected();
      if (fresh) await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      set.delete(handlers);
      if (set.size === 0) this.channels.delete(channel);
      throw this.fault(error);
    }
    return async () => {
      set.delete(handlers);
    };
  }

  /** The database is back: stop waiting out the backoff. */
  reconnectNow(): void {
    if (!this.retry) return;
    clearTimeout(this.retry);
    this.retry = null;
    this.reconnect();
  }

  async close(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    const client = await this.client?.catch(() => null);
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** The connection, opened (and its channels LISTENed) if there is none. Callers share one attempt. */
  private connected(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client(this.config);
    const opening = (async () => {
      client.on("notification", (msg) => {
        for (const h of this.channels.get(msg.channel) ?? []) h.onMessage(msg.payload ?? "");
      });
      // The server closed the connection (restart, failover, pg_terminate_backend): without this
      // handler the error would end the process. Drop it and LISTEN again on a new one.
      let dropped = false;
      client.on("error", () => {
        if (dropped) return;
        dropped = true;
        if (this.client === opening) this.client = null;
        void client.end().catch(() => undefined);
        if (!this.closed()) this.scheduleReconnect();
      });
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      return client;
    })();
    opening.catch(() => {
      if (this.client === opening) this.client = null;
      void client.end().catch(() => undefined);
    });
    this.client = opening;
    return opening;
  }

  private scheduleReconnect(): void {
    if (this.retry || this.closed() || this.channels.size === 0) return;
    const delay = Math.min(2_000, 250 * 2 ** this.attempt++);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.reconnect();
    }, delay);
    this.retry.unref();
  }

  private reconnect(): void {
    if (this.closed()) return;
    this.connected().then(
      () => {
        this.attempt = 0;
        for (const set of this.channels.values()) for (const h of set) h.onResync?.();
      },
      () => this.scheduleReconnect(),
    );
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
