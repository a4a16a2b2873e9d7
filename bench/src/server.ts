/** Starts the real Tandem server (`node bin/tandem.mjs serve`) as a child process and waits until it answers. */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const ADMIN_EMAIL = "bench-admin@bench.tandem.local";
export const ADMIN_PASSWORD = "bench-password-0123";

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 on GET /. */
  readyMs: number;
  /** Graceful stop (SIGTERM), resolved when the process has exited. */
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `tandem serve [args]`; it is ready at the first 200 on GET / — with `--workers`, once it
 * has also said that every worker listens (the first one answers before the others are up).
 */
export async function startServer(env: Record<string, string>, opts: { timeoutMs?: number; args?: string[] } = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The general rate limit is off (TANDEM_RATE_LIMIT=0) unless a bench sets it: a load generator is one token at full speed.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TANDEM_RATE_LIMIT: "0", ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: env.LOG_LEVEL ?? "warn" };
  if (!("DATABASE_URL" in env)) delete childEnv.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, ["bin/tandem.mjs", "serve", ...(opts.args ?? [])], { cwd: REPO_ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let dead = false;
  void exited.then(() => (dead = true));

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (dead) throw new Error(`The server exited before it answered (${child.exitCode ?? child.signalCode}).\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not answer within ${opts.timeoutMs ?? 60_000} ms.\n${output}`);
    }
    if ((!opts.args?.includes("--workers") || output.includes("Tandem is running at")) && (await answers200(`${url}/`))) break;
    await sleep(10);
  }
  const readyMs = performance.now() - started;
  return {
    url,
    child,
    readyMs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

async function answers200(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
