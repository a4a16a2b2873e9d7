/**
 * A case's deadlines: SLA milestones and the promises made to the customer, each with a countdown.
 * The shapes follow API.md (`milestones: [{ kind, dueAt, status, metAt? }]`); anything else is ignored.
 */
import { useEffect, useState } from "react";
import type { Case } from "@tandem/contracts";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey } from "../../i18n";
import { Icon } from "../../ui/icons";
import { countdown, deadlineState } from "./deadline-state";
import classes from "./Deadlines.module.css";

interface Milestone {
  kind: string;
  dueAt: string;
  status: string;
  metAt?: string | null;
  description?: string;
}

function asDeadlines(c: Case): Milestone[] {
  const out: Milestone[] = [];
  for (const m of c.milestones) {
    if (m && typeof m === "object" && "dueAt" in m && "kind" in m) out.push({ ...(m as Milestone) });
  }
  for (const x of c.commitments) {
    if (x && typeof x === "object" && "dueAt" in x) {
      const cm = x as { dueAt: string; description?: string; status?: string; metAt?: string | null };
      // A commitment usually has its own milestone too: give that one its words, else list it.
      const twin = out.find((m) => m.kind === "commitment" && m.dueAt === cm.dueAt);
      if (twin) twin.description ??= cm.description;
      else out.push({ kind: "commitment", dueAt: cm.dueAt, status: cm.status ?? "active", metAt: cm.metAt, description: cm.description });
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

const KINDS = ["first_response", "next_update", "resolution", "commitment", "task"];

/** How often the countdowns move: every 15 s (they show minutes), so a deadline passing turns "overdue" within moments. */
const TICK_MS = 15_000;

export function Deadlines({ kase }: { kase: Case }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [now, setNow] = useState(() => Date.now());
  const items = asDeadlines(kase);
  useEffect(() => {
    if (!items.length) return;
    const h = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(h);
  }, [items.length]);
  if (!items.length) {
    return (
      <p className="muted small" data-testid="case-deadlines">
        {t("case.noDeadlines")}
      </p>
    );
  }
  return (
    <ul className={`plain ${classes.list}`} data-testid="case-deadlines">
      {items.map((m, i) => {
        // A clock still running: not met (a late one is breached with its metAt), not paused.
        const open = !m.metAt && m.status !== "met" && m.status !== "paused";
        const state = deadlineState(m);
        return (
          <li key={`${m.kind}-${m.dueAt}-${i}`} className={classes[state.tone]} data-testid="deadline" data-kind={m.kind} data-status={m.status} data-state={state.word}>
            <div className={classes.head}>
              <strong>{KINDS.includes(m.kind) ? t(`deadline.kind.${m.kind}` as MessageKey) : m.kind}</strong>
              <span className={`badge tone-${state.tone}`} data-testid="deadline-state">
                <Icon name={state.icon} size={13} /> {t(`deadline.status.${state.word}` as MessageKey)}
              </span>
            </div>
            {m.description ? <div className="small">{m.description}</div> : null}
            <div className="small muted">
              {/* On the user's own clock (their zone), with the zone named on hover. */}
              <time dateTime={m.dueAt} title={fmt.timeZone}>
                {t("deadline.due", { time: fmt.dateTime(m.dueAt) })}
              </time>
              {open ? (
                <span className={new Date(m.dueAt).getTime() < now ? classes.overdue : ""} data-testid="deadline-countdown">
                  {" · "}
                  {countdown(t, m.dueAt, now)}
                </span>
              ) : null}
              {m.metAt ? <span> · {t("deadline.metAt", { time: fmt.dateTime(m.metAt) })}</span> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
