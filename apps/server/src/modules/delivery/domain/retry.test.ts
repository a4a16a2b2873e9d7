import { describe, expect, it } from "vitest";
import { DELIVERY_STATUSES } from "@tandem/contracts";
import { canRetry } from "./retry.js";

describe("sending a delivery again", () => {
  it("is allowed for a parked delivery and one that was only logged", () => {
    expect(canRetry("failed")).toEqual({ ok: true });
    expect(canRetry("logged_only")).toEqual({ ok: true });
  });

  it("is refused, with the reason, for every other status", () => {
    const refused = DELIVERY_STATUSES.filter((s) => s !== "failed" && s !== "logged_only");
    expect(refused).toEqual(["pending", "sent", "undeliverable"]);
    for (const status of refused) {
      const check = canRetry(status);
      expect(check.ok, status).toBe(false);
      if (!check.ok) expect(check.reason.length, status).toBeGreaterThan(10);
    }
  });
});
