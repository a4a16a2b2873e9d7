import { lazy, Suspense, useMemo } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { I18nProvider, useI18n } from "./i18n";
import { FormatContext, makeFormatter } from "./lib/format";
import { queryClient } from "./lib/queryClient";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { Loading } from "./ui";
import { cssVariables, theme } from "./ui/theme";
import { LoginPage } from "./features/auth/LoginPage";
import { SessionProvider, useSession } from "./features/auth/session";

// Everything after sign-in loads on its own, so the login page stays small.
const Shell = lazy(() => import("./features/shell/Shell"));

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariables}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <WithLanguage />
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
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
            <Shell />
          </Suspense>
        )}
        <Notifications position="top-right" limit={3} />
      </FormatContext.Provider>
    </I18nProvider>
  );
}

function CheckingSession() {
  const { t } = useI18n();
  return (
    <div className="center-screen">
      <Loading label={t("login.checking")} />
    </div>
  );
}

