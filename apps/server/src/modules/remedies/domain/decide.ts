/**
 * The remedy decision, as a pure function of the facts: the request, the catalogue, the
 * customer's ledger and the time. It returns the decision and the words an agent can read out
 * (zh-CN and en), or a refusal with its reason. The same facts give the same answer whichever
 * agent asks; only the role of the asker (agent, supervisor, admin) may decide at once what an
 * agent must send for approval.
 */
import { companyBears, type ApproverRole, type AuthorityMatrix, type DecidingRole, type Fault, type ReasonPolicy, type RemedyKind, type RemedySettings } from "./catalogue.js";
import { spell, sum, type Money } from "./money.js";

import type { RemedyStatus, Settlement } from "@tandem/contracts";

export type { RemedyStatus, Settlement };
export type ChargeStatus = "not_charged" | "charged";

export interface Words {
  en: string;
  zh: string;
}

export interface RemedyAsk {
  kind: RemedyKind;
  value: Money;
  loss: Money | null;
  fault: Fault;
  chargeStatus: ChargeStatus | null;
  settlement: Settlement | null;
  justification: string | null;
}

/** One entry of the customer's ledger, as the rules count it. */
export interface LedgerEntry {
  id: string;
  at: Date;
  reason: string;
  value: Money;
  fault: Fault;
  status: RemedyStatus;
  /** It was a claim beyond a limit (whatever became of it). */
  beyondLimit: boolean;
}

export interface DecisionInput {
  ask: RemedyAsk;
  reason: ReasonPolicy;
  role: DecidingRole;
  authority: AuthorityMatrix;
  settings: RemedySettings;
  ledger: readonly LedgerEntry[];
  now: Date;
}

export type DecisionRule = "adjust_before_charge" | "company_bears_loss" | "reason_limit" | "goodwill_cap" | "authority";

export interface Decision {
  status: RemedyStatus;
  settlement: Settlement;
  /** Who must approve it (pending), or who may override it (declined beyond a limit). */
  approverRole: ApproverRole | null;
  /** The rules that shaped the decision, in order. */
  rules: DecisionRule[];
  beyondLimit: boolean;
  /** The earlier granted remedies the limit counted, quoted in the explanation. */
  counted: { id: string; at: string; value: Money }[];
  /** This claim is the second (or later) beyond the limit within its window: flag the customer. */
  serialClaimant: boolean;
  explanation: Words;
}

export type RefusalCode = "remedy_not_allowed" | "settlement_refused" | "justification_required";
export interface Refusal {
  code: RefusalCode;
  words: Words;
}

export type DecisionResult = { ok: true; decision: Decision } | { ok: false; refusal: Refusal };

const DAY_MS = 86_400_000;

const refuse = (code: RefusalCode, en: string, zh: string): DecisionResult => ({ ok: false, refusal: { code, words: { en, zh } } });

const DEFAULT_SETTLEMENT: Record<RemedyKind, Settlement> = {
  refund: "refund",
  price_adjustment: "refund",
  voucher: "voucher",
  points: "points_credit",
  free_service: "service_credit",
};

/** How it is settled: before any charge, always by adjusting the price; never "charge in full, refund later". */
export function settle(ask: Pick<RemedyAsk, "kind" | "chargeStatus" | "settlement">): { ok: true; settlement: Settlement } | { ok: false; refusal: Refusal } {
  if (ask.chargeStatus === "not_charged") {
    if (ask.settlement && ask.settlement !== "adjust_before_charge") {
      return {
        ok: false,
        refusal: {
          code: "settlement_refused",
          words: {
            en: "The customer has not been charged yet: adjust the price before charging. Charging the full price now to refund the difference later is not allowed.",
            zh: "客户尚未付款：应在扣款前直接调整价格，不允许先按全价扣款、日后再退还差价。",
          },
        },
      };
    }
    return { ok: true, settlement: "adjust_before_charge" };
  }
  if (ask.settlement === "adjust_before_charge" && ask.chargeStatus === "charged") {
    return { ok: false, refusal: { code: "settlement_refused", words: { en: "The customer has already been charged: the price can no longer be adjusted before charging; refund instead.", zh: "客户已付款，无法在扣款前调整价格，请改为退款。" } } };
  }
  if (ask.settlement === "charge_then_refund" || (ask.settlement === "adjust_before_charge" && ask.chargeStatus === null)) {
    return { ok: false, refusal: { code: "settlement_refused", words: { en: "Say whether the customer has been charged (chargeStatus) before choosing this settlement.", zh: "请先注明客户是否已付款（chargeStatus），再选择此结算方式。" } } };
  }
  return { ok: true, settlement: ask.settlement ?? DEFAULT_SETTLEMENT[ask.kind] };
}

/** The role's ceiling for this fault, in minor units; null: none. */
const ceiling = (authority: AuthorityMatrix, role: DecidingRole, fault: Fault) => (companyBears(fault) ? authority[role].companyFault : authority[role].otherFault);
const covers = (authority: AuthorityMatrix, role: DecidingRole, fault: Fault, value: Money) => {
  const max = ceiling(authority, role, fault);
  return max === null || value.minor <= max;
};

const RANK: Record<DecidingRole, number> = { agent: 0, supervisor: 1, admin: 2 };

/** The lowest role, at least `atLeast`, that may grant this value: the approver. */
export function approverFor(authority: AuthorityMatrix, fault: Fault, value: Money, atLeast: ApproverRole = "supervisor"): ApproverRole {
  return atLeast === "supervisor" && covers(authority, "supervisor", fault, value) ? "supervisor" : "admin";
}

/** Whether `role` may decide a request that needs `approver` at once. */
const mayDecide = (role: DecidingRole, approver: ApproverRole) => RANK[role] >= RANK[approver];

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function decideRemedy(input: DecisionInput): DecisionResult {
  const { ask, reason, role, authority, settings, now } = input;
  if (!reason.active) return refuse("remedy_not_allowed", `The reason "${reason.labelEn}" is no longer in use.`, `原因“${reason.labelZh}”已停用。`);
  if (!reason.kinds.includes(ask.kind)) {
    return refuse("remedy_not_allowed", `A ${ask.kind} is not a remedy for "${reason.labelEn}" (allowed: ${reason.kinds.join(", ")}).`, `“${reason.labelZh}”不适用此补偿方式（${ask.kind}），可用：${reason.kinds.join("、")}。`);
  }
  for (const m of [ask.value, ask.loss]) {
    if (m && m.currency !== settings.currency) return refuse("remedy_not_allowed", `Remedies are counted in ${settings.currency}, not ${m.currency}.`, `补偿以 ${settings.currency} 计算，而非 ${m.currency}。`);
  }
  const settled = settle(ask);
  if (!settled.ok) return { ok: false, refusal: settled.refusal };

  const rules: DecisionRule[] = [];
  const en: string[] = [];
  const zh: string[] = [];
  if (settled.settlement === "adjust_before_charge") {
    rules.push("adjust_before_charge");
    en.push("The customer has not been charged: the price is adjusted before charging.");
    zh.push("客户尚未付款：扣款前直接调整价格。");
  }
  let needs: ApproverRole | null = null;
  const need = (r: ApproverRole) => {
    if (!needs || RANK[r] > RANK[needs]) needs = r;
  };

  // The company bears the whole recorded loss when it (or its partner) is at fault.
  const bears = companyBears(ask.fault);
  if (bears && ask.loss && ask.value.minor < ask.loss.minor) {
    if (!ask.justification) {
      return refuse(
        "justification_required",
        `The company is at fault, so it bears the whole loss of ${spell(ask.loss)}; this remedy of ${spell(ask.value)} leaves ${spell({ minor: ask.loss.minor - ask.value.minor, currency: ask.loss.currency })} to the customer. Give a justification: a supervisor must approve it.`,
        `责任在公司，应承担全部损失 ${spell(ask.loss)}；本次补偿 ${spell(ask.value)}，仍有 ${spell({ minor: ask.loss.minor - ask.value.minor, currency: ask.loss.currency })} 由客户承担。请填写理由，并需主管批准。`,
      );
    }
    rules.push("company_bears_loss");
    need("supervisor");
    en.push(`The company is at fault and bears the whole loss of ${spell(ask.loss)}; a remedy of ${spell(ask.value)} leaves part of it to the customer, so a supervisor decides.`);
    zh.push(`责任在公司，应承担全部损失 ${spell(ask.loss)}；补偿 ${spell(ask.value)} 仍让客户承担部分损失，需由主管决定。`);
  } else if (bears && ask.loss) {
    rules.push("company_bears_loss");
    en.push(`The company is at fault and bears the whole loss of ${spell(ask.loss)}.`);
    zh.push(`责任在公司，承担全部损失 ${spell(ask.loss)}。`);
  }

  // The reason's limit over its rolling window, counted from the ledger's granted remedies.
  let beyondLimit = false;
  let serialClaimant = false;
  let counted: Decision["counted"] = [];
  const limit = reason.limit;
  if (limit && (limit.appliesToAll || !bears)) {
    const from = now.getTime() - limit.windowDays * DAY_MS;
    const inWindow = (e: LedgerEntry) => e.reason === reason.code && e.at.getTime() > from && e.at.getTime() <= now.getTime();
    const granted = input.ledger.filter((e) => inWindow(e) && e.status === "granted").sort((a, b) => a.at.getTime() - b.at.getTime());
    if (granted.length >= limit.count) {
      beyondLimit = true;
      rules.push("reason_limit");
      counted = granted.map((e) => ({ id: e.id, at: isoDay(e.at), value: e.value }));
      serialClaimant = input.ledger.some((e) => inWindow(e) && e.beyondLimit);
      const list = counted.map((c) => `${c.at} ${spell(c.value)}`).join(", ");
      const listZh = counted.map((c) => `${c.at} ${spell(c.value)}`).join("，");
      const outcomeEn = limit.beyond === "declined" ? "so this claim is declined" : "so a supervisor decides";
      const outcomeZh = limit.beyond === "declined" ? "因此本次申请不予补偿" : "因此需由主管决定";
      const scopeEn = limit.appliesToAll ? "" : " when the company is not at fault";
      const scopeZh = limit.appliesToAll ? "" : "（非公司责任时）";
      en.push(`${granted.length} earlier ${granted.length === 1 ? "credit" : "credits"} for ${reason.labelEn.toLowerCase()}: ${list}. The limit is ${limit.count} in ${limit.windowDays} days${scopeEn}, ${outcomeEn}.`);
      zh.push(`此前已因“${reason.labelZh}”补偿 ${granted.length} 次：${listZh}。规定${scopeZh}每 ${limit.windowDays} 天最多 ${limit.count} 次，${outcomeZh}。`);
      if (limit.beyond === "declined") {
        return { ok: true, decision: { status: "declined", settlement: settled.settlement, approverRole: approverFor(authority, ask.fault, ask.value), rules, beyondLimit, counted, serialClaimant, explanation: join(en, zh) } };
      }
      need("supervisor");
    }
  }

  // The goodwill cap: what a customer may receive when the company is not at fault.
  if (!bears && settings.goodwillCapMinor !== null) {
    const from = now.getTime() - settings.goodwillCapWindowDays * DAY_MS;
    const given = sum(
      settings.currency,
      input.ledger.filter((e) => e.status === "granted" && !companyBears(e.fault) && e.at.getTime() > from && e.at.getTime() <= now.getTime() && e.value.currency === settings.currency).map((e) => e.value),
    );
    if (given.minor + ask.value.minor > settings.goodwillCapMinor) {
      rules.push("goodwill_cap");
      need("supervisor");
      const cap = spell({ minor: settings.goodwillCapMinor, currency: settings.currency });
      en.push(`The customer has received ${spell(given)} of goodwill in the last ${settings.goodwillCapWindowDays} days; with ${spell(ask.value)} it would pass the cap of ${cap}, so a supervisor decides.`);
      zh.push(`客户近 ${settings.goodwillCapWindowDays} 天已获善意补偿 ${spell(given)}，再补偿 ${spell(ask.value)} 将超过上限 ${cap}，需由主管决定。`);
    }
  }

  // The authority matrix: the asker's ceiling for this fault.
  if (!covers(authority, role, ask.fault, ask.value)) {
    const max = ceiling(authority, role, ask.fault)!;
    rules.push("authority");
    need(approverFor(authority, ask.fault, ask.value));
    const roleZh = { agent: "坐席", supervisor: "主管", admin: "管理员" }[role];
    en.push(`${role === "agent" || role === "admin" ? "An" : "A"} ${role} may grant up to ${spell({ minor: max, currency: settings.currency })} at once ${bears ? "when the company is at fault" : "as goodwill"}; ${spell(ask.value)} needs approval.`);
    zh.push(`${roleZh}${bears ? "在公司责任下" : "作为善意补偿"}可直接给予最多 ${spell({ minor: max, currency: settings.currency })}；${spell(ask.value)} 需审批。`);
  }
  const approver = needs ? approverFor(authority, ask.fault, ask.value, needs) : null;

  if (approver && !mayDecide(role, approver)) {
    const approverZh = approver === "supervisor" ? "主管" : "管理员";
    en.push(`Sent to a ${approver} for approval.`);
    zh.push(`已提交${approverZh}审批。`);
    return { ok: true, decision: { status: "pending_approval", settlement: settled.settlement, approverRole: approver, rules, beyondLimit, counted, serialClaimant, explanation: join(en, zh) } };
  }
  en.push(`Granted: ${spell(ask.value)} (${ask.kind.replace("_", " ")}) for ${reason.labelEn.toLowerCase()}.`);
  zh.push(`已批准：因“${reason.labelZh}”补偿 ${spell(ask.value)}。`);
  return { ok: true, decision: { status: "granted", settlement: settled.settlement, approverRole: null, rules, beyondLimit, counted, serialClaimant, explanation: join(en, zh) } };
}

const join = (en: string[], zh: string[]): Words => ({ en: en.join(" "), zh: zh.join("") });

/**
 * Approving or declining a remedy: only supervisors and admins, only with a reason, only a
 * remedy that is pending (or, approving, one that was declined: an override), only within the
 * approver's own authority.
 */
export function decideApproval(input: {
  action: "approve" | "decline";
  status: RemedyStatus;
  role: DecidingRole;
  authority: AuthorityMatrix;
  fault: Fault;
  value: Money;
}): { ok: true; status: RemedyStatus; override: boolean } | { ok: false; code: "forbidden" | "remedy_already_decided" | "beyond_authority"; words: Words } {
  if (input.role === "agent") return { ok: false, code: "forbidden", words: { en: "Agents cannot approve or decline remedies; a supervisor does.", zh: "坐席不能审批补偿，需由主管处理。" } };
  if (input.status === "granted") return { ok: false, code: "remedy_already_decided", words: { en: "This remedy has already been granted.", zh: "该补偿已批准。" } };
  if (input.action === "decline") {
    if (input.status === "declined") return { ok: false, code: "remedy_already_decided", words: { en: "This remedy has already been declined.", zh: "该补偿已被拒绝。" } };
    return { ok: true, status: "declined", override: false };
  }
  if (!covers(input.authority, input.role, input.fault, input.value)) {
    return { ok: false, code: "beyond_authority", words: { en: `${spell(input.value)} is beyond a ${input.role}'s authority; an admin must approve it.`, zh: `${spell(input.value)} 超出主管权限，需由管理员批准。` } };
  }
  return { ok: true, status: "granted", override: input.status === "declined" };
}
