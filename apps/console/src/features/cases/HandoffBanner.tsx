/** The latest handoff's note, at the top of the case: what the new owner reads first. */
import type { Case } from "@tandem/contracts";
import { useFormat } from "../../lib/format";
import { useI18n } from "../../i18n";
import { Icon } from "../../ui/icons";

export function HandoffBanner({ kase }: { kase: Case }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const h = kase.handoff;
  if (!h) return null;
  return (
    <section className="card handoff-banner" role="note" aria-labelledby="handoff-banner-title" data-testid="handoff-banner">
      <h2 id="handoff-banner-title" className="h3">
        <Icon name="share" size={16} /> {t("handoff.banner", { organization: h.fromOrganizationName ?? "", actor: h.by.name ?? "" })}
      </h2>
      <p className="pre" data-testid="handoff-note-text">
        {h.note}
      </p>
      <p className="muted small">
        <time dateTime={h.at}>{fmt.dateTime(h.at)}</time>
      </p>
    </section>
  );
}
