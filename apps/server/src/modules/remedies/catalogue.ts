/** The catalogue's rows as the rules read them (domain/catalogue.ts) and as the API shows them. */
import type { RemedyCatalogue } from "@tandem/contracts";
import type { AuthorityMatrix, KindPolicy, ReasonPolicy, RemedySettings } from "./domain/catalogue.js";
import { DECIDING_ROLES, type RemedyKind } from "./domain/catalogue.js";
import { toApi } from "./domain/money.js";
import type { CatalogueRows, ReasonRow } from "./repository.js";

export const reasonPolicy = (r: ReasonRow): ReasonPolicy => ({
  code: r.code,
  labelEn: r.label_en,
  labelZh: r.label_zh,
  kinds: r.kinds as RemedyKind[],
  limit: r.limit_count !== null && r.limit_window_days !== null ? { count: r.limit_count, windowDays: r.limit_window_days, appliesToAll: r.limit_applies_to_all, beyond: r.beyond_limit } : null,
  active: r.active,
});

export const kindPolicy = (rows: CatalogueRows, kind: RemedyKind): KindPolicy => {
  const row = rows.kinds.find((k) => k.kind === kind);
  return { kind, unitValueMinor: row?.unit_value_minor ?? null, currency: row?.currency ?? rows.settings.currency };
};

/** Each role's authority for a reason: its own row, else the role's `*` row, else nothing at once. */
export function authorityFor(rows: CatalogueRows, reason: string): AuthorityMatrix {
  const of = (role: (typeof DECIDING_ROLES)[number]) => {
    const row = rows.authority.find((a) => a.role === role && a.reason === reason) ?? rows.authority.find((a) => a.role === role && a.reason === "*");
    return row ? { companyFault: row.company_fault_minor, otherFault: row.other_fault_minor } : { companyFault: 0, otherFault: 0 };
  };
  return { agent: of("agent"), supervisor: of("supervisor"), admin: of("admin") };
}

export const settingsOf = (rows: CatalogueRows): RemedySettings => ({
  currency: rows.settings.currency,
  goodwillCapMinor: rows.settings.goodwill_cap_minor,
  goodwillCapWindowDays: rows.settings.goodwill_cap_window_days,
  approvalMinutes: rows.settings.approval_minutes,
});

const money = (minor: number | null, currency: string) => (minor === null ? null : toApi({ minor, currency }));

export function presentReason(r: ReasonRow): RemedyCatalogue["reasons"][number] {
  const p = reasonPolicy(r);
  return { code: p.code, labels: { "zh-CN": p.labelZh, en: p.labelEn }, kinds: [...p.kinds], limit: p.limit, active: p.active };
}

export function presentCatalogue(rows: CatalogueRows): RemedyCatalogue {
  return {
    kinds: rows.kinds.map((k) => ({ kind: k.kind, unitValue: money(k.unit_value_minor, k.currency) })),
    reasons: rows.reasons.map(presentReason),
    authority: rows.authority.map((a) => ({ role: a.role, reason: a.reason, companyFault: money(a.company_fault_minor, a.currency), otherFault: money(a.other_fault_minor, a.currency) })),
    settings: {
      currency: rows.settings.currency,
      goodwillCap: money(rows.settings.goodwill_cap_minor, rows.settings.currency),
      goodwillCapWindowDays: rows.settings.goodwill_cap_window_days,
      approvalMinutes: rows.settings.approval_minutes,
      satisfactionAfterCustomerResolved: rows.settings.satisfaction_after_customer_resolved,
    },
  };
}
