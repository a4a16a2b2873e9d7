/**
 * The customer's page: loads their case with the link token, follows it live while the page is
 * visible (a slow poll stands in while the stream is down), and switches language.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { PortalProblem, portalApi, readToken, type PortalCase, type PortalMessage } from "./api";
import { browserLang, chosenLang, rememberLang, strings, toLang, type Lang, type Strings } from "./i18n";
import { CaseView } from "./CaseView";
import { followCase, type LiveState } from "./live";

const FALLBACK_POLL_MS = 30_000;

export function App() {
  const [token, setToken] = useState<string | null>(() => readToken());
  const [data, setData] = useState<PortalCase | null>(null);
  const [fatal, setFatal] = useState<PortalProblem | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshFailed, setRefreshFailed] = useState(false);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Lang | null>(() => chosenLang());
  const [live, setLive] = useState<LiveState>("connecting");
  // Every load takes a number; an answer that arrives after a newer load or a change is dropped.
  const seq = useRef(0);
  const hasData = useRef(false);

  const lang: Lang = chosen ?? toLang(data?.customer.locale) ?? browserLang();
  const t = strings[lang];

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = data ? `${t.caseNumber(data.case.number)} · ${t.pageTitle}` : t.pageTitle;
  }, [lang, t, data]);

  const load = useCallback(async () => {
    if (!token) return;
    const mine = ++seq.current;
    setRefreshing(true);
    try {
      const next = await portalApi.load(token);
      if (mine !== seq.current) return;
      hasData.current = true;
      setData(next);
      setFatal(null);
      setRefreshFailed(false);
      setLoadedAt(new Date().toISOString());
    } catch (error) {
      if (mine !== seq.current) return;
      const problem = error instanceof PortalProblem ? error : new PortalProblem("server", String(error));
      // A link that no longer works ends the page; a passing failure keeps what is already shown.
      if (problem.isLinkProblem) {
        hasData.current = false;
        setData(null);
        setFatal(problem);
      } else {
        if (!hasData.current) setFatal(problem);
        setRefreshFailed(true);
      }
    } finally {
      if (mine === seq.current) setRefreshing(false);
    }
  }, [token]);

  useEffect(() => {
    void load();
  }, [load]);

  // The stream is open only while the page is visible; coming back refetches at once (and again
  // when the stream is open, for what changed in between). A dead link ends it.
  const linkDead = fatal?.isLinkProblem ?? false;
  useEffect(() => {
    if (!token || linkDead) return;
    let stop: (() => void) | null = null;
    const follow = () => {
      stop ??= followCase(token, { onChange: () => void load(), onState: setLive });
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") {
        void load();
        follow();
      } else {
        stop?.();
        stop = null;
      }
    };
    if (document.visibilityState === "visible") follow();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stop?.();
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [token, linkDead, load]);

  useEffect(() => {
    if (live === "live") return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void load();
    }, FALLBACK_POLL_MS);
    return () => window.clearInterval(timer);
  }, [live, load]);

  // A newer link opened in the same tab changes only the fragment: take it.
  useEffect(() => {
    const onHash = () => {
      if (location.hash.length > 1) {
        hasData.current = false;
        setData(null);
        setFatal(null);
        setToken(readToken());
      }
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const switchLang = () => {
    const next: Lang = lang === "en" ? "zh-CN" : "en";
    rememberLang(next);
    setChosen(next);
  };

  const onChanged = useCallback((next: PortalCase) => {
    seq.current++;
    setData(next);
    setRefreshing(false);
    setLoadedAt(new Date().toISOString());
  }, []);

  const onSent = useCallback(
    (message: PortalMessage) => {
      seq.current++;
      setData((current) =>
        current && !current.messages.some((m) => m.id === message.id) ? { ...current, messages: [...current.messages, message] } : current,
      );
      // The status may have moved (a reply to "waiting for you" reopens the work): fetch it.
      void load();
    },
    [load],
  );

  const retry = () => {
    setFatal(null);
    void load();
  };

  const problem = !token ? new PortalProblem("link_missing", "") : fatal;

  return (
    <div className="page">
      <header className="topbar">
        <span className="brand">{t.brand}</span>
        <button
          type="button"
          className="lang-switch"
          data-testid="language-switch"
          lang={lang === "en" ? "zh-CN" : "en"}
          aria-label={t.switchLabel}
          onClick={switchLang}
        >
          {t.switchTo}
        </button>
      </header>
      <main className="content" aria-busy={!data && !problem}>
        {problem ? (
          <ProblemScreen t={t} problem={problem} onRetry={problem.isLinkProblem ? undefined : retry} />
        ) : data && token ? (
          <CaseView
            t={t}
            lang={lang}
            token={token}
            data={data}
            refreshing={refreshing}
            refreshFailed={refreshFailed}
            loadedAt={loadedAt}
            live={live}
            onRefresh={() => void load()}
            onChanged={onChanged}
            onSent={onSent}
          />
        ) : (
          <div className="loading" data-testid="loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {t.loading}
          </div>
        )}
      </main>
    </div>
  );
}

function ProblemScreen({ t, problem, onRetry }: { t: Strings; problem: PortalProblem; onRetry: (() => void) | undefined }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card problem" data-testid="error-screen" data-problem={problem.kind} role="alert">
      <h1 ref={heading} tabIndex={-1}>
        {problem.isLinkProblem ? t.problemTitle.link : t.problemTitle.other}
      </h1>
      <p>{t.problem[problem.kind]}</p>
      {onRetry && (
        <button type="button" className="button primary" onClick={onRetry}>
          {t.tryAgain}
        </button>
      )}
    </section>
  );
}
