import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** apps/server, found from this file whether it runs from src/ (tsx) or from the dist/ bundle. */
function findServerRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, "migrations")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error("Cannot find the Tandem server's migrations folder.");
}

export const SERVER_ROOT = findServerRoot();
export const MIGRATIONS_DIR = path.join(SERVER_ROOT, "migrations");
export const APPS_DIR = path.dirname(SERVER_ROOT);
