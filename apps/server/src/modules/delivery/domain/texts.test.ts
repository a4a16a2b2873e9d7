import { describe, expect, it } from "vitest";
import { acknowledgement, customerLocale, messageMail, messageSms, type MessageFacts } from "./texts.js";

const facts: MessageFacts = {
  locale: "en",
  customerName: "Emma Clarke",
  caseNumber: "1042",
  caseSubject: "Ticket not issued",
  body: "Your ticket has been issued.",
  authorFirstName: "Li",
  organizationName: "Hotline",
  automatic: false,
  link: { url: "https://tandem.example/portal/#tcl_x", expiresAt: new Date("2026-12-29T10:00:00Z") },
  timeZone: "Asia/Shanghai",
};

describe("the customer's language", () => {
  it("is English when they chose it, Chinese otherwise", () => {
    expect(customerLocale("en")).toBe("en");
    expect(customerLocale("en-GB")).toBe("en");
    expect(customerLocale("zh-CN")).toBe("zh-CN");
    expect(customerLocale(null)).toBe("zh-CN");
  });
});

describe("the mail that carries a message", () => {
  it("has the case number in the subject, the message, who wrote it and the link", () => {
    const mail = messageMail(facts);
    expect(mail.subject).toBe("[Case 1042] Ticket not issued");
    expect(mail.text).toContain("Your ticket has been issued.");
    expect(mail.text).toContain("— Li, Hotline");
    expect(mail.text).toContain("https://tandem.example/portal/#tcl_x");
    expect(mail.text).toContain("December 29, 2026");
    expect(mail.text).not.toContain("automatically");
  });

  it("is in Chinese for a Chinese-speaking customer, and says when it was sent automatically", () => {
    const mail = messageMail({ ...facts, locale: "zh-CN", authorFirstName: null, automatic: true });
    expect(mail.subject).toBe("【案件 1042】Ticket not issued");
    expect(mail.text).toContain("Emma Clarke，您好");
    expect(mail.text).toContain("—— Hotline");
    expect(mail.text).toContain("2026年12月29日");
    expect(mail.text).toContain("此邮件由系统自动发送");
  });
});

describe("the text message", () => {
  it("shortens a long message and keeps the link", () => {
    const sms = messageSms({ ...facts, body: "x".repeat(1000) });
    expect(sms.length).toBeLessThan(400);
    expect(sms).toMatch(/^\[Case 1042\] x+… Read and reply: https:\/\/tandem\.example\/portal\/#tcl_x$/);
    expect(messageSms({ ...facts, locale: "zh-CN" })).toBe("【案件1042】Your ticket has been issued. 查看并回复：https://tandem.example/portal/#tcl_x");
  });
});

describe("the acknowledgement of a complaint", () => {
  it("gives the number, the owner and what happens next, in the customer's language", () => {
    const en = acknowledgement({ locale: "en", caseNumber: "1042", caseSubject: "Fare cancelled", ownerFirstName: "Li", organizationName: "Hotline" });
    expect(en).toContain("case 1042");
    expect(en).toContain("Li of Hotline is looking after it personally");
    expect(en).toContain("What happens next");
    const zh = acknowledgement({ locale: "zh-CN", caseNumber: "1042", caseSubject: "Fare cancelled", ownerFirstName: null, organizationName: "客服热线" });
    expect(zh).toContain("案件编号 1042");
    expect(zh).toContain("由客服热线负责处理，很快会有专人跟进");
    expect(zh).toContain("接下来");
  });
});
