#!/usr/bin/env node
// The `tandem` command. Runs the bundled server (apps/server/dist, made by `npm run build`) when
// it is newer than every source file; otherwise runs the TypeScript sources through tsx.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bundle = path.join(root, "apps/server/dist/main.mjs");

function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) if (fs.existsSync(dir)) walk(dir);
  return newest;
}

const fresh = fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= newestSource([path.join(root, "apps/server/src"), path.join(root, "packages/contracts/src")]);
let main;
if (fresh) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(pathToFileURL(path.join(root, "apps/server/src/main.ts")).href));
}
process.exitCode = await main(process.argv.slice(2));
