import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import { moduleBoundaries } from "./module-boundaries.js";

RuleTester.describe = describe;
RuleTester.it = it;

const srcDir = "/repo/apps/server/src";
const options = [{ srcDir }];
const at = (file: string, code: string) => ({ filename: `${srcDir}/${file}`, code, options });
const deep = (file: string, code: string, module: string, index: string) => ({
  ...at(file, code),
  errors: [{ messageId: "deepImport", data: { specifier: /"([^"]+)"/.exec(code)?.[1], module, index } }],
});
const platform = (file: string, code: string) => ({ ...at(file, code), errors: [{ messageId: "platformImportsModule" }] });

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("module-boundaries", moduleBoundaries, {
  valid: [
    at("modules/customers/routes.ts", 'import { visibilityOrg } from "../cases/index.js";'),
    at("modules/cases/commands/assign-case.ts", 'import { findUser } from "../../users/index.js";'),
    at("modules/cases/commands/assign-case.ts", 'import { caseRow } from "../repository.js"; import { x } from "../../cases/domain/lifecycle.js";'),
    at("modules/demo/index.ts", 'export { createCase } from "../cases/index.ts";'),
    at("app.ts", 'import { caseRoutes } from "./modules/cases/index.js";'),
    at("platform/http.ts", 'import { AppError } from "./errors.js"; import Fastify from "fastify";'),
    // Outside apps/server/src (tests, bench) the rule does not apply.
    { filename: "/repo/apps/server/test/helper.ts", code: 'import { insertToken } from "../src/modules/users/repository.js";', options },
  ],
  invalid: [
    deep("modules/customers/routes.ts", 'import { caseRow } from "../cases/repository.js";', "cases", "../cases/index.js"),
    deep("modules/cases/commands/assign-case.ts", 'import type { UserRow } from "../../users/repository.js";', "users", "../../users/index.js"),
    deep("modules/live/hub.ts", 'export * from "../cases/domain/lifecycle.js";', "cases", "../cases/index.js"),
    deep("modules/live/hub.ts", 'export { caseAccess } from "../cases/policies.js";', "cases", "../cases/index.js"),
    deep("modules/live/hub.ts", 'const m = await import("../cases/policies.js");', "cases", "../cases/index.js"),
    deep("modules/live/hub.ts", 'type P = typeof import("../cases/policies.js");', "cases", "../cases/index.js"),
    deep("bootstrap.ts", 'import { insertUser } from "./modules/users/repository.js";', "users", "./modules/users/index.js"),
    platform("platform/outbox/relay.ts", 'import { caseRow } from "../../modules/cases/index.js";'),
    platform("platform/db.ts", 'import type { CaseRow } from "../modules/cases/repository.js";'),
  ],
});
