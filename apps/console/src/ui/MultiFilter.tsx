import { useEffect, useRef } from "react";
import { useI18n } from "../i18n";

/** A multi-choice filter: a button that opens a list of checkboxes. */
/* Mantine's MultiSelect is a text box; a filter bar wants a button that names what is chosen. */
export function MultiFilter({ label, values, options, onChange, testId }: { label: string; values: string[]; options: { value: string; label: string }[]; onChange: (v: string[]) => void; testId?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("click", close);
    return () => document.removeEventListener("click", close);
  }, []);
  const chosen = options.filter((o) => values.includes(o.value)).map((o) => o.label);
  return (
    <details className="multi" ref={ref} data-testid={testId} onKeyDown={(e) => e.key === "Escape" && ref.current && (ref.current.open = false)}>
      <summary className={`btn btn-default ${values.length ? "is-active" : ""}`}>
        {label}
        {chosen.length ? `${t("common.colon")}${chosen.length > 2 ? t("common.andMore", { list: chosen.slice(0, 2).join(t("common.listSeparator")), count: chosen.length - 2 }) : chosen.join(", ")}` : ""}
      </summary>
      <fieldset className="multi-menu">
        <legend className="sr-only">{label}</legend>
        {options.map((o) => (
          <label key={o.value} className="check">
            <input
              type="checkbox"
              checked={values.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
