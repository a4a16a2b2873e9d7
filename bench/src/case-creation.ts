/** POST /api/v1/cases under load: 50 connections for BENCH_SECONDS, measured by autocannon. */
import fs from "node:fs";
import autocannon from "autocannon";

export interface CaseCreationResult {
  connections: number;
  seconds: number;
  created: number;
  casesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU time the server's processes (with its workers) spent per created case (user + system), when /proc tells it. */
  serverCpuMsPerCase: number | null;
}

interface AutocannonResult {
  duration: number;
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number; max: number };
}

function run(opts: { url: string; token: string; customerId: string; connections: number; seconds: number }): Promise<AutocannonResult> {
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${opts.url}/api/v1/cases`,
        connections: opts.connections,
        duration: opts.seconds,
        method: "POST",
        headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/json" },
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => ({
              ...req,
              body: JSON.stringify({ customerId: opts.customerId, kind: "request", subject: `Bench case ${++n}`, channel: "phone" }),
            }),
          },
        ],
      },
      (err: Error | null, result: AutocannonResult) => (err ? reject(err) : resolve(result)),
    );
  });
}

export async function benchCaseCreation(opts: { url: string; token: string; customerId: string; connections: number; seconds: number; serverPid?: number }): Promise<CaseCreationResult> {
  // A short warm-up so the figures describe a warm server (JIT, pool connections), not its first second.
  await run({ ...opts, connections: 10, seconds: 2 });
  const pids = opts.serverPid ? processTree(opts.serverPid) : [];
  const cpuBefore = processCpuMs(pids);
  const r = await run(opts);
  const cpuAfter = processCpuMs(pids);
  return {
    connections: opts.connections,
    seconds: opts.seconds,
    created: r["2xx"],
    casesPerSecond: r["2xx"] / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    serverCpuMsPerCase: cpuBefore !== null && cpuAfter !== null && r["2xx"] > 0 ? (cpuAfter - cpuBefore) / r["2xx"] : null,
  };
}

/** The fields of /proc/<pid>/stat after the command name (Linux); null elsewhere. */
function stat(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  } catch {
    return null;
  }
}

/** A process and its children (a clustered server's workers). */
function processTree(pid: number): number[] {
  if (!fs.existsSync("/proc")) return [];
  const children = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d) && Number(stat(Number(d))?.[1]) === pid);
  return [pid, ...children.map(Number)];
}

/** User + system CPU of processes in ms, from /proc (Linux); null elsewhere or when one has gone. */
function processCpuMs(pids: number[]): number | null {
  if (pids.length === 0) return null;
  let ticks = 0;
  for (const pid of pids) {
    const fields = stat(pid);
    if (!fields) return null;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100; // clock ticks are 1/100 s on Linux
}
