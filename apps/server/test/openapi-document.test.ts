/** docs/openapi.json, the API reference kept in the repository, is the document the server publishes. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi-document.js";

describe("docs/openapi.json", () => {
  it("is the document the server publishes (run `npm run docs:openapi` after changing a route or a schema)", async () => {
    const committed = fs.readFileSync(path.resolve(import.meta.dirname, "../../../docs/openapi.json"), "utf8");
    const published = await openApiDocument();
    expect(committed === published, "docs/openapi.json is out of date: run `npm run docs:openapi`").toBe(true);
    const doc = JSON.parse(published) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    // Creating answers 201, and the document says so.
    expect(Object.keys(doc.paths["/api/v1/cases"]!.post!.responses)).toContain("201");
    expect(Object.keys(doc.paths["/api/v1/customers"]!.post!.responses)).toContain("201");
    // Starting a server and rendering every route's schemas takes well over 30 s on a loaded machine.
  }, 120_000);
});
