/**
 * The cluster IPC the general rate limit uses, alone: a primary and one worker that asks it to
 * count ASKS times (50 in flight), with the CPU each side spends per ask. Run by rate-limit-cost.ts.
 */
import cluster from "node:cluster";
import { processCounter, serveRateCounts } from "../../apps/server/src/platform/rate-limit.js";

const ASKS = 20_000;

if (cluster.isPrimary) {
  const worker = cluster.fork();
  serveRateCounts(worker);
  let before = process.cpuUsage();
  worker.on("message", (msg: { phase?: string; cpuUs?: number }) => {
    if (msg?.phase === "start") before = process.cpuUsage();
    if (msg?.phase === "done") {
      const primary = process.cpuUsage(before);
      console.log(`  IPC alone: worker ${(msg.cpuUs! / ASKS).toFixed(1)} µs CPU per request, primary ${((primary.user + primary.system) / ASKS).toFixed(1)} µs (${ASKS} asks, 50 in flight)`);
      worker.kill();
    }
  });
} else {
  const count = processCounter();
  const burst = async (n: number) => {
    const inflight: unknown[] = [];
    for (let i = 0; i < n; i++) {
      inflight.push(count(`t:key${i % 50}`, Date.now()));
      if (inflight.length >= 50) await Promise.all(inflight.splice(0));
    }
    await Promise.all(inflight);
  };
  await burst(2000); // warm-up
  process.send!({ phase: "start" });
  const before = process.cpuUsage();
  await burst(ASKS);
  const used = process.cpuUsage(before);
  process.send!({ phase: "done", cpuUs: used.user + used.system });
}
