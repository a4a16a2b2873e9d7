/** What a case is: customer, owner, kind, channel, times, parties. */
import type { Case } from "@tandem/contracts";
import { useFormat } from "../../lib/format";
import { Link } from "../../lib/router";
import { useI18n, type MessageKey } from "../../i18n";
import { Icon, channelIcon } from "../../ui/icons";
import { PartyList } from "./PartyList";

export function CaseFacts({ kase }: { kase: Case }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <section className="card">
      <dl className="facts">
        <dt>{t("case.customer")}</dt>
        <dd>
          <Link to={`/customers/${kase.customerId}`}>{kase.customerName}</Link>
        </dd>
        <dt>{t("case.owner")}</dt>
        <dd data-testid="case-owner">{kase.owner.userName ?? <span className="muted">{t("case.unassigned")}</span>}</dd>
        <dt>{t("case.ownerOrg")}</dt>
        <dd>{kase.owner.organizationName}</dd>
        <dt>{t("case.kind")}</dt>
        <dd>{t(`kind.${kase.kind}` as MessageKey)}</dd>
        <dt>{t("case.channel")}</dt>
        <dd>
          <Icon name={channelIcon(kase.channel)} size={15} /> {t(`channel.${kase.channel}` as MessageKey)}
        </dd>
        <dt>{t("case.category")}</dt>
        <dd>{kase.category ?? t("common.none")}</dd>
        <dt>{t("case.created")}</dt>
        <dd>{fmt.dateTime(kase.createdAt)}</dd>
        <dt>{t("case.updated")}</dt>
        <dd>{fmt.dateTime(kase.updatedAt)}</dd>
        <dt>{t("case.parties")}</dt>
        <dd data-testid="case-parties">
          <PartyList kase={kase} />
        </dd>
      </dl>
    </section>
  );
}
