/**
 * The sign-in page: plain HTML on the console's CSS, no component kit, so a first visit downloads
 * little (the kit and everything after sign-in load with the signed-in shell).
 */
import { useId, useState, type FormEvent, type InputHTMLAttributes } from "react";
import { ApiError } from "../../lib/api";
import { errorText, useI18n } from "../../i18n";
import { Icon } from "../../ui/icons";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { useSession } from "./session";

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError(t("login.missing"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError && err.code === "unauthorized" ? t("login.failed") : errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <main className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={(e) => void submit(e)} data-testid="login-form" noValidate>
        <div className="brand brand-lg">
          <span className="brand-mark">T</span>
          <span>{t("app.name")}</span>
        </div>
        <p className="muted">{t("app.tagline")}</p>
        <h1>{t("login.title")}</h1>
        <Field label={t("login.email")} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" autoFocus />
        <Field label={t("login.password")} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        {error ? (
          <div className="alert alert-error" role="alert" data-testid="login-error">
            <Icon name="alert" />
            <div>{error}</div>
          </div>
        ) : null}
        <button type="submit" className="btn btn-primary btn-block" aria-busy={busy || undefined} data-testid="login-submit">
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {busy ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
    </main>
  );
}

function Field({ label, required, ...rest }: InputHTMLAttributes<HTMLInputElement> & { label: string; "data-testid": string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="req" aria-hidden="true">
            {" "}
            *
          </span>
        ) : null}
      </label>
      <input id={id} className="input" required={required} {...rest} />
    </div>
  );
}
