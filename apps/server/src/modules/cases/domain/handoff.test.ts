import { describe, expect, it } from "vitest";
import { CASE_STATUSES } from "@tandem/contracts";
import { assignAcross, decideHandoff, type HandoffFacts } from "./handoff.js";

const hotline = "org-hotline";
const maker = "org-maker";
const makerUser = { id: "u-maker", organizationId: maker, active: true, name: "Zhou" };
const base: HandoffFacts = { status: "open", ownerOrganizationId: hotline, note: "Box re-paired; customer wants a visit", organizationId: maker, organization: { id: maker }, user: null };

describe("handoff rule", () => {
  it("hands off to an organisation, to a user (their organisation follows), or to both", () => {
    expect(decideHandoff(base)).toEqual({ ok: true, toOrganizationId: maker, toUserId: null });
    expect(decideHandoff({ ...base, organizationId: undefined, organization: null, userId: makerUser.id, user: makerUser })).toEqual({ ok: true, toOrganizationId: maker, toUserId: makerUser.id });
    expect(decideHandoff({ ...base, userId: makerUser.id, user: makerUser })).toEqual({ ok: true, toOrganizationId: maker, toUserId: makerUser.id });
  });

  it("is allowed in every state but closed", () => {
    for (const status of CASE_STATUSES) expect(decideHandoff({ ...base, status }).ok, status).toBe(status !== "closed");
    expect(decideHandoff({ ...base, status: "closed" })).toMatchObject({ ok: false, status: 409, code: "case_closed" });
  });

  it("refuses a blank note", () => {
    for (const note of ["", "   ", "\n\t"]) expect(decideHandoff({ ...base, note })).toMatchObject({ ok: false, status: 400, code: "validation_failed", path: "body.note" });
  });

  it("refuses when nobody is named", () => {
    expect(decideHandoff({ ...base, organizationId: undefined, organization: null })).toMatchObject({ ok: false, status: 400, path: "body.organizationId" });
  });

  it("refuses an unknown organisation and an unknown user", () => {
    expect(decideHandoff({ ...base, organization: null })).toMatchObject({ ok: false, status: 400, code: "validation_failed", path: "body.organizationId" });
    expect(decideHandoff({ ...base, userId: "nobody", user: null })).toMatchObject({ ok: false, status: 400, code: "validation_failed", path: "body.userId" });
  });

  it("refuses a user who is not in the named organisation", () => {
    const hotlineUser = { ...makerUser, id: "u-hotline", organizationId: hotline };
    expect(decideHandoff({ ...base, userId: hotlineUser.id, user: hotlineUser })).toMatchObject({ ok: false, status: 422, code: "user_not_in_organization", reason: expect.stringContaining("Zhou") });
  });

  it("refuses a deactivated user", () => {
    expect(decideHandoff({ ...base, userId: makerUser.id, user: { ...makerUser, active: false } })).toMatchObject({ ok: false, status: 409, code: "user_inactive" });
  });

  it("refuses the organisation that owns the case already: that is an assignment", () => {
    expect(decideHandoff({ ...base, organizationId: hotline, organization: { id: hotline } })).toMatchObject({ ok: false, status: 409, code: "same_organization", reason: expect.stringContaining("assign") });
    const colleague = { ...makerUser, organizationId: hotline };
    expect(decideHandoff({ ...base, organizationId: undefined, organization: null, userId: colleague.id, user: colleague })).toMatchObject({ ok: false, code: "same_organization" });
  });
});

describe("assigning across organisations", () => {
  it("is allowed within the owning organisation and refused, in words, across", () => {
    expect(assignAcross(hotline, hotline)).toEqual({ ok: true });
    expect(assignAcross(hotline, maker)).toMatchObject({ ok: false, reason: expect.stringContaining("handoff") });
  });
});
