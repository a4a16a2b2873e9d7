// Bundles the server into dist/main.mjs so `tandem` starts without compiling TypeScript. npm
// packages stay external; the workspace's own TypeScript packages (@tandem/*) are bundled in.
import fs from "node:fs";
import { build } from "esbuild";

const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !name.startsWith("@tandem/"))
  .flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external,
  outfile: "dist/main.mjs",
  sourcemap: true,
  logLevel: "warning",
});
