/**
 * The real Tandem server as a child process (`node bin/tandem.mjs serve`), for tests that must
 * kill it the hard way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** The last lines it printed, for failure messages. */
  output(): string;
}

/** A TCP port that nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns `tandem serve [args]` and resolves once GET / answers 200. */
export async function startServer(env: Record<string, string>, port: number, timeoutMs = 30_000, args: string[] = []): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" };
  delete childEnv.NODE_OPTIONS; // the test runner's loader flags are not the server's
  const child = spawn(process.execPath, ["bin/tandem.mjs", "serve", ...args], { cwd: REPO_ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not answer within ${timeoutMs} ms:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { url, child, exited, output: () => output };
}

/** Stops the server gracefully if it still runs. */
export async function stopServer(server: ServerProcess | null): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
  await server.exited;
  clearTimeout(timer);
}

export interface Answer {
  status: number;
  /** Which worker of `tandem serve --workers N` answered (x-tandem-worker). */
  worker: string | undefined;
  body: any;
}

/**
 * One request on a connection of its own, so that the cluster hands it to the next worker;
 * `client` is sent as X-Forwarded-For (the address a trusted proxy would report). A JSON answer
 * is parsed; any other (the /metrics text) is given as text.
 */
export function call(url: string, init: { method?: string; token?: string; body?: unknown; client?: string } = {}): Promise<Answer> {
  const data = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers: Record<string, string> = {};
  if (data) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.client) headers["x-forwarded-for"] = init.client;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? "GET", agent: false, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, worker: res.headers["x-tandem-worker"] as string | undefined, body: text && String(res.headers["content-type"]).includes("json") ? JSON.parse(text) : text || null }));
    });
    req.on("error", reject);
    req.end(data);
  });
}
