import { describe, expect, it } from "vitest";
import { notificationEmail } from "./email-texts.js";

const facts = { locale: "en", kind: "case.assigned", urgent: false, label: "1042", title: "Fare cancelled", actorName: "Li Na", url: "https://tandem.example/cases/x" };

describe("the e-mail of a notification", () => {
  it("says what happened to which case, with the link to it, in the user's language", () => {
    expect(notificationEmail(facts)).toEqual({ subject: "Case 1042 was assigned to you: Fare cancelled", text: expect.stringContaining("Open it in Tandem: https://tandem.example/cases/x") });
    const zh = notificationEmail({ ...facts, locale: "zh-CN", kind: "case.resolved_by_party" });
    expect(zh.subject).toBe("Li Na 已解决案件 1042：Fare cancelled");
    expect(zh.text).toContain("在 Tandem 中打开：https://tandem.example/cases/x");
  });

  it("marks an urgent one, and speaks of a kind it does not know as news on the case", () => {
    expect(notificationEmail({ ...facts, urgent: true, kind: "sla.breached" }).subject).toBe("[Urgent] News on case 1042: Fare cancelled");
    expect(notificationEmail({ ...facts, locale: "zh-CN", urgent: true, kind: "sla.breached" }).subject).toBe("【紧急】案件 1042 有新动态：Fare cancelled");
  });
});
