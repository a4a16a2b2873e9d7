/**
 * Which build `tandem serve` will run: apps/server/bin/tandem.mjs runs the bundle (apps/server/dist)
 * when it is newer than every source file, else the TypeScript sources through tsx — much slower to start.
 */
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./server.js";

export function serverMode(): "bundle" | "tsx" {
  const bundle = path.join(REPO_ROOT, "apps/server/dist/main.mjs");
  if (!fs.existsSync(bundle)) return "tsx";
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of ["apps/server/src", "packages/contracts/src"]) {
    const full = path.join(REPO_ROOT, dir);
    if (fs.existsSync(full)) walk(full);
  }
  return fs.statSync(bundle).mtimeMs >= newest ? "bundle" : "tsx";
}
