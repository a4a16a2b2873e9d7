import { describe, expect, it } from "vitest";
import { DEFAULT_OUTREACH_SETTINGS, decide, isResponseTo, localDay, outsideQuietHours, type GuardInput, type NearbyContact } from "./guard.js";

const H = 3_600_000;
const at = (iso: string) => new Date(iso);
// 2026-12-01 10:00 in Shanghai (UTC+8).
const tenAm = at("2026-12-01T02:00:00Z");
const base: GuardInput = { caseStatus: "open", optedOut: false, isResponse: false, timeZone: "Asia/Shanghai", settings: DEFAULT_OUTREACH_SETTINGS, requestedFor: tenAm, nearby: [] };
const contact = (id: string, when: Date, extra: Partial<NearbyContact> = {}): NearbyContact => ({ id, status: "scheduled", scheduledFor: when, isResponse: false, ...extra });

describe("the contact guard", () => {
  it("schedules a contact at the time asked when no rule holds it", () => {
    expect(decide(base)).toEqual({ status: "scheduled", scheduledFor: tenAm, reason: null });
  });

  it.each(["resolved", "closed"])("suppresses every contact on a %s case (case_resolved), a response too", (caseStatus) => {
    expect(decide({ ...base, caseStatus })).toMatchObject({ status: "suppressed", reason: "case_resolved" });
    expect(decide({ ...base, caseStatus, isResponse: true })).toMatchObject({ status: "suppressed", reason: "case_resolved" });
  });

  it.each(["open", "waiting_on_customer", "waiting_on_party"])("plans on a %s case", (caseStatus) => {
    expect(decide({ ...base, caseStatus }).status).toBe("scheduled");
  });

  it("suppresses a contact on a channel the customer opted out of (opted_out), before any other rule but the case's state", () => {
    expect(decide({ ...base, optedOut: true })).toMatchObject({ status: "suppressed", reason: "opted_out" });
    expect(decide({ ...base, optedOut: true, nearby: [contact("a", tenAm)] })).toMatchObject({ reason: "opted_out" });
    expect(decide({ ...base, optedOut: true, isResponse: true })).toMatchObject({ reason: "opted_out" });
  });

  it("suppresses a duplicate of a contact scheduled within the window, naming the nearest one", () => {
    const d = decide({ ...base, nearby: [contact("far", new Date(tenAm.getTime() + 20 * H)), contact("near", new Date(tenAm.getTime() - 2 * H))] });
    expect(d).toEqual({ status: "suppressed", scheduledFor: tenAm, reason: "duplicate", duplicateOf: "near" });
  });

  it("counts the window's edge as inside, and a contact just beyond it as another contact", () => {
    expect(decide({ ...base, nearby: [contact("edge", new Date(tenAm.getTime() + 24 * H))] })).toMatchObject({ reason: "duplicate", duplicateOf: "edge" });
    expect(decide({ ...base, nearby: [contact("beyond", new Date(tenAm.getTime() + 24 * H + 1000))] }).status).toBe("scheduled");
  });

  it("does not merge into a contact already sent, nor into a response", () => {
    const sent = contact("sent", tenAm, { status: "sent" });
    const reply = contact("reply", tenAm, { isResponse: true });
    expect(decide({ ...base, nearby: [sent, reply] })).toMatchObject({ status: "scheduled", reason: null });
  });

  it("caps contacts a day in the customer's zone (contact_cap), counting scheduled and sent across parties, not responses", () => {
    const settings = { ...DEFAULT_OUTREACH_SETTINGS, windowMs: H };
    const morning = at("2026-12-01T00:30:00Z"); // 08:30 Shanghai
    const evening = at("2026-12-01T11:00:00Z"); // 19:00 Shanghai
    const two = [contact("a", morning, { status: "sent" }), contact("b", evening)];
    expect(decide({ ...base, settings, nearby: two })).toMatchObject({ status: "suppressed", reason: "contact_cap" });
    expect(decide({ ...base, settings, nearby: [two[0]!, contact("r", evening, { isResponse: true })] })).toMatchObject({ status: "scheduled" });
    expect(decide({ ...base, settings: { ...settings, dailyCap: 3 }, nearby: two }).status).toBe("scheduled");
  });

  it("counts the day in the customer's zone, not in UTC: two contacts on the UTC day before are the customer's same day", () => {
    const settings = { ...DEFAULT_OUTREACH_SETTINGS, windowMs: H };
    // 30 Nov 17:00Z and 18:00Z are 1 Dec 01:00/02:00 in Shanghai: the same local day as 10:00 on 1 Dec.
    const nearby = [contact("a", at("2026-11-30T17:00:00Z"), { status: "sent" }), contact("b", at("2026-11-30T18:00:00Z"), { status: "sent" })];
    expect(decide({ ...base, settings, nearby })).toMatchObject({ reason: "contact_cap" });
    expect(decide({ ...base, settings, timeZone: "Europe/Berlin", nearby })).toMatchObject({ status: "scheduled" });
  });

  it("moves a contact in quiet hours to their end (quiet_hours), never drops it", () => {
    const late = at("2026-12-01T14:30:00Z"); // 22:30 Shanghai
    expect(decide({ ...base, requestedFor: late })).toEqual({ status: "scheduled", scheduledFor: at("2026-12-02T00:00:00Z"), reason: "quiet_hours" });
    const early = at("2026-11-30T21:00:00Z"); // 05:00 Shanghai on 1 Dec
    expect(decide({ ...base, requestedFor: early })).toEqual({ status: "scheduled", scheduledFor: at("2026-12-01T00:00:00Z"), reason: "quiet_hours" });
  });

  it("applies the duplicate and cap rules at the moved time", () => {
    const late = at("2026-12-01T14:30:00Z"); // 22:30 → 08:00 next day
    const settings = { ...DEFAULT_OUTREACH_SETTINGS, windowMs: H };
    const next = contact("next-morning", at("2026-12-02T00:30:00Z"));
    expect(decide({ ...base, settings, requestedFor: late, nearby: [next] })).toMatchObject({ reason: "duplicate", duplicateOf: "next-morning", scheduledFor: at("2026-12-02T00:00:00Z") });
  });

  it("lets a response through at once: no quiet hours, no duplicate, no cap", () => {
    const late = at("2026-12-01T14:30:00Z");
    const nearby = [contact("a", late), contact("b", late, { status: "sent" }), contact("c", late, { status: "sent" })];
    expect(decide({ ...base, isResponse: true, requestedFor: late, nearby })).toEqual({ status: "scheduled", scheduledFor: late, reason: "response" });
  });

  it("reads quiet hours in the customer's zone, not the organisation's: 22:00 in Berlin is 05:00 in Shanghai", () => {
    const berlin22 = at("2026-12-01T21:00:00Z"); // 22:00 Berlin (UTC+1), 05:00 Shanghai on 2 Dec
    expect(decide({ ...base, requestedFor: berlin22, timeZone: "Asia/Shanghai" })).toMatchObject({ reason: "quiet_hours", scheduledFor: at("2026-12-02T00:00:00Z") });
    const berlin9 = at("2026-12-01T08:00:00Z"); // 09:00 Berlin, 16:00 Shanghai
    expect(decide({ ...base, requestedFor: berlin9, timeZone: "Asia/Shanghai" })).toMatchObject({ reason: null });
    expect(decide({ ...base, requestedFor: berlin22, timeZone: "Europe/Berlin" })).toMatchObject({ reason: "quiet_hours", scheduledFor: at("2026-12-02T07:00:00Z") });
  });
});

describe("quiet hours", () => {
  it("starts at `from` and ends at `to` exactly", () => {
    expect(outsideQuietHours(at("2026-12-01T12:59:59Z"), "Asia/Shanghai", "21:00", "08:00").moved).toBe(false); // 20:59:59
    expect(outsideQuietHours(at("2026-12-01T13:00:00Z"), "Asia/Shanghai", "21:00", "08:00").moved).toBe(true); // 21:00
    expect(outsideQuietHours(at("2026-12-01T00:00:00Z"), "Asia/Shanghai", "21:00", "08:00").moved).toBe(false); // 08:00
    expect(outsideQuietHours(at("2026-11-30T23:59:30Z"), "Asia/Shanghai", "21:00", "08:00")).toEqual({ at: at("2026-12-01T00:00:00Z"), moved: true }); // 07:59:30
  });

  it("handles hours within one day (12:00–14:00) and none at all (equal times)", () => {
    expect(outsideQuietHours(at("2026-12-01T05:00:00Z"), "Asia/Shanghai", "12:00", "14:00")).toEqual({ at: at("2026-12-01T06:00:00Z"), moved: true });
    expect(outsideQuietHours(at("2026-12-01T07:00:00Z"), "Asia/Shanghai", "12:00", "14:00").moved).toBe(false);
    expect(outsideQuietHours(at("2026-12-01T14:00:00Z"), "Asia/Shanghai", "08:00", "08:00").moved).toBe(false);
  });

  it("ends at 08:00 local across the spring-forward night (Berlin, 29 March 2026: 7 hours of UTC, not 8)", () => {
    // 22:00 CET on 28 March = 21:00Z; 08:00 CEST on 29 March = 06:00Z.
    expect(outsideQuietHours(at("2026-03-28T21:00:00Z"), "Europe/Berlin", "21:00", "08:00")).toEqual({ at: at("2026-03-29T06:00:00Z"), moved: true });
  });

  it("ends at 08:00 local across the fall-back night (New York, 1 November 2026: 12 hours of UTC)", () => {
    // 21:00 EDT on 31 Oct = 01:00Z on 1 Nov; 08:00 EST on 1 Nov = 13:00Z.
    expect(outsideQuietHours(at("2026-11-01T01:00:00Z"), "America/New_York", "21:00", "08:00")).toEqual({ at: at("2026-11-01T13:00:00Z"), moved: true });
  });

  it("moves an end time that daylight saving skips forward by the gap, as clocks do", () => {
    // Berlin skips 02:00–03:00 on 29 March 2026; quiet hours ending 02:30 end at 03:30 CEST (01:30Z).
    expect(outsideQuietHours(at("2026-03-28T23:30:00Z"), "Europe/Berlin", "23:00", "02:30")).toEqual({ at: at("2026-03-29T01:30:00Z"), moved: true });
  });
});

describe("a response and a day", () => {
  it("is a reply to an inbound message within 24 h, no older, and never to an outbound one", () => {
    const now = at("2026-12-01T10:00:00Z");
    expect(isResponseTo({ direction: "inbound", occurredAt: new Date(now.getTime() - 23 * H) }, now)).toBe(true);
    expect(isResponseTo({ direction: "inbound", occurredAt: new Date(now.getTime() - 24 * H) }, now)).toBe(true);
    expect(isResponseTo({ direction: "inbound", occurredAt: new Date(now.getTime() - 24 * H - 1) }, now)).toBe(false);
    expect(isResponseTo({ direction: "outbound", occurredAt: now }, now)).toBe(false);
    expect(isResponseTo(null, now)).toBe(false);
  });

  it("names the local calendar day", () => {
    expect(localDay(at("2026-11-30T17:00:00Z"), "Asia/Shanghai")).toBe("2026-12-01");
    expect(localDay(at("2026-11-30T17:00:00Z"), "America/New_York")).toBe("2026-11-30");
  });
});
