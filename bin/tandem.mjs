#!/usr/bin/env node
// The `tandem` command: runs the TypeScript server through tsx (no build step for the server).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../apps/server/src/main.ts");
process.exitCode = await main(process.argv.slice(2));
