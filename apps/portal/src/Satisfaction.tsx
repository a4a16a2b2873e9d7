import { useRef, useState } from "react";
import { portalApi, PortalProblem } from "./api";
import type { Strings } from "./i18n";

/** One question after resolution (1–5 and a comment), once; it never reopens the case. */
export function Satisfaction({ t, token }: { t: Strings; token: string }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState("");
  const [state, setState] = useState<"asking" | "sending" | "thanks" | "failed">("asking");
  const key = useRef(`rate-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`);
  if (state === "thanks") return <p data-testid="rate-thanks">{t.rateThanks}</p>;
  const send = async () => {
    setState("sending");
    try {
      await portalApi.rate(token, score, comment.trim(), key.current);
      setState("thanks");
    } catch (error) {
      setState(error instanceof PortalProblem && error.kind === "already_rated" ? "thanks" : "failed");
    }
  };
  return (
    <form
      className="rate"
      data-testid="rate"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <fieldset>
        <legend>{t.rateTitle}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="rate-score">
            <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} aria-label={t.rateScore(n)} />
            <span aria-hidden="true">{"★".repeat(n)}</span>
          </label>
        ))}
      </fieldset>
      <label>
        {t.rateComment}
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} rows={2} />
      </label>
      {state === "failed" ? <p className="error" role="alert">{t.rateFailed}</p> : null}
      <button type="submit" disabled={score === 0 || state === "sending"}>
        {t.rateSend}
      </button>
    </form>
  );
}
