import { describe, expect, it } from "vitest";
import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { CHANGES_CHANNEL, REVOCATIONS_CHANNEL } from "../../platform/events.js";
import { Metrics } from "../../platform/metrics.js";
import { caseAudience } from "../cases/index.js";
import { eventName, LiveHub, streamed, visibleTo, type ChangeNote, type LiveHubOptions } from "./hub.js";

const note = (audience: ChangeNote["audience"]): ChangeNote => ({ id: "n", type: "case.message_added", aggregateType: "case", aggregateId: "case-1", audience, payload: { caseId: "case-1" } });
const staff = { type: "user", userId: "u", name: "Li", role: "agent", organizationId: "hotline", tokenId: "t", viaCookie: false } as const;
const partner = (organizationId: string): Actor => ({ type: "partner", userId: "p", name: "Zhao", role: "partner_agent", organizationId, tokenId: "t", viaCookie: false });
const customer = { type: "customer", customerId: "c", caseId: "case-1", linkId: "l", name: "Wang" } as const;
const case1 = { id: "case-1", ownerOrganizationId: "hotline", parties: [{ organizationId: "maker", access: "view" as const }] };

describe("which live changes reach whom", () => {
  it("staff hear of every change", () => {
    expect(visibleTo(staff, note(caseAudience(case1)))).toBe(true);
    expect(visibleTo(staff, note({}))).toBe(true);
  });

  it("a partner hears of the cases its organisation owns or shares in, nothing else", () => {
    expect(visibleTo(partner("maker"), note(caseAudience(case1)))).toBe(true);
    expect(visibleTo(partner("hotline"), note(caseAudience(case1)))).toBe(true);
    expect(visibleTo(partner("other"), note(caseAudience(case1)))).toBe(false);
    expect(visibleTo(partner("maker"), note({}))).toBe(false);
  });

  it("a customer hears of their own case only, and never of an internal note", () => {
    expect(visibleTo(customer, note(caseAudience(case1, "public")))).toBe(true);
    expect(visibleTo(customer, note(caseAudience(case1)))).toBe(true);
    expect(visibleTo(customer, note(caseAudience(case1, "internal")))).toBe(false);
    expect(visibleTo(customer, note(caseAudience({ ...case1, id: "case-2" })))).toBe(false);
    expect(visibleTo(customer, note({}))).toBe(false);
  });

  it("the stream shows a change without its audience", () => {
    expect(streamed(note(caseAudience(case1)))).toEqual({ id: "n", type: "case.message_added", aggregateType: "case", aggregateId: "case-1", payload: { caseId: "case-1" } });
  });
});

describe("the hub's streams", () => {
  /** A database whose NOTIFYs the test sends by hand. */
  const fakeDb = () => {
    const channels = new Map<string, (payload: string) => void>();
    const db = { listen: async (channel: string, fn: (payload: string) => void) => (channels.set(channel, fn), async () => undefined) } as unknown as Db;
    return { db, send: (channel: string, payload: unknown) => channels.get(channel)!(JSON.stringify(payload)) };
  };
  /** A sink whose reader takes `reads` bytes and then nothing more. */
  const sink = (reads = Infinity) => {
    const s = { text: "", writableLength: 0, ended: false, destroyed: false };
    return Object.assign(s, {
      write(chunk: string) {
        s.text += chunk;
        const taken = Math.max(0, Math.min(chunk.length, reads - (s.text.length - chunk.length)));
        s.writableLength += chunk.length - taken;
        return s.writableLength === 0;
      },
      end: () => void (s.ended = true),
      destroy: () => void (s.destroyed = true),
    });
  };
  const limits = { perUser: 2, perLink: 1, maxBufferedBytes: 1000, recheckMs: 60_000 };
  const silent = { warn: () => undefined } as unknown as LiveHubOptions["log"];
  const hubWith = (checkAccess: LiveHubOptions["checkAccess"] = async () => ({ tokens: new Map(), links: new Set() })) => {
    const { db, send } = fakeDb();
    return { hub: new LiveHub(db, { limits, log: silent, checkAccess, metrics: new Metrics() }), send };
  };
  const change = (n: number): ChangeNote => ({ id: `n${n}`, type: "case.updated", aggregateType: "case", aggregateId: "x", audience: { organizationIds: ["hotline"] }, payload: { caseId: "x", status: "x".repeat(300) } });

  it("drops the reader that falls more than the bound behind, and only it", async () => {
    const { hub, send } = hubWith();
    await hub.ready();
    const stalled = sink(500);
    const reading = sink();
    hub.open(staff, stalled);
    hub.open({ ...staff, userId: "v" }, reading);
    for (let i = 0; i < 6; i++) send(CHANGES_CHANNEL, change(i));
    expect(stalled.destroyed).toBe(true);
    expect(hub.size).toBe(1);
    expect(reading.text.match(/event: change/g)).toHaveLength(6);
    await hub.close();
  });

  it("closes the streams a revocation names, with `event: closed`, and refuses one past the cap", async () => {
    const { hub, send } = hubWith();
    await hub.ready();
    const [a, b, c] = [sink(), sink(), sink()];
    hub.open(staff, a);
    hub.open({ ...staff, tokenId: "t2" }, b);
    expect(() => hub.open(staff, sink())).toThrow(/already have 2 live streams/);
    hub.open(customer, c);
    send(REVOCATIONS_CHANNEL, { tokenIds: ["t"] });
    expect([a.ended, b.ended, c.ended]).toEqual([true, false, false]);
    expect(a.text).toContain('event: closed\ndata: {"reason":"revoked"}');
    send(REVOCATIONS_CHANNEL, { linkIds: ["l"] });
    expect(c.ended).toBe(true);
    await hub.close();
    expect(b.text).toContain('"reason":"shutdown"');
  });

  it("a periodic check closes the streams whose token or link is no longer live", async () => {
    const { hub } = hubWith(async (tokenIds, linkIds) => {
      expect([tokenIds, linkIds]).toEqual([["t", "t2"], ["l"]]);
      return { tokens: new Map([["t2", { role: "agent" as const, organizationId: "hotline" }]]), links: new Set<string>() };
    });
    await hub.ready();
    const [a, b, c] = [sink(), sink(), sink()];
    hub.open(staff, a);
    hub.open({ ...staff, tokenId: "t2" }, b);
    hub.open(customer, c);
    expect(await hub.recheck()).toBe(2);
    expect([a.ended, b.ended, c.ended]).toEqual([true, false, true]);
    await hub.close();
  });
});

describe("a user's notifications reach that user alone", () => {
  const forUser = (userId: string): ChangeNote => ({ id: "n1", type: "notification.created", aggregateType: "notification", aggregateId: "n1", audience: { userIds: [userId] }, payload: { recipientUserId: userId, notification: {} } });

  it("goes to its recipient, not to other staff, partners or customers", () => {
    expect(visibleTo(staff, forUser("u"))).toBe(true);
    expect(visibleTo(staff, forUser("someone else"))).toBe(false);
    expect(visibleTo(partner("maker"), forUser("u"))).toBe(false);
    expect(visibleTo(partner("maker"), forUser("p"))).toBe(true);
    expect(visibleTo(customer, forUser("c"))).toBe(false);
  });

  it("goes out as the event notification.created; changes as change", () => {
    expect(eventName(forUser("u"))).toBe("notification.created");
    expect(eventName(note(caseAudience(case1)))).toBe("change");
  });
});

describe("starting while the database comes and goes", () => {
  it("a start that fails half-way leaves no LISTEN behind, and the next start listens once to each channel", async () => {
    const active = new Map<string, number>();
    let refuseRevocations = true;
    const db = {
      listen: async (channel: string) => {
        if (channel === REVOCATIONS_CHANNEL && refuseRevocations) throw new Error("database unavailable");
        active.set(channel, (active.get(channel) ?? 0) + 1);
        return async () => void active.set(channel, active.get(channel)! - 1);
      },
    } as unknown as Db;
    const hub = new LiveHub(db, { limits: { perUser: 2, perLink: 1, maxBufferedBytes: 1000, recheckMs: 60_000 }, log: { warn: () => undefined } as unknown as LiveHubOptions["log"], checkAccess: async () => ({ tokens: new Map(), links: new Set() }), metrics: new Metrics() });
    await expect(hub.ready()).rejects.toThrow("database unavailable");
    expect(active.get(CHANGES_CHANNEL)).toBe(0);
    refuseRevocations = false;
    await hub.ready();
    expect(Object.fromEntries(active)).toEqual({ [CHANGES_CHANNEL]: 1, [REVOCATIONS_CHANNEL]: 1 });
    await hub.close();
    expect(Object.fromEntries(active)).toEqual({ [CHANGES_CHANNEL]: 0, [REVOCATIONS_CHANNEL]: 0 });
  });
});
