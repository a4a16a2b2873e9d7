/** The signed-in console: the header, the routes, the live stream. Loaded after sign-in. */
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { startLive, type LiveState } from "../../lib/live";
import { Link, matchPath, navigate, useLocation } from "../../lib/router";
import { Button, Loading, toast } from "../../ui";
import { Icon } from "../../ui/icons";
import { isAdmin, isPartner, isSupervisor, useMe } from "../auth/session";
import { FindBox } from "../find/FindBox";
import { LanguageSwitch } from "./LanguageSwitch";
import { UserMenu } from "./UserMenu";
import { Shortcuts } from "./Shortcuts";
import { Jump } from "../find/Jump";
import { NotificationBell } from "../notifications/NotificationBell";
import { notificationText } from "../notifications/api";

const InboxPage = lazy(() => import("../inbox/InboxPage"));
const CasePage = lazy(() => import("../cases/CasePage"));
const CustomerPage = lazy(() => import("../customers/CustomerPage"));
const AdminPage = lazy(() => import("../admin/AdminPage"));
const SupervisorHome = lazy(() => import("../dashboard/SupervisorHome"));
const NewCustomerModal = lazy(() => import("../customers/NewCustomerModal"));

export default function Shell() {
  const { t } = useI18n();
  const me = useMe();
  const { pathname } = useLocation();
  const [live, setLive] = useState<LiveState>("connecting");
  const [newCustomer, setNewCustomer] = useState(false);

  // A new notification also shows as a notice, in the language of the moment (the stream is not reopened on a switch).
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => startLive(setLive, (n) => toast(tRef.current("notification.live", { text: notificationText(tRef.current, n) }))), []);
  // A supervisor's first screen is their home, not the inbox.
  useEffect(() => {
    if (me.role === "supervisor" && window.location.pathname === "/" && !window.location.search) navigate("/supervisor", { replace: true });
  }, [me.role]);

  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">T</span>
          <span className="brand-name">{t("app.name")}</span>
        </Link>
        <nav className="topnav" aria-label={t("app.name")}>
          <Link to="/" className={pathname === "/" ? "is-current" : ""} aria-current={pathname === "/" ? "page" : undefined} data-testid="nav-inbox">
            <Icon name="inbox" /> {t("header.inbox")}
          </Link>
          {isSupervisor(me) ? (
            <Link to="/supervisor" className={pathname === "/supervisor" ? "is-current" : ""} aria-current={pathname === "/supervisor" ? "page" : undefined} data-testid="nav-supervisor">
              <Icon name="chart" /> {t("header.supervisor")}
            </Link>
          ) : null}
          {isAdmin(me) ? (
            <Link to="/admin" className={pathname.startsWith("/admin") ? "is-current" : ""} aria-current={pathname.startsWith("/admin") ? "page" : undefined} data-testid="nav-admin">
              <Icon name="settings" /> {t("header.admin")}
            </Link>
          ) : null}
        </nav>
        <FindBox onNewCustomer={() => setNewCustomer(true)} />
        {!isPartner(me) ? (
          <Button icon="plus" variant="subtle" onClick={() => setNewCustomer(true)} data-testid="new-customer">
            <span className="topbar-label">{t("header.newCustomer")}</span>
          </Button>
        ) : null}
        <span className={`live live-${live}`} title={live === "live" ? t("header.liveHint") : t("header.offlineHint")} data-testid="live-indicator" data-state={live}>
          <span className="live-dot" aria-hidden="true" />
          <span className="live-label">{live === "live" ? t("header.live") : t("header.offline")}</span>
        </span>
        <NotificationBell />
        <LanguageSwitch />
        <UserMenu />
      </header>
      <Jump canSearchCustomers={!isPartner(me)} />
      <Shortcuts />
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
  if (pathname === "/supervisor") return isSupervisor(me) ? <SupervisorHome /> : <Forbidden />;
  if (pathname === "/admin") return isAdmin(me) ? <AdminPage /> : <Forbidden />;
  return <NotFound />;
}

function Forbidden() {
  const { t } = useI18n();
  return <Notice title={t("error.forbidden")} body={t("admin.forbidden")} />;
}

function NotFound() {
  const { t } = useI18n();
  return <Notice title={t("notFound.title")} body={t("notFound.body")} />;
}

function Notice({ title, body }: { title: string; body: string }) {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{title}</h1>
      <p>{body}</p>
      <Link to="/">{t("notFound.home")}</Link>
    </div>
  );
}
