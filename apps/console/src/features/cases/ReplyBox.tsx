import { forwardRef, useState, type FormEvent } from "react";
import type { Case } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { Button, ErrorAlert } from "../../ui";
import { Icon } from "../../ui/icons";
import { addMessage, caseChanged, type MessageVisibility } from "./api";

const VISIBILITIES: readonly MessageVisibility[] = ["public", "parties", "internal"];

/**
 * A message, its readers chosen before writing: public (the customer and everyone on the case),
 * parties (every organisation on the case, not the customer) or internal (the writer's own
 * organisation only), each explained in one line.
 */
export const ReplyBox = forwardRef<HTMLTextAreaElement, { kase: Case }>(function ReplyBox({ kase }, ref) {
  const { t } = useI18n();
  const [visibility, setVisibility] = useState<MessageVisibility>("public");
  const [body, setBody] = useState("");
  const m = useMutation({ mutationFn: () => addMessage(kase.id, visibility, body.trim()) });
  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!body.trim() || m.isPending) return;
    m.mutate(undefined, {
      onSuccess: () => {
        setBody("");
        caseChanged(kase);
      },
    });
  };
  const internal = visibility !== "public";
  return (
    <form className={`reply ${internal ? "reply-internal" : "reply-public"}`} onSubmit={(e) => void send(e)} data-testid="reply-form">
      <div className="reply-head">
        <div className="segmented" role="radiogroup" aria-label={t("reply.visibility")} data-testid="visibility-toggle" data-value={visibility}>
          {VISIBILITIES.map((v) => (
            <label key={v} className={`seg ${visibility === v ? "is-active" : ""}`}>
              <input type="radio" name={`visibility-${kase.id}`} value={v} checked={visibility === v} onChange={() => setVisibility(v)} data-testid={`visibility-${v}`} />
              <Icon name={v === "public" ? "send" : v === "parties" ? "share" : "note"} size={15} />
              {t(`reply.${v}`)}
            </label>
          ))}
        </div>
        <span className="muted small">{t("reply.hint")}</span>
      </div>
      <p className="muted small" data-testid="visibility-explain">
        {t(`reply.explain.${visibility}`)}
      </p>
      <label className="sr-only" htmlFor={`reply-${kase.id}`}>
        {t(`reply.${visibility}`)}
      </label>
      <textarea
        id={`reply-${kase.id}`}
        ref={ref}
        className="input reply-text"
        rows={4}
        value={body}
        placeholder={visibility === "public" ? t("reply.placeholderPublic") : visibility === "parties" ? t("reply.placeholderParties") : t("reply.placeholderInternal")}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void send();
          if (e.key === "Escape") (e.target as HTMLTextAreaElement).blur();
        }}
        data-testid="reply-box"
        maxLength={20000}
      />
      <ErrorAlert error={m.error} />
      <div className="row-end">
        <Button type="submit" variant={internal ? "default" : "primary"} icon={internal ? "note" : "send"} loading={m.isPending} disabled={!body.trim()} data-testid="reply-send">
          {m.isPending ? t("reply.sending") : internal ? t("reply.addNote") : t("reply.send")}
        </Button>
      </div>
    </form>
  );
});
