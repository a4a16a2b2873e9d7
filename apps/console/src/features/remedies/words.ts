/** The server's words in the console's language: explanations, refusals, timeline lines of remedy events. */
import type { CaseEvent } from "@tandem/contracts";
import type { Language, MessageKey, TFunction } from "../../i18n";
import { ApiError } from "../../lib/api";

export const inLanguage = (words: { "zh-CN": string; en: string }, lang: Language) => words[lang];

/** A 422 of the remedy rules carries its reason in both languages: show the user's. */
export function refusalText(error: unknown, lang: Language): string | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const d = error.details[0] as { "zh-CN"?: string; en?: string } | undefined;
  return (d && d[lang]) ?? error.message;
}

/** A timeline line for a remedy event; null for other events. */
export function describeRemedyEvent(t: TFunction, e: Pick<CaseEvent, "type" | "data">, actor: string, lang: Language): string | null {
  const d = e.data;
  const value = d.value && typeof d.value === "object" ? `${(d.value as { amount: string }).amount} ${(d.value as { currency: string }).currency}` : "";
  const said = lang === "zh-CN" ? String(d.explanationZh ?? "") : String(d.explanation ?? "");
  const keys: Record<string, MessageKey> = {
    "remedy.granted": "remedyEvent.granted",
    "remedy.requested": "remedyEvent.requested",
    "remedy.declined": "remedyEvent.declined",
    "remedy.approved": "remedyEvent.approved",
    "remedy.overridden": "remedyEvent.overridden",
    "remedy.approval_escalated": "remedyEvent.escalated",
    "customer.flagged": "remedyEvent.flagged",
    "contact.ended_after_explanation": "remedyEvent.contactEnded",
  };
  const key = keys[e.type];
  if (!key) return null;
  const reason = typeof d.decisionReason === "string" ? d.decisionReason : typeof d.note === "string" ? d.note : said;
  return `${t(key, { actor, value })}${reason ? ` — ${reason}` : ""}`;
}
