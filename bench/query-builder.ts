/**
 * `npm run bench:query-builder -w @tandem/bench`: what typed queries (platform/kysely.ts) cost in
 * CPU before the database sees them: building a Kysely for a new transaction, building and
 * compiling a query, running it through a Queryable that answers at once, and a prepared
 * statement, against the same call with a hand-written SQL string. No database: these are the
 * microseconds Kysely adds to each query.
 */
import type { Queryable } from "../apps/server/src/platform/db.js";
import { k, prepare } from "../apps/server/src/platform/kysely.js";
import { findActiveToken } from "../apps/server/src/modules/users/repository.js";

const ID = "0196a7f0-0000-7000-8000-000000000000";
const instant = (): Queryable => ({ query: async () => [], exec: async () => undefined, notify: () => undefined });

/** Mean CPU microseconds (user + system) per call of `fn`, best of five rounds of `n` calls after a warm-up: CPU time, so that other work on the machine skews it less than wall time. */
async function microseconds(n: number, fn: () => unknown): Promise<number> {
  const round = async () => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / n;
  };
  await round();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) rounds.push(await round());
  return Math.min(...rounds);
}

const shared = instant();
const userById = prepare((db, p: { id: string }) => db.selectFrom("users").selectAll().where("id", "=", p.id));
const figures: [string, number][] = [
  ["raw SQL string through Queryable.query", await microseconds(100_000, () => shared.query("SELECT * FROM users WHERE id = $1", [ID]))],
  ["k(tx) for a new transaction (new Kysely)", await microseconds(100_000, () => k(instant()))],
  ["k(tx) cached", await microseconds(100_000, () => k(shared))],
  ["build + compile: select a user by id", await microseconds(100_000, () => k(shared).selectFrom("users").selectAll().where("id", "=", ID).compile())],
  [
    "build + compile: users join organizations, 3 filters, keyset, limit",
    await microseconds(50_000, () =>
      k(shared)
        .selectFrom("users as u")
        .innerJoin("organizations as o", "o.id", "u.organization_id")
        .selectAll("u")
        .select(["o.name as organization_name", "o.kind as organization_kind"])
        .where("u.organization_id", "=", ID)
        .where("u.active", "=", true)
        .where((eb) => eb(eb.refTuple("u.name", "u.id"), ">", eb.tuple("Ann", ID)))
        .orderBy("u.name")
        .orderBy("u.id")
        .limit(51)
        .compile(),
    ),
  ],
  ["execute: select a user by id (build, compile, run)", await microseconds(100_000, () => k(shared).selectFrom("users").selectAll().where("id", "=", ID).executeTakeFirst())],
  ["execute in a new transaction (new Kysely + run)", await microseconds(100_000, () => k(instant()).selectFrom("users").selectAll().where("id", "=", ID).executeTakeFirst())],
  ["prepared: select a user by id (run)", await microseconds(100_000, () => userById.executeTakeFirst(shared, { id: ID }))],
  ["prepared: the token lookup of every request (findActiveToken)", await microseconds(100_000, () => findActiveToken(shared, "hash", new Date()))],
];

console.log(`Typed-query overhead, node ${process.version} (CPU µs per call, best of 5 rounds)`);
for (const [what, us] of figures) console.log(`  ${us.toFixed(2).padStart(7)} µs  ${what}`);
