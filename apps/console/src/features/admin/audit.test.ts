import { describe, expect, it } from "vitest";
import { auditChanges, auditFilterErrors, auditQuery, NO_AUDIT_FILTERS } from "./audit";

describe("the audit page's filters", () => {
  it("asks only for what is set, trimmed, actions joined by commas", () => {
    expect(auditQuery(NO_AUDIT_FILTERS)).toEqual({});
    expect(auditQuery({ ...NO_AUDIT_FILTERS, action: " user.created ,, token.revoked ", subjectType: " user ", from: "2026-03-08T00:00:00+08:00" })).toEqual({
      action: "user.created,token.revoked",
      subjectType: "user",
      from: "2026-03-08T00:00:00+08:00",
    });
  });

  it("says next to the field what the server would refuse", () => {
    expect(auditFilterErrors(NO_AUDIT_FILTERS)).toEqual({});
    expect(auditFilterErrors({ ...NO_AUDIT_FILTERS, action: "user.created, Created" })).toEqual({ action: "audit.badAction" });
    expect(auditFilterErrors({ ...NO_AUDIT_FILTERS, action: Array.from({ length: 21 }, () => "user.created").join(",") })).toEqual({ action: "audit.badAction" });
    expect(auditFilterErrors({ ...NO_AUDIT_FILTERS, subjectType: "User" })).toEqual({ subjectType: "audit.badSubjectType" });
    expect(auditFilterErrors({ ...NO_AUDIT_FILTERS, subjectId: "a b" })).toEqual({ subjectId: "audit.badSubjectId" });
    expect(auditFilterErrors({ ...NO_AUDIT_FILTERS, from: "2026-03-08T10:00:00+08:00", to: "2026-03-08T02:00:00Z" })).toEqual({ to: "audit.badRange" });
    expect(auditFilterErrors({ ...NO_AUDIT_FILTERS, from: "2026-03-08T10:00:00+08:00", to: "2026-03-08T03:00:00Z" })).toEqual({});
  });
});

describe("an audit entry's changes", () => {
  it("lists the fields that changed, with both values", () => {
    expect(auditChanges({ role: "agent", name: "Li" }, { role: "supervisor", name: "Li" })).toEqual([{ field: "role", before: "agent", after: "supervisor" }]);
    expect(auditChanges(null, { name: "Hotline", kind: "department" })).toEqual([
      { field: "name", before: null, after: "Hotline" },
      { field: "kind", before: null, after: "department" },
    ]);
    expect(auditChanges({ active: true }, { active: false })).toEqual([{ field: "active", before: "true", after: "false" }]);
    expect(auditChanges({ scopes: ["a"] }, {})).toEqual([{ field: "scopes", before: '["a"]', after: null }]);
  });

  it("shows values that are not objects whole, and nothing when there is nothing", () => {
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges("open", "closed")).toEqual([{ field: "", before: "open", after: "closed" }]);
    expect(auditChanges(null, [1, 2])).toEqual([{ field: "", before: null, after: "[1,2]" }]);
  });
});
