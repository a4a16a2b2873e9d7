import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "./env.js";

const DAY_MS = 86_400_000;

describe("retention periods", () => {
  it("keep login failures and idempotency keys a day and sessions thirty days after they end, unless told otherwise", () => {
    expect(loadEnv({})).toMatchObject({ throttleRetentionMs: 2 * DAY_MS, idempotencyKeyRetentionMs: DAY_MS, sessionRetentionMs: 30 * DAY_MS });
    const env = loadEnv({ TANDEM_THROTTLE_RETENTION: "P3D", TANDEM_IDEMPOTENCY_KEY_RETENTION: "P2D", TANDEM_SESSION_RETENTION: "P1W" });
    expect(env).toMatchObject({ throttleRetentionMs: 3 * DAY_MS, idempotencyKeyRetentionMs: 2 * DAY_MS, sessionRetentionMs: 7 * DAY_MS });
  });

  it("list every bad period at once", () => {
    expect(() => loadEnv({ TANDEM_THROTTLE_RETENTION: "1h", TANDEM_SESSION_RETENTION: "P1M" })).toThrow(
      /TANDEM_THROTTLE_RETENTION must be an ISO 8601 duration[\s\S]*TANDEM_SESSION_RETENTION must be an ISO 8601 duration/,
    );
  });
});

describe("TANDEM_OUTBOX_RETENTION", () => {
  it("keeps published outbox events seven days unless told otherwise", () => {
    expect(loadEnv({}).outboxRetentionMs).toBe(7 * DAY_MS);
    expect(loadEnv({ TANDEM_OUTBOX_RETENTION: "P30D" }).outboxRetentionMs).toBe(30 * DAY_MS);
    expect(loadEnv({ TANDEM_OUTBOX_RETENTION: "PT12H" }).outboxRetentionMs).toBe(DAY_MS / 2);
  });

  it("refuses a duration of months or anything not ISO 8601, listed with the other problems", () => {
    for (const value of ["P1M", "7 days", "7d", ""]) {
      let problems: string[] = [];
      try {
        loadEnv({ TANDEM_OUTBOX_RETENTION: value, PORT: "http" });
      } catch (error) {
        problems = (error as ConfigError).problems;
      }
      expect(problems, value).toHaveLength(2);
      expect(problems[1]).toContain(`TANDEM_OUTBOX_RETENTION must be an ISO 8601 duration`);
    }
  });
});

describe("database timeouts", () => {
  it("connect within 5 s and cancel a statement after 10 s unless told otherwise; PT0S turns one off", () => {
    expect(loadEnv({})).toMatchObject({ dbConnectTimeoutMs: 5000, dbStatementTimeoutMs: 10_000 });
    expect(loadEnv({ TANDEM_DB_CONNECT_TIMEOUT: "PT0.5S", TANDEM_DB_STATEMENT_TIMEOUT: "PT0S" })).toMatchObject({ dbConnectTimeoutMs: 500, dbStatementTimeoutMs: 0 });
  });

  it("refuses a timeout that is not an ISO 8601 duration, listed with the other problems", () => {
    let problems: string[] = [];
    try {
      loadEnv({ TANDEM_DB_CONNECT_TIMEOUT: "5s", TANDEM_DB_STATEMENT_TIMEOUT: "P1M" });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'TANDEM_DB_CONNECT_TIMEOUT must be an ISO 8601 duration such as PT5S or PT0.5S (PT0S for none), got "5s"',
      'TANDEM_DB_STATEMENT_TIMEOUT must be an ISO 8601 duration such as PT5S or PT0.5S (PT0S for none), got "P1M"',
    ]);
  });
});

describe("live stream limits and the shutdown grace", () => {
  it("default to 10 streams per user, 3 per link, 256 KB behind, a check every 15 s and 10 s of grace", () => {
    const env = loadEnv({});
    expect(env.streams).toEqual({ perUser: 10, perLink: 3, maxBufferedBytes: 256 * 1024, recheckMs: 15_000 });
    expect(env.shutdownGraceMs).toBe(10_000);
    expect(env.dbStartWaitMs).toBe(60_000);
    expect(loadEnv({ TANDEM_DB_START_WAIT: "PT0S" }).dbStartWaitMs).toBe(0);
    const tuned = loadEnv({ TANDEM_STREAMS_PER_USER: "50", TANDEM_STREAMS_PER_LINK: "1", TANDEM_STREAM_BUFFER_KB: "1024", TANDEM_STREAM_RECHECK: "PT1M", TANDEM_SHUTDOWN_GRACE: "PT30S" });
    expect(tuned.streams).toEqual({ perUser: 50, perLink: 1, maxBufferedBytes: 1024 * 1024, recheckMs: 60_000 });
    expect(tuned.shutdownGraceMs).toBe(30_000);
  });

  it("refuses what is not a count or a duration, each listed", () => {
    let problems: string[] = [];
    try {
      loadEnv({ TANDEM_STREAMS_PER_USER: "0", TANDEM_STREAMS_PER_LINK: "many", TANDEM_STREAM_BUFFER_KB: "-1", TANDEM_STREAM_RECHECK: "PT0S", TANDEM_SHUTDOWN_GRACE: "10s" });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'TANDEM_STREAMS_PER_USER must be a whole number from 1 to 10000, got "0"',
      'TANDEM_STREAMS_PER_LINK must be a whole number from 1 to 10000, got "many"',
      'TANDEM_STREAM_BUFFER_KB must be a whole number from 1 to 1048576, got "-1"',
      'TANDEM_STREAM_RECHECK must be an ISO 8601 duration of at least 0.1 s (such as PT15S), got "PT0S"',
      'TANDEM_SHUTDOWN_GRACE must be an ISO 8601 duration of at least 0 s (such as PT10S), got "10s"',
    ]);
  });
});

describe("webhooks", () => {
  it("give an attempt 10 s and keep partners on https unless told otherwise", () => {
    expect(loadEnv({}).webhooks).toEqual({ timeoutMs: 10_000, allowHttp: false });
    expect(loadEnv({ TANDEM_WEBHOOK_TIMEOUT: "PT2.5S", TANDEM_WEBHOOK_ALLOW_HTTP: "1" }).webhooks).toEqual({ timeoutMs: 2500, allowHttp: true });
  });

  it("refuse a timeout under 0.1 s and an allowance that is not 0 or 1", () => {
    let problems: string[] = [];
    try {
      loadEnv({ TANDEM_WEBHOOK_TIMEOUT: "PT0S", TANDEM_WEBHOOK_ALLOW_HTTP: "yes" });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'TANDEM_WEBHOOK_TIMEOUT must be an ISO 8601 duration of at least 0.1 s (such as PT10S), got "PT0S"',
      'TANDEM_WEBHOOK_ALLOW_HTTP must be 0 or 1, got "yes"',
    ]);
  });
});
