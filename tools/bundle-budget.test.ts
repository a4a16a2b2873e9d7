/**
 * Size budgets on the built apps (run `npm run build` first; `npm ci` does): the JavaScript a
 * first visit downloads — the entry chunk and every chunk it imports statically, Brotli-compressed
 * as served — stays under budget. Later screens are lazy-loaded and not counted.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The entry script of a built app and every chunk reachable from it by static imports. */
export function firstScreenChunks(dist: string): string[] {
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error(`no module script in ${dist}/index.html`);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(file, "utf8");
    // Static imports only: `import … from"./x.js"` and `import"./x.js"`, not `import("./x.js")`.
    for (const m of code.matchAll(/import\s*(?:[^"'()]*?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g)) visit(path.join(path.dirname(file), m[1]!));
  };
  visit(path.join(dist, "assets", path.basename(entry)));
  return [...seen];
}

const brotliBytes = (files: string[]) => files.reduce((sum, f) => sum + fs.statSync(fs.existsSync(`${f}.br`) ? `${f}.br` : f).size, 0);

describe("bundle budgets", () => {
  it("the console's first screen (login) is at most 300 KB of compressed JavaScript, charts not among it", () => {
    const files = firstScreenChunks(path.join(ROOT, "apps/console/dist"));
    expect(files.length).toBeGreaterThan(0);
    expect(brotliBytes(files)).toBeLessThanOrEqual(300 * 1024);
    for (const f of files) expect(fs.readFileSync(f, "utf8"), `${path.basename(f)} holds ECharts`).not.toMatch(/echarts|zrender/i);
  });

  it("the login page loads no component kit: Mantine comes with the signed-in shell", () => {
    for (const f of firstScreenChunks(path.join(ROOT, "apps/console/dist"))) expect(fs.readFileSync(f, "utf8"), `${path.basename(f)} holds Mantine`).not.toMatch(/mantine/i);
  });

  it("the customer's page is at most 100 KB of compressed JavaScript", () => {
    expect(brotliBytes(firstScreenChunks(path.join(ROOT, "apps/portal/dist")))).toBeLessThanOrEqual(100 * 1024);
  });

  it("follows static imports but not lazy ones", () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "node_modules/.budget-"));
    try {
      fs.mkdirSync(path.join(dir, "assets"));
      fs.writeFileSync(path.join(dir, "index.html"), '<script type="module" crossorigin src="/assets/a.js"></script>');
      fs.writeFileSync(path.join(dir, "assets/a.js"), 'import{x as y}from"./b.js";import"./c.js";const p=()=>import("./lazy.js");');
      fs.writeFileSync(path.join(dir, "assets/b.js"), "export const x=1;");
      fs.writeFileSync(path.join(dir, "assets/c.js"), 'import"./b.js";');
      expect(firstScreenChunks(dir).map((f) => path.basename(f)).sort()).toEqual(["a.js", "b.js", "c.js"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
