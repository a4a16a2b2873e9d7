/** The console's small set of building blocks, styled by styles.css. */
import { useEffect, useId, useRef, useState, type ButtonHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type InputHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { createPortal } from "react-dom";
import { errorText, useI18n, type MessageKey } from "../i18n";
import { Icon, type IconName } from "./icons";

type Variant = "primary" | "default" | "subtle" | "danger";

export function Button({ variant = "default", icon, loading, children, className, type = "button", disabled, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; icon?: IconName; loading?: boolean }) {
  return (
    <button type={type} className={`btn btn-${variant} ${className ?? ""}`} disabled={disabled || loading} aria-busy={loading || undefined} {...rest}>
      {loading ? <span className="spinner" aria-hidden="true" /> : icon ? <Icon name={icon} size={16} /> : null}
      {children}
    </button>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </div>
  );
}

export function Empty({ children, icon = "inbox", testId }: { children: ReactNode; icon?: IconName; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      <Icon name={icon} size={28} />
      <p>{children}</p>
    </div>
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="error">
      <Icon name="alert" size={18} />
      <div>
        <strong>{t("error.title")}</strong>
        <div>{errorText(t, error)}</div>
      </div>
      {onRetry ? (
        <Button variant="subtle" onClick={onRetry}>
          {t("common.retry")}
        </Button>
      ) : null}
    </div>
  );
}

export function Field({ label, hint, children, required, htmlFor }: { label: string; hint?: string; children: ReactNode; required?: boolean; htmlFor: string }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={htmlFor}>
        {label}
        {required ? <span className="req" aria-label={t("common.required")}> *</span> : null}
      </label>
      {children}
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
}

export function TextInput({ label, hint, ...rest }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  const id = useId();
  return (
    <Field label={label} hint={hint} required={rest.required} htmlFor={rest.id ?? id}>
      <input id={rest.id ?? id} className="input" {...rest} />
    </Field>
  );
}

export function TextArea({ label, hint, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: string }) {
  const id = useId();
  return (
    <Field label={label} hint={hint} required={rest.required} htmlFor={rest.id ?? id}>
      <textarea id={rest.id ?? id} className="input" rows={4} {...rest} />
    </Field>
  );
}

export function Select({ label, hint, options, placeholder, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: string; options: { value: string; label: string }[]; placeholder?: string }) {
  const id = useId();
  return (
    <Field label={label} hint={hint} required={rest.required} htmlFor={rest.id ?? id}>
      <select id={rest.id ?? id} className="input" {...rest}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A modal dialog on the native <dialog>: focus is trapped and Escape closes it. */
export function Modal({ title, open, onClose, children, testId, wide }: { title: string; open: boolean; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { t } = useI18n();
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  if (!open) return null;
  return createPortal(
    <dialog
      ref={ref}
      className={`modal ${wide ? "modal-wide" : ""}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => e.stopPropagation()}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-btn" onClick={onClose} aria-label={t("common.close")}>
          <Icon name="x" />
        </button>
      </div>
      <div className="modal-body">{children}</div>
    </dialog>,
    document.body,
  );
}

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Without clipboard permission, select a hidden textarea and copy it the old way.
      const ta = document.createElement("textarea");
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand("copy");
      ta.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <Button icon={copied ? "check" : "copy"} onClick={() => void copy()} data-testid={testId}>
      {copied ? t("common.copied") : t("common.copy")}
    </Button>
  );
}

const STATUS_TONE: Record<string, string> = { open: "blue", waiting_on_customer: "amber", waiting_on_party: "violet", resolved: "green", closed: "gray" };
const PRIORITY_TONE: Record<string, string> = { low: "gray", normal: "blue", high: "orange", urgent: "red" };

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge tone-${STATUS_TONE[status] ?? "gray"}`} data-testid={testId} data-status={status}>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-outline tone-${PRIORITY_TONE[priority] ?? "gray"}`} data-priority={priority}>
      {t(`priority.${priority}` as MessageKey)}
    </span>
  );
}

/** A multi-choice filter: a button that opens a list of checkboxes. */
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

/** A short message at the bottom of the screen after an action. */
let pushToast: ((text: string, tone?: "ok" | "error") => void) | null = null;
export const toast = (text: string, tone: "ok" | "error" = "ok") => pushToast?.(text, tone);

export function Toaster() {
  const [items, setItems] = useState<{ id: number; text: string; tone: string }[]>([]);
  useEffect(() => {
    let n = 0;
    pushToast = (text, tone = "ok") => {
      const id = ++n;
      setItems((xs) => [...xs, { id, text, tone }]);
      setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== id)), 4000);
    };
    return () => {
      pushToast = null;
    };
  }, []);
  return (
    <div className="toaster" role="status" aria-live="polite">
      {items.map((i) => (
        <div key={i.id} className={`toast toast-${i.tone}`}>
          {i.text}
        </div>
      ))}
    </div>
  );
}
