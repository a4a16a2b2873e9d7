import { describe, expect, it } from "vitest";
import type { Queryable } from "./db.js";
import { DatabaseUnavailableError } from "./db-faults.js";
import { DatabaseNotReached, showUrl, untilDatabaseAnswers } from "./wait-for-db.js";

/** A database that refuses `refusals` times, on a clock that the waits move forward. */
function world(refusals: number, error: () => Error = () => new DatabaseUnavailableError("connection", { cause: new Error("connect ECONNREFUSED 127.0.0.1:5432") })) {
  let clock = 0;
  let asked = 0;
  const logged: string[] = [];
  const db = {
    query: async () => {
      asked++;
      if (asked <= refusals) throw error();
      return [{ "?column?": 1 }];
    },
  } as unknown as Queryable;
  const options = {
    where: "postgres://tandem:****@db:5432/tandem",
    log: { warn: (_: object, msg: string) => void logged.push(msg), info: (_: object, msg: string) => void logged.push(msg) },
    now: () => clock,
    sleep: async (ms: number) => void (clock += ms),
  };
  return { db, options, logged, asked: () => asked, clock: () => clock };
}

describe("waiting for the database at start", () => {
  it("goes on as soon as the database answers, saying that it waited", async () => {
    const w = world(3);
    await untilDatabaseAnswers(w.db, { ...w.options, waitMs: 60_000 });
    expect(w.asked()).toBe(4);
    expect(w.logged).toEqual(["the database does not answer yet: waiting for it", "the database answers: starting"]);
    expect(w.clock()).toBe(250 + 500 + 1000);
  });

  it("gives up after the wait with a message naming where it looked and why, never the password", async () => {
    const w = world(Infinity);
    const failure = await untilDatabaseAnswers(w.db, { ...w.options, waitMs: 10_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DatabaseNotReached);
    expect((failure as Error).message).toBe("Could not reach the database at postgres://tandem:****@db:5432/tandem for 10 s (connect ECONNREFUSED 127.0.0.1:5432). Check DATABASE_URL and that PostgreSQL is running; TANDEM_DB_START_WAIT sets how long to wait.");
    expect(w.clock()).toBe(10_000);
  });

  it("does not wait at all with TANDEM_DB_START_WAIT=PT0S, and does not wait on other errors", async () => {
    const once = world(1);
    await expect(untilDatabaseAnswers(once.db, { ...once.options, waitMs: 0 })).rejects.toBeInstanceOf(DatabaseNotReached);
    expect(once.asked()).toBe(1);
    const wrong = world(1, () => new Error('password authentication failed for user "tandem"'));
    await expect(untilDatabaseAnswers(wrong.db, { ...wrong.options, waitMs: 60_000 })).rejects.toThrow("password authentication failed");
    expect(wrong.asked()).toBe(1);
  });

  it("shows a URL without its password", () => {
    expect(showUrl("postgres://tandem:s3cret@db.internal:5432/tandem?sslmode=require")).toBe("postgres://tandem:****@db.internal:5432/tandem?sslmode=require");
    expect(showUrl("postgres://postgres@127.0.0.1:5432/postgres")).toBe("postgres://postgres@127.0.0.1:5432/postgres");
    expect(showUrl("not a url")).toBe("(DATABASE_URL, not a valid URL)");
  });
});
