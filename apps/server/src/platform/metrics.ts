/** Prometheus text-format metrics kept in process memory (each process is scraped on its own). */
const BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500];

export class Metrics {
  private requests = new Map<string, number>();
  private durations = new Map<string, { buckets: number[]; sum: number; count: number }>();
  private counters = new Map<string, number>();
  private gauges = new Map<string, number>();
  private help = new Map<string, string>();

  observeRequest(method: string, route: string, status: number, ms: number): void {
    const key = `method="${method}",route="${route.replace(/"/g, "")}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const dkey = `method="${method}",route="${route.replace(/"/g, "")}"`;
    let d = this.durations.get(dkey);
    if (!d) this.durations.set(dkey, (d = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (ms <= b) d!.buckets[i]!++;
    });
    d.sum += ms / 1000;
    d.count++;
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
    lines.push(`# TYPE process_resident_memory_bytes gauge`, `process_resident_memory_bytes ${process.memoryUsage().rss}`);
    return lines.join("\n") + "\n";
  }
}

export const metrics = new Metrics();
