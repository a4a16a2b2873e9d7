/**
 * Runs only the crash tests, on their own (they make their own database):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx vitest run --config apps/server/test/crash/vitest.config.ts
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../.."),
  test: {
    include: ["apps/server/test/crash/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
