/** Translation: two dictionaries, one active language, `lang` on <html> kept in step. */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { en, type MessageKey } from "./en";
import { zhCN } from "./zh-CN";
import { ApiError } from "../lib/api";

export type Language = "zh-CN" | "en";
export type { MessageKey };

const DICTS: Record<Language, Record<MessageKey, string>> = { en, "zh-CN": zhCN };

export function pickLanguage(wanted: string | null | undefined): Language {
  if (!wanted) return "en";
  return wanted.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export type TFunction = ((key: MessageKey, vars?: Record<string, string | number>) => string) & { lang: Language };

export function translator(lang: Language): TFunction {
  const dict = DICTS[lang];
  const t = (key: MessageKey, vars?: Record<string, string | number>) => {
    const template = dict[key] ?? en[key] ?? key;
    if (!vars) return template;
    return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ""));
  };
  return Object.assign(t, { lang });
}

interface I18n {
  lang: Language;
  t: TFunction;
  setLanguage: (lang: Language) => void;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ lang, setLanguage, children }: { lang: Language; setLanguage: (l: Language) => void; children: ReactNode }) {
  const value = useMemo(() => ({ lang, t: translator(lang), setLanguage }), [lang, setLanguage]);
  document.documentElement.lang = lang;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}

const KNOWN_CODES = new Set<string>([
  "validation_failed",
  "invalid_transition",
  "forbidden",
  "not_found",
  "rate_limited",
  "unauthorized",
  "identity_taken",
  "case_closed",
  "network_error",
  "csrf_failed",
  "email_taken",
  "self_lockout",
  "already_owner",
  "user_inactive",
]);

/** An error in words: a known code in the user's language, else the server's own message. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (KNOWN_CODES.has(error.code)) {
      const base = t(`error.${error.code}` as MessageKey);
      if (error.code === "validation_failed" || error.code === "invalid_transition") {
        // The server's details are in English: English screens show them, Chinese ones name the fields.
        const detail = t.lang === "en" ? describeDetails(error.details) || error.message : fieldNames(t, error.details);
        if (!detail) return base;
        return t.lang === "zh-CN" ? `${base}（${detail}）` : `${base} (${detail})`;
      }
      return base;
    }
    return t("error.unknown", { message: error.message });
  }
  return t("error.unknown", { message: error instanceof Error ? error.message : String(error) });
}

function describeDetails(details: unknown[]): string {
  return details
    .map((d) => {
      if (d && typeof d === "object" && "message" in d) {
        const o = d as { path?: string; message: string };
        const field = o.path?.split(".").pop();
        return field ? `${field}: ${o.message}` : o.message;
      }
      return "";
    })
    .filter(Boolean)
    .join("; ");
}

const FIELD_LABELS: Record<string, MessageKey> = {
  role: "admin.user.role",
  organizationId: "admin.user.organization",
  email: "login.email",
  password: "login.password",
  name: "newCustomer.name",
  subject: "newCase.subject",
  description: "newCase.description",
  category: "newCase.category",
  priority: "newCase.priority",
  kind: "newCase.kind",
  channel: "newCase.channel",
  body: "contact.body",
  resolution: "resolve.resolution",
  reason: "reopen.reason",
  identities: "newCustomer.identities",
  value: "newCustomer.identities",
  nextStep: "case.nextStep",
  userId: "assign.user",
};

function fieldNames(t: TFunction, details: unknown[]): string {
  const names = new Set<string>();
  for (const d of details) {
    if (!d || typeof d !== "object" || !("path" in d)) continue;
    const parts = String((d as { path: unknown }).path).split(".");
    const key = [...parts].reverse().find((p) => p in FIELD_LABELS);
    if (key) names.add(t(FIELD_LABELS[key]!));
  }
  return [...names].join(t.lang === "zh-CN" ? "、" : ", ");
}
