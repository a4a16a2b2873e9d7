// Bundles the server into dist/main.mjs (packages stay external) so `tandem` starts without compiling TypeScript.
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile: "dist/main.mjs",
  sourcemap: true,
  logLevel: "warning",
});
