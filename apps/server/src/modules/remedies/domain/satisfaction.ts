/**
 * Whether a customer may answer the satisfaction question now: only after resolution, at most
 * once per resolution, and not after resolving the case themselves unless the policy asks then
 * too. A pure rule; the words say why in both languages.
 */
import type { Words } from "./decide.js";

export interface SatisfactionFacts {
  status: string;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  alreadyAnswered: boolean;
  askAfterCustomerResolved: boolean;
}

export type SatisfactionCheck = { ok: true; resolvedAt: Date } | { ok: false; code: "satisfaction_not_asked" | "satisfaction_already_given"; words: Words };

export function canAnswerSatisfaction(f: SatisfactionFacts): SatisfactionCheck {
  if ((f.status !== "resolved" && f.status !== "closed") || !f.resolvedAt) {
    return { ok: false, code: "satisfaction_not_asked", words: { en: "The case is not resolved yet: we ask how it went once it is.", zh: "工单尚未解决，解决后再请您评价。" } };
  }
  if (f.resolvedBy === "customer" && !f.askAfterCustomerResolved) {
    return { ok: false, code: "satisfaction_not_asked", words: { en: "You resolved this case yourself, so we do not ask how it went.", zh: "此工单由您自行解决，无需评价。" } };
  }
  if (f.alreadyAnswered) return { ok: false, code: "satisfaction_already_given", words: { en: "Thank you: you have already told us how it went.", zh: "感谢您，您已评价过。" } };
  return { ok: true, resolvedAt: f.resolvedAt };
}

export interface Figure {
  key: string | null;
  count: number;
  average: number;
}

/** Count and average score per key, keys in order of their first answer; averages to two decimals. */
export function figuresBy<T extends { score: number }>(rows: readonly T[], keyOf: (r: T) => string | null): Figure[] {
  const groups = new Map<string | null, { count: number; total: number }>();
  for (const r of rows) {
    const g = groups.get(keyOf(r)) ?? { count: 0, total: 0 };
    g.count += 1;
    g.total += r.score;
    groups.set(keyOf(r), g);
  }
  return [...groups].map(([key, g]) => ({ key, count: g.count, average: Math.round((g.total / g.count) * 100) / 100 }));
}
