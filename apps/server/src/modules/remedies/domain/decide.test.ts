import { describe, expect, it } from "vitest";
import type { AuthorityMatrix, ReasonPolicy, RemedySettings } from "./catalogue.js";
import { decideApproval, decideRemedy, settle, type DecisionInput, type LedgerEntry, type RemedyAsk } from "./decide.js";

const cny = (yuan: number) => ({ minor: Math.round(yuan * 100), currency: "CNY" });
const NOW = new Date("2026-11-29T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

// The defaults a fresh install ships with (0015_remedies.sql).
const AUTHORITY: AuthorityMatrix = {
  agent: { companyFault: 100000, otherFault: 5000 },
  supervisor: { companyFault: 1000000, otherFault: 100000 },
  admin: { companyFault: null, otherFault: null },
};
const SETTINGS: RemedySettings = { currency: "CNY", goodwillCapMinor: 50000, goodwillCapWindowDays: 365, approvalMinutes: 240 };
const FARE: ReasonPolicy = { code: "fare_withdrawn_after_confirmation", labelEn: "Fare withdrawn after confirmation", labelZh: "确认后票价被撤回", kinds: ["price_adjustment", "refund", "voucher"], limit: null, active: true };
const DATA: ReasonPolicy = {
  code: "disputed_data_usage",
  labelEn: "Disputed data usage",
  labelZh: "流量费用争议",
  kinds: ["refund", "price_adjustment", "voucher", "points"],
  limit: { count: 1, windowDays: 365, appliesToAll: false, beyond: "declined" },
  active: true,
};

const fareAsk: RemedyAsk = { kind: "price_adjustment", value: cny(710), loss: cny(710), fault: "company", chargeStatus: "not_charged", settlement: null, justification: null };
const dataAsk: RemedyAsk = { kind: "refund", value: cny(30), loss: null, fault: "unknown", chargeStatus: "charged", settlement: null, justification: null };

const input = (over: Partial<Omit<DecisionInput, "ask">> & { ask?: Partial<RemedyAsk> } = {}): DecisionInput => {
  const { ask, ...rest } = over;
  return { reason: FARE, role: "agent", authority: AUTHORITY, settings: SETTINGS, ledger: [], now: NOW, ...rest, ask: { ...(rest.reason?.code === DATA.code ? dataAsk : fareAsk), ...ask } };
};
const ok = (i: DecisionInput) => {
  const r = decideRemedy(i);
  if (!r.ok) throw new Error(`refused: ${r.refusal.words.en}`);
  return r.decision;
};
const refusal = (i: DecisionInput) => {
  const r = decideRemedy(i);
  if (r.ok) throw new Error(`not refused: ${r.decision.status}`);
  return r.refusal;
};

const credit = (id: string, days: number, yuan: number, over: Partial<LedgerEntry> = {}): LedgerEntry => ({ id, at: daysAgo(days), reason: "disputed_data_usage", value: cny(yuan), fault: "unknown", status: "granted", beyondLimit: false, ...over });

describe("the 000 story: a company-fault fare withdrawn before any charge", () => {
  it("the first agent grants the whole difference at once, adjusted before charging, in words both ways", () => {
    const d = ok(input());
    expect(d).toMatchObject({ status: "granted", settlement: "adjust_before_charge", approverRole: null, rules: ["adjust_before_charge", "company_bears_loss"] });
    expect(d.explanation.en).toContain("bears the whole loss of ¥710");
    expect(d.explanation.en).toContain("Granted: ¥710");
    expect(d.explanation.zh).toContain("扣款前直接调整价格");
  });

  it("refuses 'charge in full, refund later' before any charge, with the reason in words", () => {
    const r = refusal(input({ ask: { settlement: "charge_then_refund" } }));
    expect(r.code).toBe("settlement_refused");
    expect(r.words.en).toMatch(/not been charged.*refund the difference later is not allowed/);
    expect(r.words.zh).toContain("不允许先按全价扣款");
    expect(refusal(input({ ask: { settlement: "refund" } })).code).toBe("settlement_refused");
  });

  it("asking the customer to pay part of a company-fault loss needs a justification …", () => {
    const r = refusal(input({ ask: { value: cny(355) } }));
    expect(r.code).toBe("justification_required");
    expect(r.words.en).toContain("leaves ¥355 to the customer");
  });

  it("… and then goes to a supervisor, who may decide it at once", () => {
    const split = { value: cny(355), justification: "Customer agreed to share" };
    expect(ok(input({ ask: split }))).toMatchObject({ status: "pending_approval", approverRole: "supervisor", rules: ["adjust_before_charge", "company_bears_loss"] });
    expect(ok(input({ ask: split, role: "supervisor" }))).toMatchObject({ status: "granted" });
  });

  it("a partner's fault is the company's to bear too", () => {
    expect(refusal(input({ ask: { value: cny(100), fault: "partner" } })).code).toBe("justification_required");
    expect(ok(input({ ask: { value: cny(100), loss: cny(100), fault: "partner" } })).status).toBe("granted");
  });
});

describe("settlement", () => {
  it("defaults by kind once charged, and refuses what cannot be", () => {
    expect(settle({ kind: "refund", chargeStatus: "charged", settlement: null })).toEqual({ ok: true, settlement: "refund" });
    expect(settle({ kind: "points", chargeStatus: null, settlement: null })).toEqual({ ok: true, settlement: "points_credit" });
    expect(settle({ kind: "free_service", chargeStatus: "charged", settlement: null })).toEqual({ ok: true, settlement: "service_credit" });
    expect(settle({ kind: "refund", chargeStatus: "not_charged", settlement: "adjust_before_charge" })).toEqual({ ok: true, settlement: "adjust_before_charge" });
    expect(settle({ kind: "refund", chargeStatus: "charged", settlement: "adjust_before_charge" })).toMatchObject({ ok: false, refusal: { code: "settlement_refused" } });
    expect(settle({ kind: "refund", chargeStatus: null, settlement: "adjust_before_charge" })).toMatchObject({ ok: false, refusal: { code: "settlement_refused" } });
    expect(settle({ kind: "refund", chargeStatus: null, settlement: "charge_then_refund" })).toMatchObject({ ok: false, refusal: { code: "settlement_refused" } });
    expect(settle({ kind: "refund", chargeStatus: "charged", settlement: "charge_then_refund" })).toMatchObject({ ok: false, refusal: { code: "settlement_refused" } });
  });
});

describe("the catalogue refuses what it does not allow", () => {
  it("an inactive reason, a kind the reason does not allow, another currency", () => {
    expect(refusal(input({ reason: { ...FARE, active: false } })).code).toBe("remedy_not_allowed");
    expect(refusal(input({ ask: { kind: "points" } }))).toMatchObject({ code: "remedy_not_allowed", words: { en: expect.stringContaining("allowed: price_adjustment, refund, voucher") } });
    expect(refusal(input({ ask: { value: { minor: 100, currency: "USD" } } })).words.en).toContain("not USD");
    expect(refusal(input({ ask: { loss: { minor: 100, currency: "USD" } } })).code).toBe("remedy_not_allowed");
  });
});

describe("the authority matrix", () => {
  it("an agent settles a company-fault loss up to ¥1,000; above, a supervisor; above the supervisor's, an admin", () => {
    expect(ok(input({ ask: { value: cny(1000), loss: cny(1000) } })).status).toBe("granted");
    const over = ok(input({ ask: { value: cny(1000.01), loss: cny(1000.01) } }));
    expect(over).toMatchObject({ status: "pending_approval", approverRole: "supervisor", rules: ["adjust_before_charge", "company_bears_loss", "authority"] });
    expect(over.explanation.en).toContain("An agent may grant up to ¥1,000 at once when the company is at fault");
    expect(ok(input({ ask: { value: cny(20000), loss: cny(20000) } })).approverRole).toBe("admin");
    expect(ok(input({ ask: { value: cny(20000), loss: cny(20000) }, role: "supervisor" })).approverRole).toBe("admin");
    expect(ok(input({ ask: { value: cny(20000), loss: cny(20000) }, role: "admin" })).status).toBe("granted");
  });

  it("goodwill (no company fault) has a lower ceiling", () => {
    expect(ok(input({ reason: DATA, ask: { value: cny(50) } })).status).toBe("granted");
    expect(ok(input({ reason: DATA, ask: { value: cny(60) } }))).toMatchObject({ status: "pending_approval", approverRole: "supervisor", rules: ["authority"] });
  });
});

describe("the 001 story: the same disputed charge, again and again", () => {
  const four = [credit("a", 330, 30), credit("b", 240, 30), credit("c", 150, 30), credit("d", 60, 30)];

  it("the fifth claim is declined with the history quoted — the same for every agent", () => {
    const d = ok(input({ reason: DATA, ledger: four }));
    expect(d).toMatchObject({ status: "declined", beyondLimit: true, serialClaimant: false, rules: ["reason_limit"], approverRole: "supervisor" });
    expect(d.explanation.en).toBe(
      "4 earlier credits for disputed data usage: 2026-01-03 ¥30, 2026-04-03 ¥30, 2026-07-02 ¥30, 2026-09-30 ¥30. The limit is 1 in 365 days when the company is not at fault, so this claim is declined.",
    );
    expect(d.explanation.zh).toContain("此前已因“流量费用争议”补偿 4 次");
    expect(ok(input({ reason: DATA, ledger: four }))).toEqual(d);
  });

  it("a second claim beyond the limit within its window flags the customer", () => {
    const afterOne = [...four, credit("e", 1, 30, { status: "declined", beyondLimit: true })];
    expect(ok(input({ reason: DATA, ledger: afterOne }))).toMatchObject({ status: "declined", serialClaimant: true });
  });

  it("declined remedies do not count, granted ones from older systems do, and the window rolls", () => {
    expect(ok(input({ reason: DATA, ledger: [credit("x", 10, 30, { status: "declined" })] })).status).toBe("granted");
    expect(ok(input({ reason: DATA, ledger: [credit("x", 10, 30, { status: "pending_approval" })] })).status).toBe("granted");
    expect(ok(input({ reason: DATA, ledger: [credit("old", 366, 30)] })).status).toBe("granted");
    expect(ok(input({ reason: DATA, ledger: [credit("old", 364, 30)] })).status).toBe("declined");
    // The same ledger a day later: the credit has left the window.
    expect(ok(input({ reason: DATA, ledger: [credit("old", 364, 30)], now: new Date(NOW.getTime() + 2 * 86_400_000) })).status).toBe("granted");
  });

  it("other reasons do not count toward this one's limit", () => {
    expect(ok(input({ reason: DATA, ledger: [credit("y", 10, 30, { reason: "late_delivery" })] })).status).toBe("granted");
  });

  it("when the company is at fault the goodwill limit does not apply, unless it applies to all", () => {
    expect(ok(input({ reason: DATA, ledger: four, ask: { fault: "company" } })).status).toBe("granted");
    expect(ok(input({ reason: { ...DATA, limit: { ...DATA.limit!, appliesToAll: true } }, ledger: four, ask: { fault: "company" } })).status).toBe("declined");
  });

  it("a reason whose policy says so sends a claim beyond its limit to a supervisor instead", () => {
    const pending = { ...DATA, limit: { ...DATA.limit!, beyond: "pending_approval" as const } };
    expect(ok(input({ reason: pending, ledger: four }))).toMatchObject({ status: "pending_approval", approverRole: "supervisor", beyondLimit: true });
    expect(ok(input({ reason: pending, ledger: four, role: "supervisor" }))).toMatchObject({ status: "granted", beyondLimit: true });
  });
});

describe("the goodwill cap", () => {
  const noLimit = { ...DATA, limit: null };
  it("goodwill beyond the customer's cap in its window goes to a supervisor; company-fault remedies do not count", () => {
    const given = [credit("p", 20, 480, { reason: "late_delivery" }), credit("q", 20, 5000, { reason: "late_delivery", fault: "company" })];
    const d = ok(input({ reason: noLimit, ledger: given, ask: { value: cny(30) } }));
    expect(d).toMatchObject({ status: "pending_approval", approverRole: "supervisor", rules: ["goodwill_cap"] });
    expect(d.explanation.en).toContain("received ¥480 of goodwill in the last 365 days; with ¥30 it would pass the cap of ¥500");
    expect(ok(input({ reason: noLimit, ledger: given, ask: { value: cny(20) } })).status).toBe("granted");
    expect(ok(input({ reason: noLimit, ledger: given, ask: { value: cny(30) }, settings: { ...SETTINGS, goodwillCapMinor: null } })).status).toBe("granted");
  });
});

describe("approvals", () => {
  const base = { authority: AUTHORITY, fault: "unknown" as const, value: cny(30) };
  it("a supervisor approves or declines a pending remedy, and may override a declined one", () => {
    expect(decideApproval({ ...base, action: "approve", status: "pending_approval", role: "supervisor" })).toEqual({ ok: true, status: "granted", override: false });
    expect(decideApproval({ ...base, action: "decline", status: "pending_approval", role: "supervisor" })).toEqual({ ok: true, status: "declined", override: false });
    expect(decideApproval({ ...base, action: "approve", status: "declined", role: "supervisor" })).toEqual({ ok: true, status: "granted", override: true });
  });
  it("refuses agents, decided remedies and what is beyond the approver's authority", () => {
    expect(decideApproval({ ...base, action: "approve", status: "pending_approval", role: "agent" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(decideApproval({ ...base, action: "approve", status: "granted", role: "supervisor" })).toMatchObject({ ok: false, code: "remedy_already_decided" });
    expect(decideApproval({ ...base, action: "decline", status: "granted", role: "admin" })).toMatchObject({ ok: false, code: "remedy_already_decided" });
    expect(decideApproval({ ...base, action: "decline", status: "declined", role: "supervisor" })).toMatchObject({ ok: false, code: "remedy_already_decided" });
    expect(decideApproval({ ...base, value: cny(1500), action: "approve", status: "pending_approval", role: "supervisor" })).toMatchObject({ ok: false, code: "beyond_authority" });
    expect(decideApproval({ ...base, value: cny(1500), action: "approve", status: "pending_approval", role: "admin" })).toMatchObject({ ok: true, status: "granted" });
  });
});
