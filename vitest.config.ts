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
    // Vitest's default on a 2-core machine is one worker: the API tests wait on the database much of the time, so two keep both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
