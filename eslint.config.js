/**
 * `npm run lint` (also part of `npm test`): correctness rules with type information for every
 * workspace's TypeScript, and the server's module boundaries. Formatting is not the linter's job.
 */
import path from "node:path";
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import { moduleBoundaries } from "./tools/eslint/module-boundaries.js";

const serverSrc = path.join(import.meta.dirname, "apps/server/src");

export default defineConfig([
  globalIgnores(["**/dist/", "data/", "e2e/screenshots/", "bench/results/", "test-results/"]),

  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      "@typescript-eslint/no-explicit-any": "error",
      // Input validation matches control characters on purpose (contracts, cursors).
      "no-control-regex": "off",
    },
  },

  // Type information: each file is checked in the program of its nearest tsconfig.json.
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["vitest.config.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test reports a failing test itself; the promise its describe/it return never rejects.
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] }] },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },

  {
    files: ["apps/console/src/**/*.{ts,tsx}", "apps/portal/src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },

  {
    files: ["apps/server/src/**/*.ts"],
    plugins: { tandem: { rules: { "module-boundaries": moduleBoundaries } } },
    rules: { "tandem/module-boundaries": ["error", { srcDir: serverSrc }] },
  },
  // Tests live outside apps/server/src, so the boundary rule does not reach them: a test may
  // import a module's internals (a repository for its factories, say). Tests may also use `any`
  // for the JSON bodies they read.
  {
    files: ["apps/server/test/**", "e2e/**", "**/*.test.{ts,tsx}"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
]);
