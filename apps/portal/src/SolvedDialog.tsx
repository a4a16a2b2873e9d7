/** "I solved it myself", confirmed in a small modal dialog, with an optional note on how. */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { PortalProblem, newRequestKey, portalApi, type PortalCase, type ProblemKind } from "./api";
import type { Strings } from "./i18n";

const NOTE_MAX = 1000;

interface Props {
  t: Strings;
  token: string;
  onCancel: () => void;
  onResolved: (next: PortalCase) => void;
  onAlreadyResolved: () => void;
}

export function SolvedDialog({ t, token, onCancel, onResolved, onAlreadyResolved }: Props) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProblemKind | null>(null);
  const key = useRef(newRequestKey());

  const confirmButton = useRef<HTMLButtonElement>(null);

  // The native modal dialog traps focus and closes on Escape. It is unmounted rather than closed, so
  // focus is handed back by hand (if the button that opened it is still there: after resolving it is not).
  useEffect(() => {
    const el = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (el && !el.open) el.showModal();
    // Focus the choice, not the note: on a phone, focusing the note would pop the keyboard over the dialog.
    confirmButton.current?.focus();
    return () => {
      el?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    // The note is one line on the server: line breaks become spaces.
    const text = note.replace(/\s+/g, " ").trim().slice(0, NOTE_MAX);
    try {
      onResolved(await portalApi.resolve(token, text, key.current));
    } catch (e) {
      const kind = e instanceof PortalProblem ? e.kind : "server";
      if (kind === "already_resolved") return onAlreadyResolved();
      setError(kind);
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
      onClick={(e) => {
        // A tap on the backdrop (outside the form) cancels.
        if (e.target === dialog.current && !busy) onCancel();
      }}
    >
      <form onSubmit={(e) => void confirm(e)} className="dialog-body">
        <h2 id={`${id}-title`}>{t.dialogTitle}</h2>
        <p id={`${id}-text`}>{t.dialogText}</p>
        <label htmlFor={`${id}-note`} className="label">
          {t.noteLabel}
        </label>
        <textarea
          id={`${id}-note`}
          data-testid="solved-note"
          rows={3}
          value={note}
          maxLength={NOTE_MAX}
          placeholder={t.notePlaceholder}
          readOnly={busy}
          onChange={(e) => setNote(e.target.value)}
        />
        {error && (
          <p className="error" role="alert">
            {t.problem[error]}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
            {t.cancel}
          </button>
          <button type="submit" className="button solved-button" data-testid="confirm-button" disabled={busy} ref={confirmButton}>
            {busy ? t.confirming : t.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
