import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "./env.js";

const DAY_MS = 86_400_000;

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
