/** The box where the customer writes to the team; explains itself instead when the case takes no more messages. */
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { PortalProblem, newRequestKey, portalApi, type CaseStatus, type PortalMessage, type ProblemKind } from "./api";
import type { Strings } from "./i18n";

const MAX_LENGTH = 5000;

interface Props {
  t: Strings;
  token: string;
  status: CaseStatus;
  onSent: (message: PortalMessage) => void;
  onClosed: () => void;
}

export function Composer({ t, token, status, onSent, onClosed }: Props) {
  const id = useId();
  const [body, setBody] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<{ kind: ProblemKind } | { kind: "empty" } | { kind: "too_long" } | null>(null);
  const [sent, setSent] = useState<false | { followUp: string | null }>(false);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  // One key per message: pressing Send again after a lost answer does not post it twice.
  const key = useRef<{ body: string; key: string } | null>(null);

  // A finished case still takes a message: it reopens the case, or opens a follow-up case.
  if ((status === "resolved" || status === "closed") && !open) {
    return (
      <section className="card composer">
        <button
          type="button"
          className="button secondary wide"
          data-testid="write-again"
          onClick={() => {
            setOpen(true);
            requestAnimationFrame(() => box.current?.focus());
          }}
        >
          {t.reopenToggle}
        </button>
      </section>
    );
  }

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (sending) return;
    const text = body.trim();
    if (!text) {
      setError({ kind: "empty" });
      box.current?.focus();
      return;
    }
    if (text.length > MAX_LENGTH) {
      setError({ kind: "too_long" });
      return;
    }
    if (!key.current || key.current.body !== text) key.current = { body: text, key: newRequestKey() };
    setSending(true);
    setError(null);
    setSent(false);
    try {
      const message = await portalApi.send(token, text, key.current.key);
      key.current = null;
      setBody("");
      setSent({ followUp: message.followUpCaseNumber ?? null });
      onSent(message);
    } catch (e) {
      const kind = e instanceof PortalProblem ? e.kind : "server";
      setError({ kind });
      if (kind === "case_closed") onClosed();
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void submit();
  };

  const errorText =
    error === null ? null : error.kind === "empty" ? t.emptyMessage : error.kind === "too_long" ? t.tooLong(MAX_LENGTH) : t.problem[error.kind];

  return (
    <section className="card composer">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={`${id}-body`} className="label">
          {t.writeLabel}
        </label>
        <p id={`${id}-hint`} className="hint">
          {t.writeHint}
        </p>
        <textarea
          ref={box}
          id={`${id}-body`}
          data-testid="message-box"
          rows={4}
          value={body}
          placeholder={t.writePlaceholder}
          maxLength={MAX_LENGTH}
          readOnly={sending}
          aria-describedby={`${id}-hint${errorText ? ` ${id}-error` : ""}`}
          aria-invalid={error?.kind === "empty" || error?.kind === "too_long" || error?.kind === "validation_failed" ? true : undefined}
          onChange={(e) => {
            setBody(e.target.value);
            if (error) setError(null);
            if (sent) setSent(false);
          }}
          onKeyDown={onKeyDown}
        />
        {errorText && (
          <p id={`${id}-error`} className="error" role="alert" data-testid="send-error">
            {errorText}
          </p>
        )}
        <div className="composer-actions">
          <span className="sent" aria-live="polite">
            {sent ? (sent.followUp ? t.followUpOpened(sent.followUp) : t.sent) : ""}
          </span>
          <button type="submit" className="button primary" data-testid="send-button" disabled={sending}>
            {sending ? t.sending : t.send}
          </button>
        </div>
      </form>
    </section>
  );
}
