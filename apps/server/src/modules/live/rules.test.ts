import { describe, expect, it } from "vitest";
import type { Actor } from "../../platform/actor.js";
import { isStreamActor, revokedBy, stillAllowed, streamRefusal, type StreamActor } from "./rules.js";

const user = (userId: string, tokenId = `t-${userId}`): StreamActor => ({ type: "user", userId, name: "Li", role: "agent", organizationId: "hotline", tokenId, viaCookie: false });
const partner: StreamActor = { type: "partner", userId: "p", name: "Zhao", role: "partner_agent", organizationId: "maker", tokenId: "tp", viaCookie: false };
const customer = (linkId: string): StreamActor => ({ type: "customer", customerId: "c", caseId: "case-1", linkId, name: "Wang" });
const limits = { perUser: 2, perLink: 1 };

describe("how many streams one holder may open", () => {
  it("counts a user's streams whatever the token, and refuses the one past the cap with a clear message", () => {
    expect(streamRefusal([], user("u"), limits)).toBeNull();
    expect(streamRefusal([user("u", "t1")], user("u", "t2"), limits)).toBeNull();
    expect(streamRefusal([user("u", "t1"), user("u", "t2")], user("u", "t3"), limits)).toMatch(/already have 2 live streams open/);
    expect(streamRefusal([user("v"), user("v")], user("u"), limits)).toBeNull();
    expect(streamRefusal([partner, partner], partner, limits)).toMatch(/2 live streams/);
  });

  it("counts a link's streams apart from its customer's other links and from users", () => {
    expect(streamRefusal([user("u"), customer("other")], customer("l"), limits)).toBeNull();
    expect(streamRefusal([customer("l")], customer("l"), limits)).toMatch(/This link already has 1 live streams open/);
  });

  it("only users, partners and customers hold streams", () => {
    expect(isStreamActor(user("u"))).toBe(true);
    expect(isStreamActor(customer("l"))).toBe(true);
    expect(isStreamActor({ type: "system", name: "Tandem" } as Actor)).toBe(false);
  });
});

describe("which revocation closes which stream", () => {
  it("a revoked token closes the streams opened with it, not the user's others", () => {
    expect(revokedBy(user("u", "t1"), { tokenIds: ["t1"] })).toBe(true);
    expect(revokedBy(user("u", "t2"), { tokenIds: ["t1"] })).toBe(false);
  });

  it("a deactivated user loses every stream; a revoked link closes its own streams only", () => {
    expect(revokedBy(user("u", "t2"), { userIds: ["u"] })).toBe(true);
    expect(revokedBy(partner, { userIds: ["u"] })).toBe(false);
    expect(revokedBy(customer("l"), { linkIds: ["l"] })).toBe(true);
    expect(revokedBy(customer("l"), { linkIds: ["m"], userIds: ["c"] })).toBe(false);
    expect(revokedBy(user("l"), { linkIds: ["l"] })).toBe(false);
  });
});

describe("whether an open stream may stay open", () => {
  const access = { tokens: new Map([["t-u", { role: "agent" as const, organizationId: "hotline" }]]), links: new Set(["l"]) };

  it("stays while its token or link is live and the user's rights are unchanged", () => {
    expect(stillAllowed(user("u"), access)).toBe(true);
    expect(stillAllowed(customer("l"), access)).toBe(true);
  });

  it("closes when the token or link is gone, or the user's role or organisation changed", () => {
    expect(stillAllowed(user("v"), access)).toBe(false);
    expect(stillAllowed(customer("m"), access)).toBe(false);
    expect(stillAllowed({ ...user("u"), role: "supervisor" } as StreamActor, access)).toBe(false);
    expect(stillAllowed({ ...user("u"), organizationId: "billing" } as StreamActor, access)).toBe(false);
  });
});
