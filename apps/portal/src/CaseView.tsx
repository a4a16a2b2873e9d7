/** The case as the customer sees it: where it stands, who has it, what happens next, the conversation. */
import { useEffect, useRef, useState } from "react";
import type { PortalCase, PortalMessage } from "./api";
import type { LiveState } from "./live";
import { formatRelative, formatWhen, type Lang, type Strings } from "./i18n";
import { Composer } from "./Composer";
import { Satisfaction } from "./Satisfaction";
import { SolvedDialog } from "./SolvedDialog";

interface Props {
  t: Strings;
  lang: Lang;
  token: string;
  data: PortalCase;
  refreshing: boolean;
  refreshFailed: boolean;
  loadedAt: string | null;
  live: LiveState;
  onRefresh: () => void;
  onChanged: (next: PortalCase) => void;
  onSent: (message: PortalMessage) => void;
}

export function CaseView({ t, lang, token, data, refreshing, refreshFailed, loadedAt, live, onRefresh, onChanged, onSent }: Props) {
  const kase = data.case;
  const active = kase.status !== "resolved" && kase.status !== "closed";
  const [solving, setSolving] = useState(false);
  const [justSolved, setJustSolved] = useState(false);

  return (
    <>
      <section className="card summary" aria-labelledby="case-subject">
        <p className="case-number">{t.caseNumber(kase.number)}</p>
        <h1 id="case-subject">{kase.subject}</h1>

        <div className={`status status-${kase.status}`} data-testid="status" data-status={kase.status}>
          <p className="status-label">
            <span className="status-dot" aria-hidden="true" />
            {t.status[kase.status]}
          </p>
          <p className="status-explained">{t.statusExplained[kase.status]}</p>
        </div>

        {active && (
          <>
            <p className="owner" data-testid="owner">
              <span className="avatar" aria-hidden="true">
                {kase.ownerFirstName ? Array.from(kase.ownerFirstName)[0] : "?"}
              </span>
              {kase.ownerFirstName ? t.owner(kase.ownerFirstName) : t.noOwner}
            </p>
            <div className="next-step" data-testid="next-step">
              <h2>{t.nextStepTitle}</h2>
              <p className={kase.nextStep ? "" : "muted"}>{kase.nextStep ?? t.noNextStep}</p>
            </div>
          </>
        )}

        {active && kase.deadlines.length > 0 && <Deadlines t={t} lang={lang} deadlines={kase.deadlines} />}

        {active && (
          <div className="solved">
            <button type="button" className="button solved-button" data-testid="solved-button" onClick={() => setSolving(true)}>
              {t.solvedButton}
            </button>
            <p className="hint">{t.solvedHint}</p>
          </div>
        )}
      </section>

      {!active && <ResolvedNotice t={t} lang={lang} data={data} justSolved={justSolved} token={token} />}

      <Conversation t={t} lang={lang} messages={data.messages} />

      <Composer t={t} token={token} status={kase.status} onSent={onSent} onClosed={onRefresh} />

      <footer className="freshness" data-testid="freshness" data-live={live}>
        <p aria-live="polite">
          {refreshFailed ? <span className="warn">{t.refreshFailed}</span> : loadedAt ? t.updatedAt(formatWhen(loadedAt, lang)) : null}
        </p>
        <button type="button" className="button secondary" data-testid="refresh-button" onClick={onRefresh} disabled={refreshing}>
          {refreshing ? t.refreshing : t.refresh}
        </button>
      </footer>

      {solving && (
        <SolvedDialog
          t={t}
          token={token}
          onCancel={() => setSolving(false)}
          onResolved={(next) => {
            setSolving(false);
            setJustSolved(true);
            onChanged(next);
          }}
          onAlreadyResolved={() => {
            setSolving(false);
            onRefresh();
          }}
        />
      )}
    </>
  );
}

function Deadlines({ t, lang, deadlines }: { t: Strings; lang: Lang; deadlines: PortalCase["case"]["deadlines"] }) {
  return (
    <div className="deadlines" data-testid="deadlines">
      <h2>{t.deadlinesTitle}</h2>
      <ul>
        {deadlines.map((d, i) => {
          const state = t.deadlineStatus[d.status];
          return (
            <li key={`${d.kind}-${i}`} className={`deadline deadline-${d.status}`}>
              <span className="deadline-kind">{t.deadlineKind[d.kind] ?? t.deadlineOther}</span>
              <span className="deadline-when">
                <time dateTime={d.dueAt}>{t.dueBy(formatWhen(d.dueAt, lang))}</time>
                {d.status !== "met" && <span className="muted"> · {formatRelative(d.dueAt, lang)}</span>}
              </span>
              {state && <span className="deadline-state">{state}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ResolvedNotice({ t, lang, data, justSolved, token }: { t: Strings; lang: Lang; data: PortalCase; justSolved: boolean; token: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const kase = data.case;
  const byCustomer = kase.resolvedBy === "customer";
  // After "I solved it myself", move focus here so the thanks is what a screen reader says next.
  useEffect(() => {
    if (justSolved) heading.current?.focus();
  }, [justSolved]);
  return (
    <section className="card resolved-notice" data-testid="resolved-notice" role="status">
      <h2 ref={heading} tabIndex={-1}>
        {byCustomer ? t.thanksTitle : t.resolvedByUs}
      </h2>
      {byCustomer ? <p>{t.thanksText}</p> : kase.resolution && (
        <p>
          <strong>{t.resolutionLabel}: </strong>
          {kase.resolution}
        </p>
      )}
      {kase.resolvedAt && <p className="muted">{t.resolvedOn(formatWhen(kase.resolvedAt, lang))}</p>}
      {byCustomer ? null : <Satisfaction t={t} token={token} />}
    </section>
  );
}

function Conversation({ t, lang, messages }: { t: Strings; lang: Lang; messages: PortalMessage[] }) {
  return (
    <section className="card conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">{t.conversationTitle}</h2>
      {messages.length === 0 ? (
        <p className="muted empty" data-testid="messages" data-count="0">
          {t.noMessages}
        </p>
      ) : (
        <ol className="messages" data-testid="messages" data-count={messages.length}>
          {messages.map((m) => (
            <li key={m.id} className={`message from-${m.from}`} data-testid="message" data-from={m.from}>
              <p className="message-meta">
                <span className="message-author">{m.from === "customer" ? t.you : (m.authorName ?? t.ourTeam)}</span>
                <time dateTime={m.at}>{formatWhen(m.at, lang)}</time>
              </p>
              <p className="message-body">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
