import { describe, expect, it } from "vitest";
import { mergeSnapshots, Metrics } from "./metrics.js";

describe("metrics of several processes", () => {
  it("sum into one scrape: requests, durations, counters and gauges", () => {
    const a = new Metrics();
    const b = new Metrics();
    a.observeRequest("POST", "/api/v1/cases", 201, 7);
    b.observeRequest("POST", "/api/v1/cases", 201, 300);
    b.observeRequest("GET", "/api/v1/cases", 200, 2);
    a.describe("tandem_outbox_events_published_total", "Events relayed.");
    a.inc("tandem_outbox_events_published_total", 3);
    b.set("tandem_outbox_backlog", 4);
    const text = new Metrics().render(mergeSnapshots([a.snapshot(), b.snapshot()]));
    expect(text).toContain('tandem_http_requests_total{method="POST",route="/api/v1/cases",status="201"} 2\n');
    expect(text).toContain('tandem_http_requests_total{method="GET",route="/api/v1/cases",status="200"} 1\n');
    expect(text).toContain('tandem_http_request_duration_seconds_bucket{method="POST",route="/api/v1/cases",le="0.01"} 1\n');
    expect(text).toContain('tandem_http_request_duration_seconds_count{method="POST",route="/api/v1/cases"} 2\n');
    expect(text).toContain("# HELP tandem_outbox_events_published_total Events relayed.\n# TYPE tandem_outbox_events_published_total counter\ntandem_outbox_events_published_total 3\n");
    expect(text).toContain("tandem_outbox_backlog 4\n");
    // One process's scrape is its own snapshot, unchanged by merging.
    expect(new Metrics().render(mergeSnapshots([a.snapshot()])).replace(/process_resident_memory_bytes \d+/, "")).toBe(a.render().replace(/process_resident_memory_bytes \d+/, ""));
  });
});
