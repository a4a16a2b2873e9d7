/**
 * Translation on i18next + react-i18next: the two dictionaries are bundled as resources (no
 * backend, no network), one active language, `lang` on <html> kept in step. `useI18n()` is a
 * thin hook over `useTranslation()` that also hands out the session's language switch.
 */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import i18next, { type ParseKeys, type TFunction as I18nextTFunction } from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import { en } from "./en";
import { zhCN } from "./zh-CN";
import { ApiError } from "../lib/api";

export type Language = "zh-CN" | "en";
/** A key `t` accepts (plural keys by their base name, e.g. `case.timelineCount`). */
export type MessageKey = ParseKeys<"translation">;
export type TFunction = I18nextTFunction<"translation">;

export function pickLanguage(wanted: string | null | undefined): Language {
  if (!wanted) return "en";
  return wanted.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, "zh-CN": { translation: zhCN } },
  // Before sign-in the browser's language; after it, `user.locale` (see the session).
  lng: pickLanguage(typeof navigator === "undefined" ? null : navigator.language),
  fallbackLng: "en",
  supportedLngs: ["en", "zh-CN"],
  load: "currentOnly",
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false, // resources are bundled: ready before the first render
  react: { useSuspense: false },
});

const followLang = (lng: string) => {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
};
followLang(i18n.language);
i18n.on("languageChanged", followLang);

/** The active language, as the console names it. */
export const currentLanguage = (): Language => pickLanguage(i18n.language);

export function changeLanguage(lang: Language): void {
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
}

interface I18n {
  lang: Language;
  t: TFunction;
  setLanguage: (lang: Language) => void;
}

const SetLanguageCtx = createContext<((lang: Language) => void) | null>(null);

export function I18nProvider({ setLanguage, children }: { setLanguage: (l: Language) => void; children: ReactNode }) {
  return <SetLanguageCtx.Provider value={setLanguage}>{children}</SetLanguageCtx.Provider>;
}

export function useI18n(): I18n {
  const { t, i18n: instance } = useTranslation();
  const setLanguage = useContext(SetLanguageCtx);
  if (!setLanguage) throw new Error("useI18n outside I18nProvider");
  const lang = pickLanguage(instance.language);
  return useMemo(() => ({ lang, t, setLanguage }), [lang, t, setLanguage]);
}

const KNOWN_CODES = new Set<string>([
  "validation_failed",
  "invalid_transition",
  "forbidden",
  "not_found",
  "rate_limited",
  "database_unavailable",
  "unauthorized",
  "identity_taken",
  "case_closed",
  "network_error",
  "csrf_failed",
  "email_taken",
  "self_lockout",
  "already_owner",
  "user_inactive",
  "already_linked",
  "self_link",
]);

/** An error in words: a known code in the user's language, else the server's own message. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (KNOWN_CODES.has(error.code)) {
      const base = t(`error.${error.code}` as MessageKey);
      if (error.code === "validation_failed" || error.code === "invalid_transition") {
        // The server's details are in English: English screens show them, Chinese ones name the fields.
        const detail = currentLanguage() === "en" ? describeDetails(error.details) || error.message : fieldNames(t, error.details);
        if (!detail) return base;
        return t("error.withDetail", { message: base, detail });
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
  return [...names].join(t("common.listSeparator"));
}
