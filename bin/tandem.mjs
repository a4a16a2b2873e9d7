#!/usr/bin/env node
// Shortcut for `npx tandem` from a checkout: the command lives in apps/server/bin/tandem.mjs.
await import("../apps/server/bin/tandem.mjs");
