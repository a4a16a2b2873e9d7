/**
 * Typed queries (platform/kysely.ts) run inside our own transactions and read values as the
 * generated row types say, on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { k, prepare, sqlNow } from "../src/platform/kysely.js";
import { newId } from "../src/platform/ids.js";
import { testDatabases, uniq } from "./helper.js";

describe.each(testDatabases())("typed queries on %s", (_engine, open) => {
  it("run in the caller's transaction, which commits or rolls back as a whole", async () => {
    const db = await open();
    try {
      const kept = `Kept ${uniq()}`;
      const dropped = `Dropped ${uniq()}`;
      await db.transaction(async (tx) => {
        await k(tx).insertInto("organizations").values({ id: newId(), name: kept, kind: "department" }).execute();
        expect(await k(tx).selectFrom("organizations").select("name").where("name", "=", kept).executeTakeFirst()).toEqual({ name: kept });
      });
      await expect(
        db.transaction(async (tx) => {
          await k(tx).insertInto("organizations").values({ id: newId(), name: dropped, kind: "department" }).execute();
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      const names = await k(db).selectFrom("organizations").select("name").where("name", "in", [kept, dropped]).execute();
      expect(names).toEqual([{ name: kept }]);
      await expect(k(db).transaction().execute(async () => undefined)).rejects.toThrow(/db\.transaction/);
    } finally {
      await db.close();
    }
  });

  it("read values as the row types say: Date, number for bigint, string for numeric, parsed JSON", async () => {
    const db = await open();
    try {
      const scope = `test:${uniq()}`;
      const row = await k(db)
        .insertInto("idempotency_keys")
        .values({ scope, key: "k", fingerprint: "f", status_code: 201, response: JSON.stringify({ a: [1, "b"] }) })
        .returning(["created_at", "status_code", "response"])
        .executeTakeFirstOrThrow();
      expect(row.created_at).toBeInstanceOf(Date);
      expect(row).toMatchObject({ status_code: 201, response: { a: [1, "b"] } });
      const counted = await k(db)
        .selectFrom("idempotency_keys")
        .select((eb) => [eb.fn.countAll<number>().as("n"), sql<string>`1.50::numeric`.as("price"), sqlNow.as("now")])
        .where("scope", "=", scope)
        .executeTakeFirstOrThrow();
      expect(counted.n).toBe(1);
      expect(counted.price).toBe("1.50");
      expect(counted.now).toBeInstanceOf(Date);
    } finally {
      await db.close();
    }
  });

  it("prepare: compiled once, run with new values", async () => {
    const db = await open();
    try {
      const names = [`A ${uniq()}`, `B ${uniq()}`];
      await k(db).insertInto("organizations").values(names.map((name) => ({ id: newId(), name, kind: "partner" as const }))).execute();
      const byName = prepare((qb, p: { name: string }) => qb.selectFrom("organizations").select(["name", "kind"]).where("name", "=", p.name).where("kind", "=", "partner"));
      expect(await byName.executeTakeFirst(db, { name: names[0]! })).toEqual({ name: names[0], kind: "partner" });
      expect(await byName.execute(db, { name: names[1]! })).toEqual([{ name: names[1], kind: "partner" }]);
      expect(await byName.executeTakeFirst(db, { name: "nobody" })).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});

describe("prepare", () => {
  it("refuses a parameter that is not sent as a value", () => {
    // The stand-in is always truthy: a query shaped by a parameter would be shaped once, wrongly.
    expect(() => prepare((qb, p: { partners: boolean }) => qb.selectFrom("organizations").selectAll().where("kind", "=", p.partners ? "partner" : "department"))).toThrow(
      /"partners" is not sent as a value/,
    );
  });

  it("leaves a copy of a Queryable its own query builder", () => {
    const original = { query: async <T>() => [] as T[], exec: async () => undefined, notify: () => undefined };
    const builder = k(original);
    expect(k(original)).toBe(builder);
    expect(k({ ...original })).not.toBe(builder);
  });
});
