/**
 * PostgreSQL is not up yet when `tandem serve` starts (containers started together, a machine
 * booting): the server waits for it instead of exiting, and serves once it answers. Given up
 * after TANDEM_DB_START_WAIT, it exits 1 with a message naming where it looked, without a stack
 * trace or the password.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { ownPostgres, type OwnPostgres } from "./own-postgres.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
let cluster: OwnPostgres | null = null;
let server: ServerProcess | null = null;

afterAll(async () => {
  await stopServer(server);
  await cluster?.destroy();
}, 60_000);

test("a server started before PostgreSQL waits for it, then serves", async () => {
  cluster = await ownPostgres();
  const port = await freePort();
  // The server starts first; the database follows a moment later.
  const serving = startServer({ DATABASE_URL: cluster.url, TANDEM_DEMO: "off", TANDEM_SECRET: "late-test-secret-0123456789", LOG_LEVEL: "warn", TANDEM_WORKERS: "1", TANDEM_DB_START_WAIT: "PT60S" }, port, 90_000);
  await new Promise((r) => setTimeout(r, 1500));
  await cluster.start();
  // Had it not waited, it would have exited at the first refused connection (startServer fails then).
  server = await serving;
  const ready = await fetch(`${server.url}/readyz`);
  expect(ready.status).toBe(200);
}, 120_000);

test("with nothing to reach, it gives up after TANDEM_DB_START_WAIT: exit 1 and a plain message without the password", async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ["bin/tandem.mjs", "serve"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: "", DATABASE_URL: `postgres://tandem:s3cret-pw@127.0.0.1:${port}/tandem`, TANDEM_DB_START_WAIT: "PT2S", LOG_LEVEL: "fatal", PORT: String(await freePort()), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code).toBe(1);
  expect(stderr.trim()).toBe(`Could not reach the database at postgres://tandem:****@127.0.0.1:${port}/tandem for 2 s (connect ECONNREFUSED 127.0.0.1:${port}). Check DATABASE_URL and that PostgreSQL is running; TANDEM_DB_START_WAIT sets how long to wait.`);
  expect(stderr).not.toContain("s3cret-pw");
}, 60_000);
