/**
 * A PostgreSQL cluster of a test's own, which it may stop and start: initdb into a temporary
 * directory and pg_ctl, from PG_BIN (default /usr/lib/postgresql/15/bin). initdb refuses to run
 * as root, so as root the cluster runs as the `postgres` OS user.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./server-process.js";

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Starts the server and resolves once it accepts connections (pg_ctl -w). */
  start(): Promise<void>;
  /** `immediate`: as a crash would (no checkpoint, every connection cut). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Stops it if it runs and removes its directory. */
  destroy(): Promise<void>;
  log(): string;
}

export async function ownPostgres(): Promise<OwnPostgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgTool = (tool: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", path.join(PG_BIN, tool), ...args]) : run(path.join(PG_BIN, tool), args));
  await pgTool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  let running = false;
  const cluster: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgTool("pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "60", "-o", `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`, "start"]);
      running = true;
    },
    async stop(mode = "fast") {
      await pgTool("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop("immediate").catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-3000) : ""),
  };
  return cluster;
}
