import os from "node:os";
import { defineConfig } from "vitest/config";

// Tests that run real server processes on PostgreSQL (crash safety, several processes) are collected only when DATABASE_URL is set.
const include = ["apps/server/src/**/*.test.ts", "apps/server/test/*.test.ts", "packages/*/src/**/*.test.ts", "apps/console/src/**/*.test.ts", "apps/portal/src/**/*.test.ts", "tools/**/*.test.ts"];
if (process.env.DATABASE_URL) include.push("apps/server/test/processes/**/*.test.ts");

export default defineConfig({
  test: {
    include,
    globalSetup: ["apps/server/test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // On PGlite each file has its own database, so two files run at once (vitest's default on a 2-core machine is one).
    // On PostgreSQL the files share one database, and the process tests start schedulers that fire any case's due timers:
    // there the files run one at a time, as before (two at once let a scheduler's SLA breach land on another file's case).
    maxWorkers: process.env.DATABASE_URL ? 1 : Math.max(2, os.availableParallelism() - 1),
  },
});
