import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { createTestApp, type TestApp } from "./helper.js";
import { serveConsole } from "../src/platform/static.js";
import { precompressDir } from "../../../tools/precompress.js";

/** A built app as Vite leaves it: an index page and hashed assets, compressed by the build's own step. */
async function fakeBuild(root: string, name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  await precompressDir(dir);
  return dir;
}

const script = (name: string) => `export const ${name} = ${JSON.stringify("a line of the bundle ".repeat(200))};\n`;
const page = (title: string) => `<!doctype html><title>${title}</title><script type="module" src="/assets/app-4f2a9c.js"></script>\n`;

const ENCODINGS = [
  { acceptEncoding: "gzip, deflate, br, zstd", encoding: "br", decode: zlib.brotliDecompressSync },
  { acceptEncoding: "gzip", encoding: "gzip", decode: zlib.gunzipSync },
  { acceptEncoding: undefined, encoding: undefined, decode: (b: Buffer) => b },
] as const;

describe("the console and portal pages", () => {
  let t: TestApp;
  let root: string;
  let consoleDir: string;
  let portalDir: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-static-"));
    consoleDir = await fakeBuild(root, "console", { "index.html": page("Console"), "assets/app-4f2a9c.js": script("app"), "assets/app-4f2a9c.css": "body { color: #123456; }\n".repeat(60), "assets/tiny-77aa01.js": "export {};\n" });
    portalDir = await fakeBuild(root, "portal", { "index.html": page("Portal"), "assets/index-9b1c3d.js": script("portal") });
    t = await createTestApp({ beforeReady: (app) => serveConsole(app, { console: consoleDir, portal: portalDir }) });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) => t.app.inject({ url, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} });

  function expectSame(res: LightMyRequestResponse, encoding: string | undefined, decode: (b: Buffer) => Buffer, original: string) {
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe(encoding);
    expect(String(res.headers.vary).toLowerCase()).toContain("accept-encoding");
    expect(decode(res.rawPayload).toString("utf8")).toBe(original);
  }

  for (const { acceptEncoding, encoding, decode } of ENCODINGS) {
    it(`sends hashed assets ${encoding ?? "uncompressed"} to "${acceptEncoding ?? "no Accept-Encoding"}", cached for good`, async () => {
      for (const [url, file, type] of [
        ["/assets/app-4f2a9c.js", path.join(consoleDir, "assets/app-4f2a9c.js"), "application/javascript; charset=utf-8"],
        ["/assets/app-4f2a9c.css", path.join(consoleDir, "assets/app-4f2a9c.css"), "text/css; charset=utf-8"],
        ["/portal/assets/index-9b1c3d.js", path.join(portalDir, "assets/index-9b1c3d.js"), "application/javascript; charset=utf-8"],
      ] as const) {
        const res = await get(url, acceptEncoding);
        expectSame(res, encoding, decode, fs.readFileSync(file, "utf8"));
        expect(res.headers["content-type"]).toBe(type);
        expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
        expect(Number(res.headers["content-length"])).toBe(res.rawPayload.length);
      }
    });

    it(`sends the index pages ${encoding ?? "uncompressed"} to "${acceptEncoding ?? "no Accept-Encoding"}", never cached`, async () => {
      for (const [url, dir] of [
        ["/", consoleDir],
        ["/cases/anything", consoleDir],
        ["/portal/", portalDir],
      ] as const) {
        const res = await get(url, acceptEncoding);
        expectSame(res, encoding, decode, fs.readFileSync(path.join(dir, "index.html"), "utf8"));
        expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(res.headers["cache-control"]).toBe("no-cache");
      }
    });
  }

  it("prefers br, honours q=0, and sends a file too small to compress as it is", async () => {
    expect((await get("/assets/app-4f2a9c.js", "gzip;q=1.0, br;q=0.5")).headers["content-encoding"]).toBe("gzip");
    expect((await get("/assets/app-4f2a9c.js", "br;q=0, gzip")).headers["content-encoding"]).toBe("gzip");
    expect((await get("/assets/app-4f2a9c.js", "identity")).headers["content-encoding"]).toBeUndefined();
    expect(fs.existsSync(path.join(consoleDir, "assets/tiny-77aa01.js.br"))).toBe(false);
    const tiny = await get("/assets/tiny-77aa01.js", "br, gzip");
    expectSame(tiny, undefined, (b) => b, "export {};\n");
    expect(tiny.headers["cache-control"]).toContain("immutable");
  });

  it("serves an asset built after start, cached for good", async () => {
    fs.writeFileSync(path.join(consoleDir, "assets/probe-static-test.js"), "export const probe = 1;\n");
    const res = await get("/assets/probe-static-test.js", "br");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("probe = 1");
    expect(res.headers["cache-control"]).toContain("immutable");
  });

  it("answers unknown API paths with the error shape, and missing assets with 404", async () => {
    const api = await get("/api/v1/nothing-here");
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe("not_found");
    expect((await get("/assets/missing-file.js", "br")).statusCode).toBe(404);
    expect((await get("/portal/assets/missing-file.js")).statusCode).toBe(404);
  });

  it("sends /portal to /portal/", async () => {
    const res = await get("/portal");
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/portal/");
  });
});
