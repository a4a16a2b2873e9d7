import { memo } from "react";
import type { Case } from "@tandem/contracts";
import { Link, navigate } from "../../lib/router";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey } from "../../i18n";
import { PriorityBadge, StatusBadge } from "../../ui";
import { Icon, channelIcon } from "../../ui/icons";
import classes from "./InboxPage.module.css";

/** One inbox row; memoised so moving the selection through thousands of rows re-renders two. */
export const CaseRow = memo(function CaseRow({ kase: c, index: i, selected, onSelect }: { kase: Case; index: number; selected: boolean; onSelect: (i: number) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <tr
      data-index={i}
      data-testid="inbox-row"
      data-case-id={c.id}
      data-case-number={c.number}
      data-status={c.status}
      aria-selected={selected}
      onClick={(e) => {
        onSelect(i);
        if (!(e.target as HTMLElement).closest("a")) navigate(`/cases/${c.id}`);
      }}
    >
      <td className={`mono nowrap ${classes.num}`}>
        <Icon name={channelIcon(c.channel)} size={15} title={t(`channel.${c.channel}` as MessageKey)} /> {c.number}
      </td>
      <td className={classes.subject}>
        <Link to={`/cases/${c.id}`} className={classes.subjectLink}>
          {c.subject}
        </Link>
        <div className="muted small">
          {c.customerName} · {t(`kind.${c.kind}` as MessageKey)}
        </div>
      </td>
      <td className={classes.status}>
        <StatusBadge status={c.status} testId="inbox-row-status" />
      </td>
      <td className={classes.priority}>
        <PriorityBadge priority={c.priority} />
      </td>
      <td className={`small ${classes.owner}`}>
        <div>{c.owner.userName ?? <span className="muted">{t("inbox.unassigned")}</span>}</div>
        <div className="muted">{c.owner.organizationName}</div>
      </td>
      <td className={`small nowrap ${classes.updated}`} title={fmt.dateTime(c.updatedAt)}>
        {fmt.relative(c.updatedAt)}
      </td>
    </tr>
  );
});
