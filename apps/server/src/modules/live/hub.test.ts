import { describe, expect, it } from "vitest";
import type { Actor } from "../../platform/actor.js";
import { eventName, visibleTo, type ChangeNote } from "./hub.js";

const note = (payload: ChangeNote["payload"]): ChangeNote => ({ id: "n", type: "case.message_added", aggregateType: "case", aggregateId: payload.caseId ?? "x", payload });
const staff: Actor = { type: "user", userId: "u", name: "Li", role: "agent", organizationId: "hotline", tokenId: "t", viaCookie: false };
const partner = (organizationId: string): Actor => ({ type: "partner", userId: "p", name: "Zhao", role: "partner_agent", organizationId, tokenId: "t", viaCookie: false });
const customer: Actor = { type: "customer", customerId: "c", caseId: "case-1", linkId: "l", name: "Wang" };
const onCase1 = { caseId: "case-1", ownerOrganizationId: "hotline", partyOrganizationIds: ["maker"] };

describe("which live changes reach whom", () => {
  it("staff hear of every change", () => {
    expect(visibleTo(staff, note(onCase1))).toBe(true);
    expect(visibleTo(staff, note({ customerId: "c" }))).toBe(true);
  });

  it("a partner hears of the cases its organisation owns or shares in, nothing else", () => {
    expect(visibleTo(partner("maker"), note(onCase1))).toBe(true);
    expect(visibleTo(partner("hotline"), note(onCase1))).toBe(true);
    expect(visibleTo(partner("other"), note(onCase1))).toBe(false);
    expect(visibleTo(partner("maker"), note({ customerId: "c" }))).toBe(false);
  });

  it("a customer hears of their own case only, and never of an internal note", () => {
    expect(visibleTo(customer, note({ ...onCase1, visibility: "public" }))).toBe(true);
    expect(visibleTo(customer, note(onCase1))).toBe(true);
    expect(visibleTo(customer, note({ ...onCase1, visibility: "internal" }))).toBe(false);
    expect(visibleTo(customer, note({ ...onCase1, caseId: "case-2" }))).toBe(false);
  });
});

describe("a user's notifications reach that user alone", () => {
  const forUser = (userId: string): ChangeNote => ({ id: "n1", type: "notification.created", aggregateType: "notification", aggregateId: "n1", payload: { recipientUserId: userId, notification: {} } });

  it("goes to its recipient, not to other staff, partners or customers", () => {
    expect(visibleTo(staff, forUser("u"))).toBe(true);
    expect(visibleTo(staff, forUser("someone else"))).toBe(false);
    expect(visibleTo(partner("maker"), forUser("u"))).toBe(false);
    expect(visibleTo(partner("maker"), forUser("p"))).toBe(true);
    expect(visibleTo(customer, forUser("c"))).toBe(false);
  });

  it("goes out as the event notification.created; changes as change", () => {
    expect(eventName(forUser("u"))).toBe("notification.created");
    expect(eventName(note(onCase1))).toBe("change");
  });
});
