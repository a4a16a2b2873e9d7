/** Prometheus text-format metrics kept in process memory (each process is scraped on its own). */
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

  render(): string {
    const lines: string[] = [];
    lines.push("# HELP tandem_http_requests_total HTTP requests by route and status.", "# TYPE tandem_http_requests_total counter");
    for (const [k, v] of this.requests) lines.push(`tandem_http_requests_total{${k}} ${v}`);
    lines.push("# HELP tandem_http_request_duration_seconds HTTP request duration.", "# TYPE tandem_http_request_duration_seconds histogram");
    for (const [k, d] of this.durations) {
      BUCKETS.forEach((b, i) => lines.push(`tandem_http_request_duration_seconds_bucket{${k},le="${b / 1000}"} ${d.buckets[i]}`));
      lines.push(`tandem_http_request_duration_seconds_bucket{${k},le="+Inf"} ${d.count}`);
      lines.push(`tandem_http_request_duration_seconds_sum{${k}} ${d.sum}`, `tandem_http_request_duration_seconds_count{${k}} ${d.count}`);
    }
    const plain = (kind: "counter" | "gauge", values: Map<string, number>) => {
      for (const [name, v] of values) {
        const help = this.help.get(name);
        if (help) lines.push(`# HELP ${name} ${help}`);
        lines.push(`# TYPE ${name} ${kind}`, `${name} ${v}`);
      }
    };
    plain("counter", this.counters);
    plain("gauge", this.gauges);
    for (const [name, h] of this.histograms) {
      lines.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} histogram`);
      h.bounds.forEach((b, i) => lines.push(`${name}_bucket{le="${b}"} ${h.counts[i]}`));
      lines.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${h.sum}`, `${name}_count ${h.count}`);
    }
    lines.push(`# TYPE process_resident_memory_bytes gauge`, `process_resident_memory_bytes ${process.memoryUsage().rss}`);
    return lines.join("\n") + "\n";
  }
}

export const metrics = new Metrics();
