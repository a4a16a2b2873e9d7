/**
 * Runs only the tests with real server processes on PostgreSQL, on their own (they make their own database):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx vitest run --config apps/server/test/processes/vitest.config.ts
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../.."),
  test: {
    include: ["apps/server/test/processes/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
