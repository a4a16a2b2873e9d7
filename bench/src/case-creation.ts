/** POST /api/v1/cases under load: 50 connections for BENCH_SECONDS, measured by autocannon. */
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

export async function benchCaseCreation(opts: { url: string; token: string; customerId: string; connections: number; seconds: number }): Promise<CaseCreationResult> {
  // A short warm-up so the figures describe a warm server (JIT, pool connections), not its first second.
  await run({ ...opts, connections: 10, seconds: 2 });
  const r = await run(opts);
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
  };
}
