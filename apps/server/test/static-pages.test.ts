import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helper.js";
import { serveConsole } from "../src/platform/static.js";
import { APPS_DIR } from "../src/platform/paths.js";

describe("the console and portal pages", () => {
  let t: TestApp;
  const probe = path.join(APPS_DIR, "console/dist/assets/probe-static-test.js");
  beforeAll(async () => {
    t = await createTestApp({ beforeReady: serveConsole });
  });
  afterAll(async () => {
    fs.rmSync(probe, { force: true });
    await t.close();
  });

  it("serves an asset built after start, cached for good", async () => {
    fs.mkdirSync(path.dirname(probe), { recursive: true });
    fs.writeFileSync(probe, "export const probe = 1;\n");
    const res = await t.app.inject({ url: "/assets/probe-static-test.js" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("probe = 1");
    expect(res.headers["cache-control"]).toContain("immutable");
  });

  it("answers client-side routes with the console page, and unknown API paths with the error shape", async () => {
    const page = await t.app.inject({ url: "/cases/anything" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const api = await t.app.inject({ url: "/api/v1/nothing-here" });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe("not_found");
    const missing = await t.app.inject({ url: "/assets/missing-file.js" });
    expect(missing.statusCode).toBe(404);
  });

  it("sends /portal to /portal/", async () => {
    const res = await t.app.inject({ url: "/portal" });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/portal/");
  });
});
