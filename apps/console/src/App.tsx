import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { I18nProvider, useI18n, type MessageKey } from "./i18n";
import { FormatContext, makeFormatter } from "./lib/format";
import { startLive, type LiveState } from "./lib/live";
import { queryClient } from "./lib/queryClient";
import { Link, matchPath, useLocation } from "./lib/router";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { Button, Loading } from "./ui";
import { theme } from "./ui/theme";
import { Icon } from "./ui/icons";
import { LoginPage } from "./features/auth/LoginPage";
import { isAdmin, isPartner, SessionProvider, useMe, useSession } from "./features/auth/session";
import { FindBox } from "./features/find/FindBox";
import { LanguageSwitch } from "./features/shell/LanguageSwitch";

const InboxPage = lazy(() => import("./features/inbox/InboxPage"));
const CasePage = lazy(() => import("./features/cases/CasePage"));
const CustomerPage = lazy(() => import("./features/customers/CustomerPage"));
const AdminPage = lazy(() => import("./features/admin/AdminPage"));
const NewCustomerModal = lazy(() => import("./features/customers/NewCustomerModal"));

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
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
        {state.status === "checking" ? <CheckingSession /> : state.status === "anonymous" ? <LoginPage /> : <Shell />}
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

function Shell() {
  const { t } = useI18n();
  const me = useMe();
  const { logout } = useSession();
  const { pathname } = useLocation();
  const [live, setLive] = useState<LiveState>("connecting");
  const [newCustomer, setNewCustomer] = useState(false);

  useEffect(() => startLive(setLive), []);

  const roleName = t(`role.${me.role}` as MessageKey);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label={t("header.inbox")}>
          <span className="brand-mark">T</span>
          <span className="brand-name">{t("app.name")}</span>
        </Link>
        <nav className="topnav" aria-label={t("app.name")}>
          <Link to="/" className={pathname === "/" ? "is-current" : ""} aria-current={pathname === "/" ? "page" : undefined} data-testid="nav-inbox">
            <Icon name="inbox" /> {t("header.inbox")}
          </Link>
          {isAdmin(me) ? (
            <Link to="/admin" className={pathname.startsWith("/admin") ? "is-current" : ""} aria-current={pathname.startsWith("/admin") ? "page" : undefined} data-testid="nav-admin">
              <Icon name="settings" /> {t("header.admin")}
            </Link>
          ) : null}
        </nav>
        <FindBox onNewCustomer={() => setNewCustomer(true)} />
        {!isPartner(me) ? (
          <Button icon="plus" variant="subtle" onClick={() => setNewCustomer(true)} data-testid="new-customer">
            {t("header.newCustomer")}
          </Button>
        ) : null}
        <span className={`live live-${live}`} title={live === "live" ? t("header.liveHint") : t("header.offlineHint")} data-testid="live-indicator" data-state={live}>
          <span className="live-dot" aria-hidden="true" />
          <span className="live-label">{live === "live" ? t("header.live") : t("header.offline")}</span>
        </span>
        <LanguageSwitch />
        <div className="me" data-testid="current-user" aria-label={t("header.user", { name: me.name, role: roleName, organization: me.organizationName ?? "" })}>
          <span className="me-name">{me.name}</span>
          <span className="me-sub">
            {roleName} · {me.organizationName}
          </span>
        </div>
        <Button icon="logout" variant="subtle" onClick={() => void logout()} data-testid="logout">
          {t("header.logout")}
        </Button>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Routes />
        </Suspense>
      </main>
      {newCustomer ? (
        <Suspense fallback={null}>
          <NewCustomerModal onClose={() => setNewCustomer(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}

function Routes() {
  const { pathname } = useLocation();
  const me = useMe();
  if (pathname === "/" || pathname === "/index.html") return <InboxPage />;
  let m = matchPath("/cases/:id", pathname);
  if (m) return <CasePage key={m.id} id={m.id!} />;
  m = matchPath("/customers/:id", pathname);
  if (m) return <CustomerPage key={m.id} id={m.id!} />;
  if (pathname === "/admin") return isAdmin(me) ? <AdminPage /> : <Forbidden />;
  return <NotFound />;
}

function Forbidden() {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t("error.forbidden")}</h1>
      <p>{t("admin.forbidden")}</p>
      <Link to="/">{t("notFound.home")}</Link>
    </div>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <Link to="/">{t("notFound.home")}</Link>
    </div>
  );
}
