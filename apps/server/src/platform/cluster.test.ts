import { describe, expect, it } from "vitest";
import { nextRestart, resolveWorkers } from "./cluster.js";
import { ConfigError, loadEnv } from "./env.js";

const PG = "postgres://tandem@db:5432/tandem";
const WEB = ["web", "worker", "scheduler"];

describe("how many web workers `tandem serve` runs", () => {
  it("defaults to one per core on PostgreSQL and to one process on the embedded database", () => {
    expect(resolveWorkers(undefined, loadEnv({ DATABASE_URL: PG }), WEB, 8)).toEqual({ workers: 8 });
    expect(resolveWorkers(undefined, loadEnv({}), WEB, 8)).toEqual({ workers: 1 });
  });

  it("takes TANDEM_WORKERS, and --workers over it", () => {
    const env = loadEnv({ DATABASE_URL: PG, TANDEM_WORKERS: "3" });
    expect(env.workers).toBe(3);
    expect(resolveWorkers(undefined, env, WEB, 8)).toEqual({ workers: 3 });
    expect(resolveWorkers("2", env, WEB, 8)).toEqual({ workers: 2 });
    expect(resolveWorkers("1", env, WEB, 8)).toEqual({ workers: 1 });
  });

  it("refuses more than one process on the embedded database, naming the reason", () => {
    expect(resolveWorkers("2", loadEnv({}), WEB, 8)).toEqual({
      problem: "--workers=2 needs PostgreSQL (DATABASE_URL): the embedded database is one connection inside one process, so it serves from one process",
    });
    expect(resolveWorkers("1", loadEnv({}), WEB, 8)).toEqual({ workers: 1 });
    expect(() => loadEnv({ TANDEM_WORKERS: "4" })).toThrow(ConfigError);
    expect(() => loadEnv({ TANDEM_WORKERS: "4" })).toThrow(/TANDEM_WORKERS=4 needs PostgreSQL \(DATABASE_URL\)/);
    expect(loadEnv({ TANDEM_WORKERS: "1" }).workers).toBe(1);
  });

  it("refuses what is not a whole number from 1 to 256", () => {
    for (const text of ["0", "-1", "2.5", "two", "", "257", "1e2"]) {
      expect(resolveWorkers(text, loadEnv({ DATABASE_URL: PG }), WEB, 8)).toEqual({ problem: `--workers must be a whole number from 1 to 256, got "${text}"` });
    }
    expect(() => loadEnv({ DATABASE_URL: PG, TANDEM_WORKERS: "many" })).toThrow('TANDEM_WORKERS must be a whole number from 1 to 256, got "many"');
  });

  it("lists a bad TANDEM_WORKERS with every other problem at once", () => {
    try {
      loadEnv({ TANDEM_WORKERS: "0", PORT: "http" });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^PORT must be a port number/), 'TANDEM_WORKERS must be a whole number from 1 to 256, got "0"']);
    }
  });

  it("runs the other roles once: without the web role there is one process, and asking for more is refused", () => {
    const env = loadEnv({ DATABASE_URL: PG });
    expect(resolveWorkers(undefined, env, ["worker", "scheduler"], 8)).toEqual({ workers: 1 });
    expect(resolveWorkers("2", env, ["worker"], 8)).toEqual({ problem: "--workers=2 needs the web role: workers serve the web; the other roles run once." });
    expect(resolveWorkers(undefined, loadEnv({ DATABASE_URL: PG, TANDEM_WORKERS: "2" }), ["scheduler"], 8)).toEqual({
      problem: "TANDEM_WORKERS=2 needs the web role: workers serve the web; the other roles run once.",
    });
  });
});

describe("restarting a worker that exits", () => {
  const options = { restartMs: 500, maxRestartMs: 30_000, crashLoop: 5 };

  it("waits longer after each exit within a minute, up to a ceiling, and reports the fifth as a crash loop", () => {
    let exits: number[] = [];
    const seen: { delayMs: number; crashLoop: boolean }[] = [];
    for (let i = 0; i < 8; i++) {
      const next = nextRestart(exits, 1_000_000 + i * 1000, options);
      exits = next.exits;
      seen.push({ delayMs: next.delayMs, crashLoop: next.crashLoop });
    }
    expect(seen.map((s) => s.delayMs)).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(seen.map((s) => s.crashLoop)).toEqual([false, false, false, false, true, true, true, true]);
  });

  it("forgets exits older than a minute: a worker that ran a while starts again from the first delay", () => {
    const next = nextRestart([0, 10_000, 20_000, 30_000, 40_000], 100_000, options);
    expect(next).toEqual({ exits: [100_000], delayMs: 500, crashLoop: false });
  });
});
