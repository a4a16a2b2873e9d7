/** The review queue: records resolution was unsure about, side by side; merge (choosing whose record stays) or keep apart. */
import { useEffect } from "react";
import type { Suggestion } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { usePaged } from "../../lib/paged";
import { invalidate } from "../../lib/queryClient";
import { Link } from "../../lib/router";
import { useI18n } from "../../i18n";
import { Button, Empty, ErrorAlert, Loading, toast } from "../../ui";
import { acceptSuggestion, fetchSuggestions, identityKeys, rejectSuggestion } from "./api";
import { RecordsSideBySide } from "./RecordsSideBySide";
import classes from "./identity.module.css";

export default function ReviewQueuePage() {
  const { t } = useI18n();
  const queue = usePaged<Suggestion>(identityKeys.suggestions(), (cursor, signal) => fetchSuggestions(cursor, signal));
  useEffect(() => {
    document.title = `${t("identity.reviewTitle")} · ${t("app.name")}`;
  }, [t]);
  return (
    <div className="page" data-testid="identity-review">
      <h1>{t("identity.reviewTitle")}</h1>
      <p className="muted">{t("identity.reviewIntro")}</p>
      {queue.isLoading ? <Loading /> : null}
      <ErrorAlert error={queue.data ? null : queue.error} onRetry={queue.refetch} />
      {queue.data && queue.items.length === 0 ? <Empty icon="check">{t("identity.reviewEmpty")}</Empty> : null}
      <ol className="review-list plain">
        {queue.items.map((s) => (
          <SuggestionCard key={s.id} suggestion={s} />
        ))}
      </ol>
      {queue.hasMore ? (
        <div className="list-foot">
          <Button onClick={() => void queue.loadMore()} loading={queue.loadingMore}>
            {t("common.loadMore")}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function SuggestionCard({ suggestion: s }: { suggestion: Suggestion }) {
  const { t } = useI18n();
  const done = () => invalidate(identityKeys.suggestions());
  const accept = useMutation({ mutationFn: (survivor: "customer" | "candidate") => acceptSuggestion(s.id, survivor), onSuccess: () => (toast(t("identity.merged")), done()) });
  const reject = useMutation({ mutationFn: () => rejectSuggestion(s.id), onSuccess: () => (toast(t("identity.keptApart")), done()) });
  const busy = accept.isPending || reject.isPending;
  return (
    <li className={`card ${classes.reviewCard}`} data-testid="suggestion" data-reason={s.reason}>
      <div className="row-between">
        <h2 className="h3">
          <Link to={`/customers/${s.candidate.id}`}>{s.candidate.name}</Link> · <Link to={`/customers/${s.customer.id}`}>{s.customer.name}</Link>
        </h2>
        <span className={`badge ${s.reason === "shared_identity" ? "tone-amber" : "tone-blue"}`}>
          {s.reason === "shared_identity" ? t("identity.reason.shared_identity") : t("identity.reason.probable_match", { score: Math.round(s.score * 100) })}
        </span>
      </div>
      <RecordsSideBySide left={s.candidate} right={s.customer} explanation={s.explanation} />
      <ErrorAlert error={accept.error ?? reject.error} />
      <div className="row-end row-gap">
        <Button onClick={() => reject.mutate()} loading={reject.isPending} disabled={busy} data-testid="suggestion-reject">
          {t("identity.notSame")}
        </Button>
        <Button onClick={() => accept.mutate("candidate")} loading={accept.isPending && accept.variables === "candidate"} disabled={busy} data-testid="suggestion-keep-left">
          {t("identity.mergeKeep", { name: s.candidate.name })}
        </Button>
        <Button variant="primary" onClick={() => accept.mutate("customer")} loading={accept.isPending && accept.variables === "customer"} disabled={busy} data-testid="suggestion-keep-right">
          {t("identity.mergeKeep", { name: s.customer.name })}
        </Button>
      </div>
    </li>
  );
}
