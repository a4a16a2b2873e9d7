import { forwardRef, useState, type FormEvent } from "react";
import type { Case } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { Button, ErrorAlert } from "../../ui";
import { Icon } from "../../ui/icons";
import { addMessage, caseChanged } from "./api";

/** A public reply (the customer sees it) or an internal note (they do not), chosen before writing. */
export const ReplyBox = forwardRef<HTMLTextAreaElement, { kase: Case }>(function ReplyBox({ kase }, ref) {
  const { t } = useI18n();
  const [visibility, setVisibility] = useState<"public" | "internal">("public");
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
  const internal = visibility === "internal";
  return (
    <form className={`reply ${internal ? "reply-internal" : "reply-public"}`} onSubmit={(e) => void send(e)} data-testid="reply-form">
      <div className="reply-head">
        <div className="segmented" role="radiogroup" aria-label={t("reply.visibility")} data-testid="visibility-toggle" data-value={visibility}>
          {(["public", "internal"] as const).map((v) => (
            <label key={v} className={`seg ${visibility === v ? "is-active" : ""}`}>
              <input type="radio" name={`visibility-${kase.id}`} value={v} checked={visibility === v} onChange={() => setVisibility(v)} data-testid={`visibility-${v}`} />
              <Icon name={v === "public" ? "send" : "note"} size={15} />
              {v === "public" ? t("reply.public") : t("reply.internal")}
            </label>
          ))}
        </div>
        <span className="muted small">{t("reply.hint")}</span>
      </div>
      <label className="sr-only" htmlFor={`reply-${kase.id}`}>
        {internal ? t("reply.internal") : t("reply.public")}
      </label>
      <textarea
        id={`reply-${kase.id}`}
        ref={ref}
        className="input reply-text"
        rows={4}
        value={body}
        placeholder={internal ? t("reply.placeholderInternal") : t("reply.placeholderPublic")}
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
