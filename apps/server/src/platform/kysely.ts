/**
 * Typed queries: Kysely over our own Queryable, so that a repository builds its SQL from the
 * generated row types (db-types.ts) and runs it inside the transaction the caller opened with
 * `db.transaction`, on PGlite and PostgreSQL alike:
 *
 *   const user = await k(tx).selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
 *
 * Transactions stay ours (Kysely's `transaction()` is refused), and our Queryable returns rows
 * only: `numUpdatedRows`/`numDeletedRows` always read 0, so ask for `.returning(...)` instead.
 * On the hot path, `prepare` builds a statement once (see bench/query-builder.ts for the costs).
 */
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type Compilable,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from "kysely";
import type { Queryable } from "./db.js";
import type { DB } from "./db-types.js";

export type { DB } from "./db-types.js";

const OWN_TRANSACTIONS = "Open transactions with db.transaction(async (tx) => ...) and query with k(tx) inside.";

/** The one connection: every compiled query goes through Queryable.query. */
class QueryableConnection implements DatabaseConnection {
  constructor(private readonly queryable: Queryable) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: await this.queryable.query<R>(compiled.sql, compiled.parameters as unknown[]) };
  }

  // eslint-disable-next-line require-yield -- Kysely's interface wants a generator; there is nothing to stream.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming is not supported: page with a keyset cursor.");
  }
}

class QueryableDriver implements Driver {
  readonly #connection: QueryableConnection;

  constructor(queryable: Queryable) {
    this.#connection = new QueryableConnection(queryable);
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
  async beginTransaction(): Promise<void> {
    throw new Error(OWN_TRANSACTIONS);
  }
  async commitTransaction(): Promise<void> {
    throw new Error(OWN_TRANSACTIONS);
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error(OWN_TRANSACTIONS);
  }
}

// Compiling is synchronous and keeps no state between queries: one adapter and one compiler serve every Kysely.
const adapter = new PostgresAdapter();
const compiler = new PostgresQueryCompiler();

function queryableDialect(queryable: Queryable): Dialect {
  return {
    createAdapter: () => adapter,
    createQueryCompiler: () => compiler,
    createDriver: () => new QueryableDriver(queryable),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}

// The Kysely of a Queryable lives on the Queryable itself. A WeakMap would do the same, but a
// transaction's Queryable lives for milliseconds and each such WeakMap entry costs the garbage
// collector more than building the Kysely (measured in CPU: ~10 µs a transaction against ~4.5 µs).
const KYSELY = Symbol("kysely");
type WithKysely = Queryable & { [KYSELY]?: Kysely<DB> };

/** The typed query builder over `queryable` (the Db or a transaction), made once per Queryable. */
export function k(queryable: Queryable): Kysely<DB> {
  const cached = (queryable as WithKysely)[KYSELY];
  if (cached) return cached;
  const db = new Kysely<DB>({ dialect: queryableDialect(queryable) });
  // Not enumerable: a copy made by spreading a Queryable gets a Kysely of its own.
  Object.defineProperty(queryable, KYSELY, { value: db });
  return db;
}

class Slot {
  constructor(readonly name: string) {}
}

/** A statement built and compiled once, run many times with new values. */
export interface Prepared<P, O> {
  execute(queryable: Queryable, params: P): Promise<O[]>;
  executeTakeFirst(queryable: Queryable, params: P): Promise<O | undefined>;
}

const compileOnly = new Kysely<DB>({
  dialect: queryableDialect({
    query: () => Promise.reject(new Error("prepare() compiles; run the statement with execute(tx, params).")),
    exec: () => Promise.reject(new Error("prepare() does not execute")),
    notify: () => undefined,
  }),
});

/**
 * For the hot path: building a query costs 3–30 µs of CPU each time (every builder call copies
 * the query tree), running a prepared one well under 1 µs. `build` is called once, with stand-ins
 * for `params`; each must be used as one plain value (compared, inserted, limited; not an `in`
 * list), never inspected nor used to choose the query's shape. Every parameter is always sent:
 * an undefined one is NULL, not "leave the column out" as in a built query.
 *
 *   const byEmail = prepare((db, p: { email: string }) => db.selectFrom("users").selectAll().where("email", "=", p.email));
 *   const user = await byEmail.executeTakeFirst(tx, { email });
 */
export function prepare<P extends Record<string, unknown>, O>(build: (db: Kysely<DB>, params: P) => Compilable<O>): Prepared<P, O> {
  const slots = new Map<string, Slot>();
  const standIns = new Proxy({} as P, {
    get: (_target, name) => {
      if (typeof name !== "string") return undefined;
      let slot = slots.get(name);
      if (!slot) slots.set(name, (slot = new Slot(name)));
      return slot;
    },
  });
  const compiled = build(compileOnly, standIns).compile();
  const used = new Set(compiled.parameters.filter((v): v is Slot => v instanceof Slot));
  for (const slot of slots.values()) {
    if (!used.has(slot)) throw new Error(`prepare(): the parameter "${slot.name}" is not sent as a value (was it inspected, or written into the SQL?)`);
  }
  const sqlText = compiled.sql;
  const fixed = compiled.parameters;
  const execute = (queryable: Queryable, params: P) =>
    queryable.query<O>(
      sqlText,
      fixed.map((v) => (v instanceof Slot ? params[v.name] : v)),
    );
  return {
    execute,
    executeTakeFirst: async (queryable, params) => (await execute(queryable, params))[0],
  };
}

/** The database's `now()`: the transaction's start time, as columns defaulting to now() record it. */
export const sqlNow = sql<Date>`now()`;

/** `now()` less `seconds`, for windows measured on the database's clock. */
export const sqlSecondsAgo = (seconds: number) => sql<Date>`now() - make_interval(secs => ${seconds})`;

/** `text` for a LIKE/ILIKE pattern: its `%`, `_` and `\` match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
