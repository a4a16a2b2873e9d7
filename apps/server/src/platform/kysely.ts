/**
 * Typed queries: Kysely over our own Queryable, so that a repository builds its SQL from the
 * generated row types (db-types.ts) and runs it inside the transaction the caller opened with
 * `db.transaction`, on PGlite and PostgreSQL alike:
 *
 *   const user = await k(tx).selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
 *
 * Transactions stay ours (Kysely's `transaction()` is refused), and our Queryable returns rows
 * only: `numUpdatedRows`/`numDeletedRows` always read 0, so ask for `.returning(...)` instead.
 */
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
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

const cache = new WeakMap<Queryable, Kysely<DB>>();

/** The typed query builder over `queryable` (the Db or a transaction), made once per Queryable. */
export function k(queryable: Queryable): Kysely<DB> {
  let db = cache.get(queryable);
  if (!db) {
    db = new Kysely<DB>({ dialect: queryableDialect(queryable) });
    cache.set(queryable, db);
  }
  return db;
}

/** The database's `now()`: the transaction's start time, as columns defaulting to now() record it. */
export const sqlNow = sql<Date>`now()`;

/** `now()` less `seconds`, for windows measured on the database's clock. */
export const sqlSecondsAgo = (seconds: number) => sql<Date>`now() - make_interval(secs => ${seconds})`;
