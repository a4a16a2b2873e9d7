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
  /** CPU time the server process spent per created case (user + system), when /proc tells it. */
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
  const cpuBefore = processCpuMs(opts.serverPid);
  const r = await run(opts);
  const cpuAfter = processCpuMs(opts.serverPid);
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

/** User + system CPU of a process in ms, from /proc (Linux); null elsewhere. */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks are 1/100 s on Linux
  } catch {
    return null;
  }
}
