/**
 * Prometheus text-format metrics kept in process memory. A server of several processes
 * (`tandem serve --workers N`) answers a scrape with the sum over all of them (cluster.ts
 * collects their snapshots over the cluster's IPC channel).
 */
const BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500];

interface Duration {
  buckets: number[];
  sum: number;
  count: number;
}

/** One method and route: its label text, duration histogram and per-status request keys, made once. */
interface Series {
  labels: string;
  duration: Duration;
  statusKeys: Map<number, string>;
}

export class Metrics {
  private requests = new Map<string, number>();
  private durations = new Map<string, Duration>();
  private counters = new Map<string, number>();
  private gauges = new Map<string, number>();
  private help = new Map<string, string>();
  private histograms = new Map<string, { bounds: readonly number[]; counts: number[]; sum: number; count: number }>();
  /** By method, then route: no string is built for a request once its route has been seen. */
  private series = new Map<string, Map<string, Series>>();

  observeRequest(method: string, route: string, status: number, ms: number): void {
    const s = this.seriesFor(method, route);
    let key = s.statusKeys.get(status);
    if (key === undefined) s.statusKeys.set(status, (key = `${s.labels},status="${status}"`));
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const d = s.duration;
    for (let i = 0; i < BUCKETS.length; i++) if (ms <= BUCKETS[i]!) d.buckets[i]!++;
    d.sum += ms / 1000;
    d.count++;
  }

  private seriesFor(method: string, route: string): Series {
    let byRoute = this.series.get(method);
    if (!byRoute) this.series.set(method, (byRoute = new Map()));
    let s = byRoute.get(route);
    if (!s) {
      const labels = `method="${method}",route="${route.replace(/"/g, "")}"`;
      let duration = this.durations.get(labels);
      if (!duration) this.durations.set(labels, (duration = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
      byRoute.set(route, (s = { labels, duration, statusKeys: new Map() }));
    }
    return s;
  }

  /** The `# HELP` line of a counter or gauge. */
  describe(name: string, help: string): void {
    this.help.set(name, help);
  }

  inc(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  /** Sets a gauge: a value that goes up and down (a backlog, a lag). */
  set(name: string, value: number): void {
    this.gauges.set(name, value);
  }

  /** Declares a histogram with these upper bounds (in its unit, e.g. seconds); observing an undeclared one is an error. */
  histogram(name: string, help: string, bounds: readonly number[]): void {
    this.help.set(name, help);
    if (!this.histograms.has(name)) this.histograms.set(name, { bounds, counts: bounds.map(() => 0), sum: 0, count: 0 });
  }

  observe(name: string, value: number): void {
    const h = this.histograms.get(name);
    if (!h) throw new Error(`Metrics: the histogram ${name} is not declared.`);
    for (let i = 0; i < h.bounds.length; i++) if (value <= h.bounds[i]!) h.counts[i]!++;
    h.sum += value;
    h.count++;
  }

  /** A histogram's observations so far: how many, their sum, and how many were at most each bound. */
  histogramOf(name: string): { count: number; sum: number; buckets: [number, number][] } | null {
    const h = this.histograms.get(name);
    return h ? { count: h.count, sum: h.sum, buckets: h.bounds.map((b, i) => [b, h.counts[i]!]) } : null;
  }

  /** A counter's or gauge's current value (0 when never touched). */
  value(name: string): number {
    return this.counters.get(name) ?? this.gauges.get(name) ?? 0;
  }

  /** Everything this process counts, as plain data (sent between processes). */
  snapshot(): MetricsSnapshot {
    return {
      requests: Object.fromEntries(this.requests),
      durations: Object.fromEntries([...this.durations].map(([k, d]) => [k, { buckets: [...d.buckets], sum: d.sum, count: d.count }])),
      counters: Object.fromEntries(this.counters),
      gauges: Object.fromEntries(this.gauges),
      help: Object.fromEntries(this.help),
      histograms: Object.fromEntries([...this.histograms].map(([k, h]) => [k, { bounds: [...h.bounds], counts: [...h.counts], sum: h.sum, count: h.count }])),
      residentMemoryBytes: process.memoryUsage().rss,
    };
  }

  /** The Prometheus text of a snapshot: this process's by default, or a merged one. */
  render(s: MetricsSnapshot = this.snapshot()): string {
    const lines: string[] = [];
    lines.push("# HELP tandem_http_requests_total HTTP requests by route and status.", "# TYPE tandem_http_requests_total counter");
    for (const [k, v] of Object.entries(s.requests)) lines.push(`tandem_http_requests_total{${k}} ${v}`);
    lines.push("# HELP tandem_http_request_duration_seconds HTTP request duration.", "# TYPE tandem_http_request_duration_seconds histogram");
    for (const [k, d] of Object.entries(s.durations)) {
      BUCKETS.forEach((b, i) => lines.push(`tandem_http_request_duration_seconds_bucket{${k},le="${b / 1000}"} ${d.buckets[i]}`));
      lines.push(`tandem_http_request_duration_seconds_bucket{${k},le="+Inf"} ${d.count}`);
      lines.push(`tandem_http_request_duration_seconds_sum{${k}} ${d.sum}`, `tandem_http_request_duration_seconds_count{${k}} ${d.count}`);
    }
    const plain = (kind: "counter" | "gauge", values: Record<string, number>) => {
      for (const [name, v] of Object.entries(values)) {
        const help = s.help[name];
        if (help) lines.push(`# HELP ${name} ${help}`);
        lines.push(`# TYPE ${name} ${kind}`, `${name} ${v}`);
      }
    };
    plain("counter", s.counters);
    plain("gauge", s.gauges);
    for (const [name, h] of Object.entries(s.histograms)) {
      lines.push(`# HELP ${name} ${s.help[name]}`, `# TYPE ${name} histogram`);
      h.bounds.forEach((b, i) => lines.push(`${name}_bucket{le="${b}"} ${h.counts[i]}`));
      lines.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${h.sum}`, `${name}_count ${h.count}`);
    }
    lines.push(`# TYPE process_resident_memory_bytes gauge`, `process_resident_memory_bytes ${s.residentMemoryBytes}`);
    return lines.join("\n") + "\n";
  }
}

interface HistogramData {
  bounds: number[];
  counts: number[];
  sum: number;
  count: number;
}

/** What one process counts: request counts and durations by route, counters, gauges, histograms. */
export interface MetricsSnapshot {
  requests: Record<string, number>;
  durations: Record<string, Duration>;
  counters: Record<string, number>;
  gauges: Record<string, number>;
  help: Record<string, string>;
  histograms: Record<string, HistogramData>;
  residentMemoryBytes: number;
}

/**
 * The whole server from its processes' snapshots: counters, histograms and gauges are summed
 * (a gauge such as the outbox backlog is set by one process only; memory is the server's total).
 */
export function mergeSnapshots(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  const merged: MetricsSnapshot = { requests: {}, durations: {}, counters: {}, gauges: {}, help: {}, histograms: {}, residentMemoryBytes: 0 };
  for (const s of snapshots) {
    add(merged.requests, s.requests);
    add(merged.counters, s.counters);
    add(merged.gauges, s.gauges);
    Object.assign(merged.help, s.help);
    merged.residentMemoryBytes += s.residentMemoryBytes;
    for (const [k, d] of Object.entries(s.durations)) {
      const into = (merged.durations[k] ??= { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 });
      d.buckets.forEach((n, i) => (into.buckets[i]! += n));
      into.sum += d.sum;
      into.count += d.count;
    }
    for (const [k, h] of Object.entries(s.histograms)) {
      const into = (merged.histograms[k] ??= { bounds: [...h.bounds], counts: h.bounds.map(() => 0), sum: 0, count: 0 });
      h.counts.forEach((n, i) => (into.counts[i]! += n));
      into.sum += h.sum;
      into.count += h.count;
    }
  }
  return merged;
}

export const metrics = new Metrics();
