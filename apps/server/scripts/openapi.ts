/**
 * Writes the OpenAPI document the server publishes at /api/v1/openapi.json to docs/openapi.json,
 * the reference kept in the repository (`npm run docs:openapi`). A test fails when they differ.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "../test/openapi-document.js";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/openapi.json");
fs.writeFileSync(out, await openApiDocument());
console.log(`Wrote ${path.relative(process.cwd(), out)}`);
