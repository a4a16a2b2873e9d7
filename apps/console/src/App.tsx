import { lazy, Suspense, useMemo } from "react";
import { I18nProvider, useI18n } from "./i18n";
import { FormatContext, makeFormatter } from "./lib/format";
import { LoginPage } from "./features/auth/LoginPage";
import { SessionProvider, useSession } from "./features/auth/session";

// Everything after sign-in (the component kit included) loads on its own, so the login page stays small.
const SignedIn = lazy(() => import("./SignedIn"));

export function App() {
  return (
    <SessionProvider>
      <WithLanguage />
    </SessionProvider>
  );
}

function WithLanguage() {
  const { state, language, setLanguage } = useSession();
  const timeZone = state.status === "signedIn" ? state.user.timeZone : undefined;
  const format = useMemo(() => makeFormatter(language, timeZone), [language, timeZone]);
  return (
    <I18nProvider setLanguage={setLanguage}>
      <FormatContext.Provider value={format}>
        {state.status === "checking" ? (
          <CheckingSession />
        ) : state.status === "anonymous" ? (
          <LoginPage />
        ) : (
          <Suspense fallback={<CheckingSession />}>
            <SignedIn />
          </Suspense>
        )}
      </FormatContext.Provider>
    </I18nProvider>
  );
}

/** Plain markup (no kit): shown before the session is known and while the signed-in shell loads. */
function CheckingSession() {
  const { t } = useI18n();
  return (
    <div className="center-screen">
      <div className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        {t("login.checking")}
      </div>
    </div>
  );
}
