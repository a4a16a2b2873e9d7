import { useI18n, type Language } from "../../i18n";
import { Icon } from "../../ui/icons";

const LANGS: { value: Language; label: string }[] = [
  { value: "zh-CN", label: "中文" },
  { value: "en", label: "English" },
];

/** Each language names itself, so anyone can find their own. */
export function LanguageSwitch() {
  const { lang, setLanguage, t } = useI18n();
  return (
    <label className="lang-switch">
      <Icon name="language" />
      <span className="sr-only">{t("header.language")}</span>
      <select value={lang} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="language-switch" aria-label={t("header.language")}>
        {LANGS.map((l) => (
          <option key={l.value} value={l.value} lang={l.value}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
