import { describe, expect, it } from "vitest";
import { userChange, type AuditedUser } from "./user-audit.js";

const agent: AuditedUser = { email: "li@x.cn", name: "Li", role: "agent", organizationId: "o1", active: true, locale: "zh-CN", timeZone: "Asia/Shanghai" };

describe("what the audit log records of a change to a user", () => {
  it("names the change that matters most, with only the fields that changed", () => {
    expect(userChange(agent, { ...agent, active: false, role: "supervisor" }, false)).toEqual({ action: "user.deactivated", before: { active: true, role: "agent" }, after: { active: false, role: "supervisor" } });
    expect(userChange({ ...agent, active: false }, agent, false)?.action).toBe("user.reactivated");
    expect(userChange(agent, { ...agent, role: "supervisor" }, false)).toEqual({ action: "user.role_changed", before: { role: "agent" }, after: { role: "supervisor" } });
    expect(userChange(agent, { ...agent, name: "Li Na" }, false)).toEqual({ action: "user.updated", before: { name: "Li" }, after: { name: "Li Na" } });
  });

  it("says a password was changed, never what it is", () => {
    expect(userChange(agent, agent, true)).toEqual({ action: "user.password_reset", before: {}, after: { passwordChanged: true } });
    expect(userChange(agent, { ...agent, locale: "en" }, true)).toEqual({ action: "user.updated", before: { locale: "zh-CN" }, after: { locale: "en", passwordChanged: true } });
  });

  it("records nothing when nothing changed", () => {
    expect(userChange(agent, { ...agent }, false)).toBeNull();
  });
});
