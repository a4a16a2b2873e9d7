import { describe, expect, it } from "vitest";
import type { Actor } from "../../platform/actor.js";
import { caseAudience } from "../cases/index.js";
import { streamed, visibleTo, type ChangeNote } from "./hub.js";

const note = (audience: ChangeNote["audience"]): ChangeNote => ({ id: "n", type: "case.message_added", aggregateType: "case", aggregateId: "case-1", audience, payload: { caseId: "case-1" } });
const staff: Actor = { type: "user", userId: "u", name: "Li", role: "agent", organizationId: "hotline", tokenId: "t", viaCookie: false };
const partner = (organizationId: string): Actor => ({ type: "partner", userId: "p", name: "Zhao", role: "partner_agent", organizationId, tokenId: "t", viaCookie: false });
const customer: Actor = { type: "customer", customerId: "c", caseId: "case-1", linkId: "l", name: "Wang" };
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
