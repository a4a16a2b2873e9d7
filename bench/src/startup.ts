/** `tandem serve` on an existing embedded-database directory, timed to the first 200 on GET /. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./server.js";

export interface StartupResult {
  firstStartMs: number;
  restartsMs: number[];
  medianMs: number;
}

export async function benchStartup(opts: { restarts: number }): Promise<StartupResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-bench-startup-"));
  // Like `npm start` on a fresh machine: no DATABASE_URL, the demo workspace on.
  const env = { TANDEM_DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  try {
    const first = await startServer(env, { timeoutMs: 120_000 });
    await first.stop();
    const restartsMs: number[] = [];
    for (let i = 0; i < opts.restarts; i++) {
      const s = await startServer(env);
      restartsMs.push(s.readyMs);
      await s.stop();
    }
    const sorted = [...restartsMs].sort((a, b) => a - b);
    return { firstStartMs: first.readyMs, restartsMs, medianMs: sorted[Math.floor(sorted.length / 2)]! };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
