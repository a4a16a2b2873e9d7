import { describe, expect, it } from "vitest";
import { afterFailedAttempt, hookHears, isDelivered, PAUSE, recordAttempt, RETRY, shouldPause } from "./delivery.js";

const T0 = new Date("2041-05-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

describe("who hears of an event", () => {
  const shared = { organizationIds: ["owner", "maker"], customerCaseId: "c1" };
  it("an admin's webhook hears of every event it subscribes to", () => {
    expect(hookHears({ organizationId: null, events: ["case.resolved"] }, "case.resolved", shared)).toBe(true);
    expect(hookHears({ organizationId: null, events: ["case.resolved"] }, "case.resolved", {})).toBe(true);
    expect(hookHears({ organizationId: null, events: ["*"] }, "case.created", {})).toBe(true);
  });
  it("refuses an event type it did not subscribe to", () => {
    expect(hookHears({ organizationId: null, events: ["case.created"] }, "case.resolved", shared)).toBe(false);
  });
  it("a partner's webhook hears only of events its organisation is in the audience of", () => {
    expect(hookHears({ organizationId: "maker", events: ["case.resolved"] }, "case.resolved", shared)).toBe(true);
    expect(hookHears({ organizationId: "other", events: ["case.resolved"] }, "case.resolved", shared)).toBe(false);
    expect(hookHears({ organizationId: "maker", events: ["*"] }, "case.resolved", {})).toBe(false);
    expect(hookHears({ organizationId: "maker", events: ["*"] }, "case.resolved", { customerCaseId: "c1" })).toBe(false);
  });
  it("nobody's webhook hears of an event addressed to certain users", () => {
    expect(hookHears({ organizationId: null, events: ["*"] }, "notification.created", { userIds: ["u1"] })).toBe(false);
    expect(hookHears({ organizationId: "maker", events: ["*"] }, "x.y", { userIds: ["u1"], organizationIds: ["maker"] })).toBe(false);
  });
});

describe("retries", () => {
  it("back off exponentially with jitter between half and all of the nominal wait", () => {
    expect(afterFailedAttempt(1, T0, T0, 0)).toEqual({ give_up: false, retryAt: at(RETRY.baseMs / 2) });
    expect(afterFailedAttempt(1, T0, T0, 0.999999)).toEqual({ give_up: false, retryAt: at(RETRY.baseMs) });
    expect(afterFailedAttempt(3, T0, T0, 0)).toEqual({ give_up: false, retryAt: at(2 * RETRY.baseMs) });
  });
  it("are at most an hour apart", () => {
    expect(afterFailedAttempt(40, T0, at(HOUR), 0.9999999)).toEqual({ give_up: false, retryAt: at(2 * HOUR) });
    expect(afterFailedAttempt(5000, T0, at(HOUR), 0)).toEqual({ give_up: false, retryAt: at(1.5 * HOUR) });
  });
  it("go on for at least 24 hours from the event, then give up", () => {
    expect(afterFailedAttempt(30, T0, at(RETRY.giveUpAfterMs - 1), 0.5)).toMatchObject({ give_up: false });
    expect(afterFailedAttempt(30, T0, at(RETRY.giveUpAfterMs), 0.5)).toEqual({ give_up: true });
  });
});

describe("pausing a webhook that keeps failing", () => {
  it("counts failed attempts in a row, from the first failure; a delivered one resets the record", () => {
    let r = recordAttempt({ failedAttempts: 0, failingSince: null }, false, T0);
    r = recordAttempt(r, false, at(HOUR));
    expect(r).toEqual({ failedAttempts: 2, failingSince: T0 });
    expect(recordAttempt(r, true, at(2 * HOUR))).toEqual({ failedAttempts: 0, failingSince: null });
  });
  it("pauses only after enough failed attempts over enough time", () => {
    const many = { failedAttempts: PAUSE.failedAttempts, failingSince: T0 };
    expect(shouldPause(many, at(PAUSE.failingForMs))).toBe(true);
    expect(shouldPause(many, at(PAUSE.failingForMs - 1))).toBe(false);
    expect(shouldPause({ failedAttempts: PAUSE.failedAttempts - 1, failingSince: T0 }, at(10 * PAUSE.failingForMs))).toBe(false);
    expect(shouldPause({ failedAttempts: 0, failingSince: null }, at(10 * PAUSE.failingForMs))).toBe(false);
  });
  it("2xx is delivered; redirects, errors and no answer are not", () => {
    expect([200, 201, 204, 299].map(isDelivered)).toEqual([true, true, true, true]);
    expect([null, 199, 301, 302, 400, 410, 500, 503].map(isDelivered)).toEqual([false, false, false, false, false, false, false, false]);
  });
});
